import type { StationBase, OcppHost } from '../host.js';
import type { AvailabilityBlock } from './change-availability.js';
import type { ReservationBlock } from '../reservation/reservations.js';
import type { TransactionsBlock } from '../transactions/block.js';
import { CableLocks } from './cable-lock.js';
import { hasTransaction } from './ongoing.js';
import { type ConnectorFacts, type ConnectorStatus, deriveStatus } from './status.js';

/** What this block needs of the station. */
export interface ConnectorsHost extends Pick<StationBase, 'clock' | 'events' | 'hardware' | 'log' | 'model' | 'store'>, Pick<OcppHost, 'connected' | 'registration' | 'send'> {
  readonly availability: Pick<AvailabilityBlock, 'isOperative'>;
  readonly reservations: Pick<ReservationBlock, 'holding' | 'list'>;
  readonly transactions: Pick<TransactionsBlock, 'started' | 'ended' | 'active' | 'ongoing'>;
}

export type { ConnectorStatus } from './status.js';

export interface ConnectorState {
  evseId: number;
  connectorId: number;
  status: ConnectorStatus;
  operational: boolean;
}

/** The facts of a connector that do not depend on reservations. */
export type HardwareFacts = Omit<ConnectorFacts, 'reserved'>;

/**
 * G01: the status of every connector (one per EVSE on NG9xx), derived from
 * the hardware, the cable lock (G05), the availability (G03/G04), the
 * transactions and the reservations (H01), and told to the CSMS whenever it
 * changes. Changes made while offline are told after reconnect (B04).
 */
export class ConnectorStatusBlock {
  /** Last status the CSMS acknowledged, per EVSE. */
  private readonly told = new Map<number, ConnectorStatus>();
  private readonly current = new Map<number, ConnectorStatus>();
  private readonly locks: CableLocks;
  private subscribed = false;

  constructor(private readonly station: ConnectorsHost) {
    this.locks = new CableLocks(station, (evseId) => this.refresh(evseId));
    for (const evse of station.hardware.evses) {
      evse.cable.changed.on((plugged) => {
        // G05: with the cable out the lock fault is over.
        if (!plugged) this.locks.clear(evse.id);
        this.refresh(evse.id);
      });
    }
  }

  /** Power up: forget what the CSMS was told and any fault, take the current state. */
  begin(): void {
    this.subscribe();
    this.told.clear();
    this.locks.forget();
    for (const evse of this.station.hardware.evses) {
      const status = this.derive(evse.id);
      this.current.set(evse.id, status);
      this.publish(evse.id, status);
    }
  }

  /** The CSMS has every connector's status as it is now. */
  get settled(): boolean {
    return this.station.hardware.evses.every((evse) => this.told.get(evse.id) === this.current.get(evse.id));
  }

  /** A station woken from hibernation: as begin(), and what the CSMS was told is what it is now (it was settled then). */
  resume(): void {
    this.begin();
    for (const [evseId, status] of this.current) this.told.set(evseId, status);
  }

  /** Operative by ChangeAvailability: the station and the EVSE (evseId 0: the station). */
  isOperational(evseId: number): boolean {
    return this.station.availability.isOperative(evseId);
  }

  /** A hardware fault (G05 lock failure) holds the EVSE. */
  isFaulted(evseId: number): boolean {
    return this.locks.faulted(evseId);
  }

  /**
   * G05: engage the cable lock before energy flows. False when it did not
   * engage: do not charge; the connector is Faulted and the CSMS got a
   * NotifyEvent.
   */
  lockCable(evseId: number): Promise<boolean> {
    return this.locks.lock(evseId);
  }

  /** Release the cable lock (end of a transaction, F05 UnlockConnector). False when it did not release. */
  unlockCable(evseId: number): Promise<boolean> {
    return this.locks.unlock(evseId);
  }

  status(evseId: number): ConnectorStatus {
    return this.current.get(evseId) ?? this.derive(evseId);
  }

  /** Everything but reservations; reservations decide from these which EVSEs are free. */
  facts(evseId: number): HardwareFacts {
    const evse = this.station.hardware.evses[evseId - 1];
    return {
      faulted: this.locks.faulted(evseId),
      operative: this.isOperational(evseId),
      transaction: hasTransaction(this.station, evseId),
      cablePlugged: evse?.cable.plugged ?? false,
    };
  }

  snapshot(): ConnectorState[] {
    return this.station.hardware.evses.map((evse) => ({
      evseId: evse.id,
      connectorId: 1,
      status: this.status(evse.id),
      operational: this.isOperational(evse.id),
    }));
  }

  /** After BootNotification Accepted: every connector (B01). */
  async sendAll(): Promise<void> {
    for (const evse of this.station.hardware.evses) await this.tell(evse.id);
  }

  /** F06: TriggerMessage(StatusNotification) — sent even when unchanged. */
  async sendOne(evseId: number): Promise<void> {
    await this.tell(evseId);
  }

  /** Link back up after being accepted: tell what changed while offline. */
  reconnected(): void {
    void (async () => {
      for (const evse of this.station.hardware.evses) {
        if (this.told.get(evse.id) !== this.status(evse.id)) await this.tell(evse.id);
      }
    })();
  }

  /**
   * Re-derive one connector's status and tell the CSMS when it changed. With
   * a reservation for any EVSE, a change on one EVSE can hold or free
   * another: then the others are re-derived too.
   */
  refresh(evseId: number): void {
    this.update(evseId);
    if (this.station.reservations.list().some((r) => r.evseId === undefined)) {
      for (const evse of this.station.hardware.evses) if (evse.id !== evseId) this.update(evse.id);
    }
  }

  /** Re-derive every connector (a reservation can change which EVSE is held). */
  refreshAll(): void {
    for (const evse of this.station.hardware.evses) this.update(evse.id);
  }

  private update(evseId: number): void {
    const status = this.derive(evseId);
    if (this.current.get(evseId) === status) return;
    this.current.set(evseId, status);
    this.publish(evseId, status);
    this.station.events.emit({ event: 'status', evseId, connectorId: 1, status });
    if (this.station.registration === 'Accepted' && this.station.connected) void this.tell(evseId);
  }

  private derive(evseId: number): ConnectorStatus {
    return deriveStatus({ ...this.facts(evseId), reserved: this.station.reservations.holding(evseId) !== undefined });
  }

  /** AvailabilityState of the Connector and EVSE components follows the status. */
  private publish(evseId: number, status: ConnectorStatus): void {
    this.station.model.setInternal(`Connector/${evseId}/1.AvailabilityState`, status);
    this.station.model.setInternal(`EVSE/${evseId}.AvailabilityState`, status);
  }

  /** A transaction starting or ending changes Occupied / Unavailable. */
  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.station.transactions.started.on((t) => this.refresh(t.evseId));
    this.station.transactions.ended.on((t) => this.refresh(t.evseId));
  }

  private async tell(evseId: number): Promise<void> {
    const status = this.status(evseId);
    try {
      await this.station.send('StatusNotification', {
        timestamp: new Date(this.station.clock.now()).toISOString(),
        connectorStatus: status,
        evseId,
        connectorId: 1,
      });
      this.told.set(evseId, status);
    } catch (err) {
      this.station.log.warn('status', `StatusNotification EVSE ${evseId} ${status} not delivered: ${(err as Error).message}`);
    }
  }
}
