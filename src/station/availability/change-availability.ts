import type { StationBase, OcppHost } from '../host.js';
import { type AvailabilityRow, AvailabilityStore } from './availability-store.js';
import type { ConnectorStatusBlock } from './connectors.js';
import type { TransactionsBlock } from '../transactions/block.js';
import { hasTransaction } from './ongoing.js';

/** What this block needs of the station. */
export interface AvailabilityHost extends Pick<StationBase, 'hardware' | 'log' | 'model' | 'store'>, Pick<OcppHost, 'actions' | 'afterReply'> {
  readonly connectors: Pick<ConnectorStatusBlock, 'refresh'>;
  readonly transactions: Pick<TransactionsBlock, 'ended' | 'refresh' | 'active' | 'ongoing'>;
}

export type OperationalStatus = 'Operative' | 'Inoperative';
export type ChangeAvailabilityStatus = 'Accepted' | 'Rejected' | 'Scheduled';

interface ChangeAvailabilityRequest {
  operationalStatus: OperationalStatus;
  evse?: { id: number; connectorId?: number };
}

interface StatusInfo {
  reasonCode: string;
  additionalInfo?: string;
}


export interface AvailabilityView {
  /** 0 = the charging station. */
  evseId: number;
  operational: OperationalStatus;
  /** A change waiting for the transaction to end. */
  scheduled?: OperationalStatus;
}

const word = (operative: number): OperationalStatus => (operative ? 'Operative' : 'Inoperative');

/**
 * G03 / G04 ChangeAvailability for an EVSE (connector) or the whole station.
 * The station level and every EVSE level are kept apart (evse 0 = station) in
 * the store, so they survive a reboot, and an EVSE set Inoperative on its own
 * stays Inoperative when the station becomes Operative again.
 *
 * Release-notes fix: during a transaction on the affected EVSE (for the
 * station: on any EVSE) the answer is Scheduled, not Accepted; the change is
 * kept in the store and applied when the transaction ends. For the station,
 * EVSEs without a transaction become Unavailable at once (OCTT TC_G_14).
 */
export class AvailabilityBlock {
  private subscribed = false;
  /** L01: a firmware install waits for the transactions to end (volatile: a reboot ends it). */
  private heldForFirmware = false;
  readonly rows: AvailabilityStore;

  constructor(private readonly station: AvailabilityHost) {
    this.rows = new AvailabilityStore(station.store);
    station.actions.register('ChangeAvailability', (req: ChangeAvailabilityRequest) => this.onRequest(req));
  }

  /** Power up: follow transactions ending, apply what was scheduled for transactions that are gone. */
  begin(): void {
    if (!this.subscribed) {
      // `ended` fires once the transaction is no longer listed as active.
      this.station.transactions.ended.on(() => this.applyScheduled());
      this.subscribed = true;
    }
    this.applyScheduled();
    this.publishStationState();
  }

  /**
   * May this EVSE (0: the station) be used? Both the station and the EVSE
   * must be Operative. A scheduled Inoperative already counts where no
   * transaction runs.
   */
  isOperative(evseId: number): boolean {
    return this.levelOperative(0, evseId) && (evseId === 0 || this.levelOperative(evseId, evseId));
  }

  /**
   * L01: while a firmware install waits for the transactions to end, EVSEs
   * become Unavailable as their transaction ends (unless
   * AllowNewSessionsPendingFirmwareUpdate); nothing is stored.
   */
  holdForFirmware(on: boolean): void {
    if (this.heldForFirmware === on) return;
    this.heldForFirmware = on;
    this.changed(0);
  }

  /** Stored availability of the station (evseId 0) and each EVSE. */
  view(): AvailabilityView[] {
    const ids = [0, ...this.station.hardware.evses.map((e) => e.id)];
    return ids.map((evseId) => {
      const row = this.row(evseId);
      const v: AvailabilityView = { evseId, operational: word(row.operational) };
      if (row.scheduled !== null) v.scheduled = word(row.scheduled);
      return v;
    });
  }

  /** What ChangeAvailability does, from the console: evseId 0 = the station. */
  change(evseId: number, operative: boolean): ChangeAvailabilityStatus {
    const status = this.decide(evseId, operative);
    this.changed(evseId);
    return status;
  }

  private onRequest(req: ChangeAvailabilityRequest): { status: ChangeAvailabilityStatus; statusInfo?: StatusInfo } {
    const evseId = req.evse?.id ?? 0;
    // evse.id 0 is not a valid EVSE in 2.0.1; taken as the station, as connectorId 0 was in 1.6.
    if (evseId !== 0 && !this.station.hardware.evses.some((e) => e.id === evseId)) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse', additionalInfo: `no EVSE ${evseId}` } };
    }
    const connectorId = req.evse?.connectorId;
    if (connectorId !== undefined && (evseId === 0 || connectorId !== 1)) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownConnector', additionalInfo: `no connector ${connectorId} on EVSE ${evseId}` } };
    }
    // Each NG9xx EVSE has one connector: its availability is the EVSE's.
    const status = this.decide(evseId, req.operationalStatus === 'Operative');
    this.station.afterReply(() => this.changed(evseId));
    return status === 'Scheduled'
      ? { status, statusInfo: { reasonCode: 'TxInProgress', additionalInfo: 'applied when the transaction ends' } }
      : { status };
  }

  /** Store the requested state; the answer ChangeAvailability gives. */
  private decide(evseId: number, operative: boolean): ChangeAvailabilityStatus {
    const row = this.row(evseId);
    if (operative) {
      this.write(evseId, 1, null);
      return 'Accepted';
    }
    if (row.operational === 0) return 'Accepted';
    if (hasTransaction(this.station, evseId)) {
      this.write(evseId, 1, 0);
      return 'Scheduled';
    }
    this.write(evseId, 0, null);
    return 'Accepted';
  }

  /** A transaction ended (or the station started): apply what waited for it. */
  private applyScheduled(): void {
    const due = this.rows
      .scheduled()
      .filter((row) => !hasTransaction(this.station, row.evse));
    for (const row of due) {
      this.write(row.evse, row.scheduled!, null);
      this.station.log.info('availability', `${row.evse === 0 ? 'station' : `EVSE ${row.evse}`} ${word(row.scheduled!)} (scheduled change applied)`);
    }
    for (const row of due) this.changed(row.evse);
  }

  /** Re-derive the connectors concerned; StatusNotification goes out for those that changed. */
  private changed(evseId: number): void {
    this.publishStationState();
    const evses = evseId === 0 ? this.station.hardware.evses.map((e) => e.id) : [evseId];
    for (const id of evses) this.station.connectors.refresh(id);
    // What an EVSE may do changed: the transaction block re-derives its conditions.
    for (const id of evses) void this.station.transactions.refresh(id).catch((err: Error) => this.station.log.warn('availability', `EVSE ${id}: transaction refresh failed: ${err.message}`));
  }

  private publishStationState(): void {
    this.station.model.setInternal('ChargingStation.AvailabilityState', this.isOperative(0) ? 'Available' : 'Unavailable');
  }

  private levelOperative(level: number, evseId: number): boolean {
    if (level === 0 && this.heldForFirmware && !hasTransaction(this.station, evseId)) return false;
    const row = this.row(level);
    if (row.operational === 0) return false;
    return !(row.scheduled === 0 && !hasTransaction(this.station, evseId));
  }

  private row(evseId: number): AvailabilityRow {
    return this.rows.get(evseId);
  }

  private write(evseId: number, operational: number, scheduled: number | null): void {
    this.rows.set(evseId, operational, scheduled);
  }
}
