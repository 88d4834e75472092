/**
 * Connector status in OCPP 1.6. The 2.0.1 connector status (Available,
 * Occupied, Reserved, Unavailable, Faulted) says less than 1.6 does: 1.6
 * splits Occupied into Preparing, Charging, SuspendedEV, SuspendedEVSE and
 * Finishing after the transaction's chargingState. The connector block keeps
 * telling its 2.0.1 status; here each of those StatusNotifications becomes
 * the 1.6 status of the connector at that moment, and a 1.6 status that
 * changes while the 2.0.1 one does not (Preparing → Charging → SuspendedEV,
 * Finishing once the transaction ended with the cable still in) is told as
 * well. Connector 0, the charge point itself, is told at boot and when the
 * station's availability changes, as 1.6 asks.
 */
import type { ConnectorStatus } from '../../availability/status.js';
import type { StationEvent } from '../../events.js';
import type { V16Host } from './host.js';
import type { ChargingState } from '../../transactions/types.js';

export type V16Status = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'SuspendedEVSE' | 'Finishing' | 'Reserved' | 'Unavailable' | 'Faulted';
export type V16ErrorCode = 'NoError' | 'ConnectorLockFailure';

export interface V16StatusFacts {
  /** The 2.0.1 connector status. */
  status: ConnectorStatus;
  /** The transaction running on the connector. */
  transaction?: { chargingState: ChargingState; evSideDisconnected: boolean };
  /** A transaction ended here and the cable is still in. */
  finishing: boolean;
}

/** The 1.6 status of a connector (connectorId ≥ 1). */
export function deriveV16Status(f: V16StatusFacts): V16Status {
  if (f.status !== 'Occupied') return f.status;
  const tx = f.transaction;
  if (tx) {
    switch (tx.chargingState) {
      case 'Charging':
      case 'SuspendedEV':
      case 'SuspendedEVSE':
        return tx.chargingState;
      case 'Idle':
        // E10: the cable left the EV, the transaction waits for it.
        return tx.evSideDisconnected ? 'SuspendedEV' : 'Preparing';
      default:
        return 'Preparing';
    }
  }
  return f.finishing ? 'Finishing' : 'Preparing';
}

export interface V16StatusNotification {
  connectorId: number;
  errorCode: V16ErrorCode;
  status: V16Status;
  timestamp?: string;
}

/** The 2.0.1 StatusNotification the connector block sends (evseId 0: the charge point, 1.6 only). */
interface StatusNotification201 {
  timestamp: string;
  connectorStatus: ConnectorStatus;
  evseId: number;
  connectorId: number;
}

export class V16ConnectorStatus {
  /** What the CSMS was told (or is being told), per 1.6 connectorId. */
  private readonly told = new Map<number, V16Status>();
  private readonly finishing = new Set<number>();
  /** TriggerMessage(StatusNotification): the next one for these connectors goes out even when unchanged. */
  private readonly forced = new Set<number>();
  private readonly due = new Set<number>();
  private checkQueued = false;

  constructor(
    private readonly station: V16Host,
    /** True while the link speaks 1.6. */
    private readonly active: () => boolean,
  ) {
    station.events.on((e) => this.onEvent(e));
  }

  /**
   * The 1.6 StatusNotification for a 2.0.1 one, or undefined when the CSMS
   * already has that status (the connector block and this reporter can both
   * notice one change). Counts as told until failed() says otherwise.
   */
  prepare(p: StatusNotification201): V16StatusNotification | undefined {
    const connectorId = p.evseId;
    const status = connectorId === 0 ? this.stationStatus() : this.statusOf(connectorId, p.connectorStatus);
    const forced = this.forced.delete(connectorId);
    if (!forced && this.told.get(connectorId) === status) return undefined;
    this.told.set(connectorId, status);
    const errorCode: V16ErrorCode = connectorId > 0 && this.station.connectors.isFaulted(connectorId) ? 'ConnectorLockFailure' : 'NoError';
    return { connectorId, errorCode, status, timestamp: p.timestamp };
  }

  /** The StatusNotification did not reach the CSMS: tell it again when there is a chance. */
  failed(n: V16StatusNotification): void {
    if (this.told.get(n.connectorId) === n.status) this.told.delete(n.connectorId);
  }

