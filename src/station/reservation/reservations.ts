import { sameGroup, sameIdToken } from '../auth/id-token.js';
import type { IdToken } from '../auth/types.js';
import type { Timer } from '../clock.js';
import type { StationBase, OcppHost } from '../host.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import { ReservationStore, type ReservationEnd } from './reservation-store.js';
import type { Reservation, ReservationsApi } from './types.js';

/** What this block needs of the station. */
export interface ReservationHost extends Pick<StationBase, 'clock' | 'events' | 'hardware' | 'log' | 'model' | 'store'>, Pick<OcppHost, 'actions' | 'afterReply' | 'connected' | 'registration' | 'send'> {
  readonly connectors: Pick<ConnectorStatusBlock, 'facts' | 'refreshAll'>;
}

export type ReserveNowStatus = 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';

interface ReserveNowRequest {
  id: number;
  expiryDateTime: string;
  connectorType?: string;
  idToken: IdToken;
  evseId?: number;
  groupIdToken?: IdToken;
}

interface StatusInfo {
  reasonCode: string;
  additionalInfo?: string;
}

type Answer<S extends string> = { status: S; statusInfo?: StatusInfo };

/** Look at the clock at least this often: the wall time can be set (BootNotification) while a timer waits. */
const MAX_WAIT_MS = 60_000;

const rejected = (reasonCode: string, additionalInfo: string): Answer<'Rejected'> => ({ status: 'Rejected', statusInfo: { reasonCode, additionalInfo } });

/**
 * H01–H04 reservations. A reservation for an EVSE shows it Reserved (the
 * release-notes fix) and admits only its idToken or groupIdToken (H03). A
 * reservation without an EVSE (ReservationCtrlr.NonEvseSpecific) holds no EVSE
 * while enough are free, and the last free ones once there are not: then
 * those show Reserved too (OCTT TC_H_14). Reservations are in the store, so
 * they and their expiry survive a reboot; a reservation that expires (H04) or
 * is removed because its EVSE became Faulted or Inoperative is told to the
 * CSMS with ReservationStatusUpdate, also after a reboot or reconnect.
 */
export class ReservationBlock implements ReservationsApi {
  readonly store: ReservationStore;
  private timer?: Timer;
  private delivering = false;

  constructor(private readonly station: ReservationHost) {
    this.store = new ReservationStore(station.store);
    station.actions.register('ReserveNow', (req: ReserveNowRequest) => this.reserveNow(req));
    station.actions.register('CancelReservation', (req: { reservationId: number }) => this.cancelReservation(req.reservationId));
    station.events.on((e) => {
      // After the StatusNotification that made it so has been queued.
      if (e.event === 'status' && (e.status === 'Faulted' || e.status === 'Unavailable')) queueMicrotask(() => this.review());
      if (e.event === 'registration' && e.status === 'Accepted') void this.deliver();
      if (e.event === 'link' && e.connected) void this.deliver();
    });
  }

  /** Power up: expire what ran out while off, drop what can no longer be served, arm the expiry. */
  begin(): void {
    this.expireDue();
    this.review();
    this.arm();
  }

  list(): readonly Reservation[] {
    return this.store.active();
  }

  holding(evseId: number): Reservation | undefined {
    const all = this.store.active();
    const specific = all.find((r) => r.evseId === evseId);
    if (specific) return specific;
    const anyEvse = all.filter((r) => r.evseId === undefined);
    if (anyEvse.length === 0) return undefined;
    // The EVSE asked about counts as free while only a cable is in: the driver who plugged in may be the holder.
    const free = this.freeEvses(all, evseId);
    const index = free.indexOf(evseId);
    if (index < 0 || free.length > anyEvse.length) return undefined;
    return anyEvse[index];
  }

  admits(evseId: number, idToken: IdToken, groupIdToken?: IdToken): { allowed: boolean; reservation?: Reservation } {
    const mine = (r: Reservation) => sameIdToken(r.idToken, idToken) || sameGroup(r.groupIdToken, groupIdToken);
    const all = this.store.active();
    const specific = all.find((r) => r.evseId === evseId);
    if (specific) return mine(specific) ? { allowed: true, reservation: specific } : { allowed: false };
    const own = all.find((r) => r.evseId === undefined && mine(r));
    if (own) return { allowed: true, reservation: own };
    return { allowed: this.holding(evseId) === undefined };
  }

  consume(reservationId: number, evseId: number): void {
    if (!this.store.get(reservationId)) return;
    this.store.delete(reservationId);
    this.station.log.info('reservation', `reservation ${reservationId} used on EVSE ${evseId}`);
    this.changed();
  }

  /** H01 ReserveNow. */
  private reserveNow(req: ReserveNowRequest): Answer<ReserveNowStatus> {
    if (!this.station.model.getBoolean('ReservationCtrlr.Enabled')) return rejected('NotEnabled', 'ReservationCtrlr.Enabled is false');
    const expiresAt = Date.parse(req.expiryDateTime);
    if (Number.isNaN(expiresAt)) return rejected('InvalidValue', `expiryDateTime ${req.expiryDateTime} is not a date`);
    if (expiresAt <= this.station.clock.now()) return rejected('InvalidValue', 'expiryDateTime is in the past');
    // evseId 0 is no EVSE in 2.0.1; taken as "any EVSE", as connectorId 0 was in 1.6.
    const evseId = req.evseId === 0 ? undefined : req.evseId;
    const evses = this.evseIds();
    if (evseId !== undefined && !evses.includes(evseId)) return rejected('UnknownEvse', `no EVSE ${evseId}`);
    const candidates = (evseId === undefined ? evses : [evseId]).filter((id) => !req.connectorType || this.connectorType(id) === req.connectorType);
    if (candidates.length === 0) return rejected('UnknownConnectorType', `no ${req.connectorType} connector${evseId ? ` on EVSE ${evseId}` : ''}`);
    if (evseId === undefined && !this.station.model.getBoolean('ReservationCtrlr.NonEvseSpecific')) {
      return rejected('NoEvse', 'ReservationCtrlr.NonEvseSpecific is false: give an evseId');
    }

    const others = this.store.active().filter((r) => r.id !== req.id);
    const status = evseId === undefined ? this.anyEvseStatus(others, candidates) : this.evseStatus(others, evseId);
    if (status !== 'Accepted') return { status };

    const reservation: Reservation = { id: req.id, idToken: req.idToken, expiresAt };
    if (evseId !== undefined) reservation.evseId = evseId;
    if (req.connectorType) reservation.connectorType = req.connectorType;
    if (req.groupIdToken) reservation.groupIdToken = req.groupIdToken;
    const replaced = this.store.get(req.id) !== undefined;
    this.store.put(reservation);
    this.station.log.info('reservation', `reservation ${req.id} ${replaced ? 'replaced' : 'accepted'}: ${evseId ? `EVSE ${evseId}` : 'any EVSE'} until ${req.expiryDateTime}`);
    this.station.afterReply(() => this.changed());
    return { status: 'Accepted' };
  }

  /** H02 CancelReservation. */
  private cancelReservation(reservationId: number): Answer<'Accepted' | 'Rejected'> {
    if (!this.store.get(reservationId)) return rejected('UnknownReservation', `no reservation ${reservationId}`);
    this.store.delete(reservationId);
    this.station.log.info('reservation', `reservation ${reservationId} cancelled`);
    this.station.afterReply(() => this.changed());
    return { status: 'Accepted' };
  }

  /** Can this EVSE be reserved, next to the other reservations? */
  private evseStatus(others: readonly Reservation[], evseId: number): ReserveNowStatus {
    const f = this.station.connectors.facts(evseId);
    if (f.faulted) return 'Faulted';
    if (!f.operative) return 'Unavailable';
    if (f.transaction || f.cablePlugged) return 'Occupied';
    if (others.some((r) => r.evseId === evseId)) return 'Occupied';
    // Reservations for any EVSE must still find a free one.
    const anyEvse = others.filter((r) => r.evseId === undefined).length;
    const freeAfter = this.freeEvses(others).filter((id) => id !== evseId).length;
    return freeAfter < anyEvse ? 'Occupied' : 'Accepted';
  }