  /** The next StatusNotification of these connectors is sent even when unchanged (F06). */
  force(connectorIds: number[]): void {
    for (const id of connectorIds) this.forced.add(id);
  }

  /** Send the status of one connector now, changed or not (TriggerMessage for connector 0). */
  sendNow(connectorId: number): void {
    this.forced.add(connectorId);
    this.send(connectorId);
  }

  /** The CSMS has been told every connector's status as it is now. */
  settled(): boolean {
    return this.due.size === 0 && this.forced.size === 0 && this.allIds().every((id) => this.told.get(id) === this.current(id));
  }

  /** A station woken from hibernation: what the CSMS was told is what it is now (it was settled then). */
  assumeTold(): void {
    for (const id of this.allIds()) this.told.set(id, this.current(id));
  }

  /** The 1.6 status of a connector now. */
  current(connectorId: number): V16Status {
    return connectorId === 0 ? this.stationStatus() : this.statusOf(connectorId, this.station.connectors.status(connectorId));
  }

  private statusOf(evseId: number, status: ConnectorStatus): V16Status {
    const plugged = this.station.hardware.evses[evseId - 1]?.cable.plugged ?? false;
    if (!plugged) this.finishing.delete(evseId);
    const tx = this.station.transactions?.active(evseId);
    const facts: V16StatusFacts = { status, finishing: this.finishing.has(evseId) };
    if (tx) {
      const evSideDisconnected = this.station.transactions.engine.session(evseId)?.tx?.evSideDisconnected ?? false;
      facts.transaction = { chargingState: tx.chargingState, evSideDisconnected };
    }
    return deriveV16Status(facts);
  }

  /** Connector 0: the charge point is Unavailable when ChangeAvailability made the station Inoperative. */
  private stationStatus(): V16Status {
    return this.station.availability.isOperative(0) ? 'Available' : 'Unavailable';
  }

  private onEvent(e: StationEvent): void {
    switch (e.event) {
      case 'registration':
        // A new boot: the CSMS is told every connector again (B01 / 1.6 boot).
        if (e.status === 'Accepted' || e.status === 'Unregistered') this.told.clear();
        if (e.status === 'Accepted' && this.active()) {
          this.send(0);
          this.schedule(this.allIds());
        }
        return;
      case 'transaction': {
        if (e.eventType === 'Ended') {
          if (this.station.hardware.evses[e.evseId - 1]?.cable.plugged) this.finishing.add(e.evseId);
        } else {
          this.finishing.delete(e.evseId);
        }
        this.schedule([e.evseId]);
        return;
      }
      case 'status':
        this.schedule([0, e.evseId]);
        return;
      case 'link':
        if (e.connected) this.schedule(this.allIds());
        return;
      default:
        return;
    }
  }

  private allIds(): number[] {
    return [0, ...this.station.hardware.evses.map((e) => e.id)];
  }

  /** Look after the current work: the event's cause has finished what it does synchronously (and queued its own message). */
  private schedule(ids: number[]): void {
    for (const id of ids) this.due.add(id);
    if (this.checkQueued) return;
    this.checkQueued = true;
    queueMicrotask(() => {
      this.checkQueued = false;
      const ids = [...this.due].sort((a, b) => a - b);
      this.due.clear();
      for (const id of ids) this.check(id);
    });
  }

  private check(connectorId: number): void {
    if (!this.ready()) return;
    if (this.told.get(connectorId) === this.current(connectorId)) return;
    this.send(connectorId);
  }

  private ready(): boolean {
    const s = this.station;
    return this.active() && s.registration === 'Accepted' && s.connected && s.store.isOpen;
  }

  private send(connectorId: number): void {
    if (!this.ready()) return;
    const s = this.station;
    const connectorStatus: ConnectorStatus = connectorId === 0 ? (this.stationStatus() === 'Available' ? 'Available' : 'Unavailable') : s.connectors.status(connectorId);
    const payload: StatusNotification201 = { timestamp: new Date(s.clock.now()).toISOString(), connectorStatus, evseId: connectorId, connectorId: connectorId === 0 ? 0 : 1 };
    s.send('StatusNotification', payload).catch((err: Error) => s.log.warn('status', `StatusNotification connector ${connectorId} not delivered: ${err.message}`));
  }
}