  /** Is there one free EVSE more than the reservations for any EVSE hold already? */
  private anyEvseStatus(others: readonly Reservation[], candidates: number[]): ReserveNowStatus {
    const anyEvse = others.filter((r) => r.evseId === undefined).length;
    const free = this.freeEvses(others).filter((id) => candidates.includes(id));
    if (free.length > anyEvse) return 'Accepted';
    const facts = candidates.map((id) => this.station.connectors.facts(id));
    if (facts.every((f) => f.faulted)) return 'Faulted';
    if (facts.every((f) => f.faulted || !f.operative)) return 'Unavailable';
    return 'Occupied';
  }

  /** EVSEs a reservation for any EVSE could use: usable, idle, not reserved for one EVSE. */
  private freeEvses(reservations: readonly Reservation[], lenientEvse?: number): number[] {
    const reserved = new Set(reservations.map((r) => r.evseId).filter((id) => id !== undefined));
    return this.evseIds().filter((id) => {
      if (reserved.has(id)) return false;
      const f = this.station.connectors.facts(id);
      return !f.faulted && f.operative && !f.transaction && (!f.cablePlugged || id === lenientEvse);
    });
  }

  /** H04: a reservation whose EVSE became Faulted or Inoperative is removed. */
  private review(): void {
    if (!this.station.store.isOpen) return;
    const all = this.store.active();
    const removed = all.filter((r) => {
      if (r.evseId === undefined) return false;
      const f = this.station.connectors.facts(r.evseId);
      return f.faulted || !f.operative;
    });
    const kept = all.filter((r) => !removed.includes(r));
    const usable = this.evseIds().filter((id) => {
      if (kept.some((r) => r.evseId === id)) return false;
      const f = this.station.connectors.facts(id);
      return !f.faulted && f.operative;
    }).length;
    // Reservations for any EVSE beyond what can still serve them: the newest go.
    removed.push(...kept.filter((r) => r.evseId === undefined).slice(usable));
    if (removed.length === 0) return;
    for (const r of removed) this.end(r, 'Removed');
    this.changed();
  }

  /** H04: reservations whose expiryDateTime has passed end as Expired. */
  private expireDue(): void {
    const now = this.station.clock.now();
    const due = this.store.active().filter((r) => r.expiresAt <= now);
    for (const r of due) this.end(r, 'Expired');
    if (due.length > 0) this.changed();
  }

  private end(r: Reservation, how: ReservationEnd): void {
    this.store.end(r.id, how);
    this.station.log.info('reservation', `reservation ${r.id} ${how.toLowerCase()}${r.evseId ? ` (EVSE ${r.evseId})` : ''}`);
  }

  /** The reservations changed: connector statuses follow, the CSMS hears of ended ones, the expiry is re-armed. */
  private changed(): void {
    this.station.connectors.refreshAll();
    void this.deliver();
    this.arm();
  }

  private arm(): void {
    const clock = this.station.clock;
    clock.clearTimeout(this.timer);
    this.timer = undefined;
    const next = Math.min(...this.store.active().map((r) => r.expiresAt));
    if (!Number.isFinite(next)) return;
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.station.store.isOpen) return;
      this.expireDue();
      this.arm();
    }, Math.max(0, Math.min(next - clock.now(), MAX_WAIT_MS)));
  }

  /** ReservationStatusUpdate for every ended reservation, oldest first, while the CSMS can be reached. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.station.registration === 'Accepted' && this.station.connected && this.station.store.isOpen) {
        const next = this.store.nextUntold();
        if (!next) break;
        await this.station.send('ReservationStatusUpdate', { reservationId: next.id, reservationUpdateStatus: next.ended });
        if (this.station.store.isOpen) this.store.told(next.id);
      }
    } catch (err) {
      this.station.log.warn('reservation', `ReservationStatusUpdate not delivered: ${(err as Error).message}`);
    } finally {
      this.delivering = false;
    }
  }

  private evseIds(): number[] {
    return this.station.hardware.evses.map((e) => e.id);
  }

  private connectorType(evseId: number): string {
    return this.station.model.getString(`Connector/${evseId}/1.ConnectorType`);
  }
}
