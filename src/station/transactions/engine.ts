/**
 * The per-EVSE transaction state machine (E01–E03, E05–E07, E09, E10, J02).
 *
 * Every change (cable, EV, card, remote start, deauthorization, timer) is an
 * evaluation of the EVSE's conditions with a cause, the triggerReason of the
 * event it produces:
 *  1. the conditions as they are now, with PowerPathClosed meaning "the
 *     contactor is about to close" (EV connected, authorized, EVSE operative,
 *     cable lock engaged);
 *  2. a start point that rose starts a transaction, a stop point that fell
 *     ends it, news for a running transaction (plug-in, idToken) is an
 *     Updated with the cause;
 *  3. the contactor follows PowerPathClosed;
 *  4. EnergyTransfer is measured, and a chargingState different from the one
 *     last reported is an Updated (ChargingStateChanged).
 * Because the Started event is written in step 2, a transaction that starts
 * on PowerPathClosed says EVConnected and only the Updated after the energy
 * flows says Charging (release notes 6.0.0 fix).
 *
 * All evaluations run one at a time through `serial`; only entry points call
 * serial, the work inside never does (it would wait for itself).
 */
import type { IdToken } from '../auth/types.js';
import { Listeners } from '../listeners.js';
import type { TransactionsHost } from './types.js';
import { fell, NO_CONDITIONS, rose, startPoints, stopPoints, stoppedReasonFor } from './conditions.js';
import { checkEnergyBudget } from './deauthorization.js';
import { ENDED_METER, type EventSpec, type EventWriter } from './event-writer.js';
import { type Authorization, EvseSession, type RunningTransaction } from './session.js';
import { armConnectTimeout, armPeriodic, clearTxTimers } from './timers.js';
import type { ChargingState, StoppedReason, TransactionSummary, TriggerReason, TxCondition, TxConditions } from './types.js';

/** Conditions that fall because the cable left the EV: StopTxOnEVSideDisconnect decides, not the stop points (E09/E10). */
const UNPLUG_CONSEQUENCES: ReadonlySet<TxCondition> = new Set(['EVConnected', 'PowerPathClosed', 'EnergyTransfer']);

/** Causes that name the chargingState change they bring when no other event reported them. */
const STATE_CAUSES: ReadonlySet<TriggerReason> = new Set([
  'Deauthorized',
  'EVCommunicationLost',
  'ChargingRateChanged',
  'EVDetected',
  'EVDeparted',
  'EVConnectTimeout',
]);

/** Causes that are told to the CSMS even when nothing else changed. */
const ALWAYS_REPORTED: ReadonlySet<TriggerReason> = new Set(['ChargingRateChanged']);

export interface ReservationsLike {
  admits(evseId: number, idToken: IdToken, groupIdToken?: IdToken): { allowed: boolean; reservation?: { id: number } };
  consume(reservationId: number, evseId: number): void;
}

export class TransactionEngine {
  readonly started = new Listeners<TransactionSummary>();
  readonly ended = new Listeners<TransactionSummary>();
  sessions: EvseSession[];
  private chain: Promise<void> = Promise.resolve();
  /** Bumped on every halt: work queued before it is dropped. */
  private epoch = 0;
  halted = true;

  constructor(
    readonly station: TransactionsHost,
    private readonly writer: EventWriter,
  ) {
    this.sessions = station.hardware.evses.map((e) => new EvseSession(e.id));
    for (const hw of station.hardware.evses) {
      hw.cable.changed.on((plugged) => void this.serial(() => this.cableChanged(this.session(hw.id)!, plugged)));
      hw.cable.evReadyChanged.on(() => void this.serial(() => this.evaluate(this.session(hw.id)!, 'ChargingStateChanged')));
      hw.parking.occupiedChanged.on((occupied) =>
        void this.serial(() => this.evaluate(this.session(hw.id)!, occupied ? 'EVDetected' : 'EVDeparted')),
      );
    }
  }

  session(evseId: number): EvseSession | undefined {
    return this.sessions[evseId - 1];
  }

  /** Run work after every earlier piece of work; dropped when the block halts before its turn. */
  serial(work: () => Promise<void> | void): Promise<void> {
    const epoch = this.epoch;
    const run = this.chain.then(async () => {
      if (this.halted || epoch !== this.epoch) return;
      await work();
    });
    this.chain = run.catch((err) => this.station.log.error('transactions', `internal error: ${(err as Error).stack ?? err}`));
    return this.chain;
  }

  /** Power up: fresh sessions, then take the EVSEs as the hardware finds them. */
  resume(): void {
    this.halted = false;
    this.sessions = this.station.hardware.evses.map((e) => new EvseSession(e.id));
    void this.serial(async () => {
      for (const s of this.sessions) {
        const hw = this.hw(s.evseId);
        if (hw.contactor.closed) await this.contactor(s, false);
        s.pending.evse = hw.cable.plugged;
        await this.evaluate(s, hw.cable.plugged ? 'CablePluggedIn' : 'EVDetected');
      }
    });
  }

  /** Stop all work and timers; nothing more is written until resume(). */
  halt(): void {
    this.halted = true;
    this.epoch++;
    for (const s of this.sessions) {
      this.station.clock.clearTimeout(s.connectTimer);
      s.connectTimer = undefined;
      if (s.tx) clearTxTimers(this.station.clock, s.tx);
    }
  }

  /* ------------------------------ queries ------------------------------ */

  summary(s: EvseSession, tx: RunningTransaction, end?: { at: number; stoppedReason: StoppedReason }): TransactionSummary {
    const out: TransactionSummary = {
      transactionId: tx.id,
      evseId: s.evseId,
      connectorId: 1,
      startedAt: tx.startedAt,
      chargingState: tx.reportedState,
      nextSeqNo: tx.nextSeqNo,
      energyWh: this.writer.energyOf(s, tx),
    };
    if (end) {
      out.endedAt = end.at;
      out.stoppedReason = end.stoppedReason;
    }
    if (tx.idToken) out.idToken = tx.idToken;
    if (tx.groupIdToken) out.groupIdToken = tx.groupIdToken;
    if (tx.remoteStartId !== undefined) out.remoteStartId = tx.remoteStartId;
    if (tx.reservationId !== undefined) out.reservationId = tx.reservationId;
    return out;
  }

  /** The chargingState of the EVSE as the hardware shows it now. */
  chargingState(s: EvseSession): ChargingState {
    const hw = this.hw(s.evseId);
    if (!hw.cable.plugged) return 'Idle';
    if (hw.contactor.closed) {
      if (hw.meter.read().powerW > 0) return 'Charging';
      return hw.current.offeredA <= 0 ? 'SuspendedEVSE' : 'SuspendedEV';
    }
    if (s.tx && s.authorization && (s.tx.deauthorization?.kind === 'suspended' || !this.mayDeliver(s.evseId))) return 'SuspendedEVSE';
    return 'EVConnected';
  }

  /* --------------------------- state changes --------------------------- */

  /** Give the EVSE an authorization (card, remote start) and act on it. */
  async authorize(s: EvseSession, a: Authorization): Promise<void> {
    s.authorization = a;
    s.pending.idToken = true;
    s.pending.remoteStartId = a.remoteStartId;
    s.pending.reservationId = a.reservationId;
    if (!this.hw(s.evseId).cable.plugged) armConnectTimeout(this, s);
    await this.evaluate(s, a.trigger);
  }

  /** End the transaction on the EVSE: contactor open first, then the Ended event; the authorization ends with it. */
  async end(s: EvseSession, triggerReason: TriggerReason, stoppedReason: StoppedReason, presentedIdToken?: IdToken): Promise<void> {
    const tx = s.tx;
    if (!tx) return;
    clearTxTimers(this.station.clock, tx);
    const hw = this.hw(s.evseId);
    if (hw.contactor.closed) await this.contactor(s, false);
    this.trackCharging(s);
    const chargingState: ChargingState = hw.cable.plugged ? 'EVConnected' : 'Idle';
    this.write(s, { eventType: 'Ended', triggerReason, chargingState, stoppedReason, meter: ENDED_METER, presentedIdToken });
    const summary = this.summary(s, tx, { at: this.station.clock.now(), stoppedReason });
    s.tx = undefined;
    this.dropAuthorization(s);
    s.conditions = this.inputs(s, false);
    this.station.log.info('transactions', `transaction ${tx.id} on EVSE ${s.evseId} ended: ${stoppedReason} (${triggerReason}), ${summary.energyWh} Wh`);
    // The driver may take the cable now.
    if (hw.cable.plugged && hw.lock.locked) await this.station.connectors.unlockCable(s.evseId);
    this.ended.emit(summary);
  }

  /** The authorization without a transaction ends (same card again, connection timeout). */
  async cancelAuthorization(s: EvseSession, cause: TriggerReason): Promise<void> {
    this.dropAuthorization(s);
    await this.evaluate(s, cause);
  }

  async cableChanged(s: EvseSession, plugged: boolean): Promise<void> {
    // Already taken into account (a power up that found the cable, a repeated sensor event).
    if (s.conditions.EVConnected === plugged) return;
    if (plugged) {
      this.station.clock.clearTimeout(s.connectTimer);
      s.connectTimer = undefined;
      s.pending.evse = true;
      if (s.tx) s.tx.evSideDisconnected = false;
      await this.evaluate(s, 'CablePluggedIn');
      return;
    }
    s.pending.evse = false;
    const tx = s.tx;
    if (tx) {
      if (tx.deauthorization || this.station.model.getBoolean('TxCtrlr.StopTxOnEVSideDisconnect')) {
        await this.end(s, 'EVCommunicationLost', 'EVDisconnected'); // E09
      } else {
        tx.evSideDisconnected = true; // E10: suspended until the EV returns or the card stops it
        await this.evaluate(s, 'EVCommunicationLost');
      }
      return;
    }
    // The EV left: whatever was authorized for it goes with it.
    this.dropAuthorization(s);
    await this.evaluate(s, 'EVCommunicationLost');
  }

  /** One Updated event of the running transaction now (MeterValueClock, Trigger, ...). */
  report(s: EvseSession, triggerReason: TriggerReason, meter?: EventSpec['meter']): void {
    if (!s.tx) return;
    this.trackCharging(s);
    this.write(s, { eventType: 'Updated', triggerReason, chargingState: this.chargingState(s), meter });
  }

  /* ---------------------------- evaluation ----------------------------- */

  async evaluate(s: EvseSession, cause: TriggerReason): Promise<void> {
    this.trackCharging(s);
    const now = this.inputs(s, await this.powerPathReady(s));
    const first = await this.applyEdges(s, s.conditions, now, cause);
    if (first === 'ended') return;
    await this.contactor(s, now.PowerPathClosed);
    const after = { ...now, EnergyTransfer: this.energyFlows(s) };
    const second = await this.applyEdges(s, now, after, 'ChargingStateChanged');
    if (second === 'ended') return;
    let reported = first === 'reported' || second === 'reported';
    const tx = s.tx;
    if (!tx) return;
    if (!tx.periodicTimer) armPeriodic(this, s);
    this.trackCharging(s);
    const state = this.chargingState(s);
    if (state !== tx.reportedState) {
      this.write(s, { eventType: 'Updated', triggerReason: !reported && STATE_CAUSES.has(cause) ? cause : 'ChargingStateChanged', chargingState: state });
      reported = true;
    }
    if (!reported && ALWAYS_REPORTED.has(cause)) this.write(s, { eventType: 'Updated', triggerReason: cause, chargingState: state });
    if (tx.deauthorization?.kind === 'budget') await checkEnergyBudget(this, s);
  }

  /** Step 2: a start, an end, or news for the running transaction, as an event with the cause. */
  private async applyEdges(s: EvseSession, before: TxConditions, after: TxConditions, cause: TriggerReason): Promise<'none' | 'reported' | 'ended'> {
    s.conditions = after;
    const model = this.station.model;
    if (s.tx) {
      const fallen = fell(stopPoints(model), before, after).filter((c) => !(cause === 'EVCommunicationLost' && UNPLUG_CONSEQUENCES.has(c)));
      if (fallen.length) {
        await this.end(s, cause, stoppedReasonFor(fallen[0]!, cause));
        return 'ended';
      }
      const news = (cause === 'CablePluggedIn' && s.pending.evse) || ((cause === 'Authorized' || cause === 'RemoteStart') && s.pending.idToken);
      if (!news) return 'none';
      this.write(s, { eventType: 'Updated', triggerReason: cause, chargingState: this.chargingState(s) });
      return 'reported';
    }
    if (rose(startPoints(model), before, after).length === 0) return 'none';
    const tx = this.writer.start(s, cause, this.chargingState(s));
    s.tx = tx;
    this.consumeReservation(s, tx);
    this.station.log.info('transactions', `transaction ${tx.id} started on EVSE ${s.evseId} (${cause})`);
    this.started.emit(this.summary(s, tx));
    return 'reported';
  }

  /** The conditions now; PowerPathClosed when the contactor may close (or stays closed). */
  private inputs(s: EvseSession, powerPathReady: boolean): TxConditions {
    const hw = this.hw(s.evseId);
    return {
      ...NO_CONDITIONS,
      ParkingBayOccupancy: hw.parking.occupied,
      EVConnected: hw.cable.plugged,
      Authorized: s.authorization !== undefined,
      PowerPathClosed: powerPathReady,
      EnergyTransfer: this.energyFlows(s),
    };
  }

  /** EV connected, authorized, EVSE operative and not held, the cable lock engaged (G05). */
  private async powerPathReady(s: EvseSession): Promise<boolean> {
    const hw = this.hw(s.evseId);
    const held = s.tx?.deauthorization?.kind === 'suspended' || s.tx?.evSideDisconnected === true;
    if (!hw.cable.plugged || !s.authorization || held || !this.mayDeliver(s.evseId)) return false;
    if (hw.contactor.closed || hw.lock.locked) return true;
    return this.station.connectors.lockCable(s.evseId);
  }

  private mayDeliver(evseId: number): boolean {
    return this.station.connectors.isOperational(evseId) && !this.station.connectors.isFaulted(evseId);
  }

  private energyFlows(s: EvseSession): boolean {
    const hw = this.hw(s.evseId);
    return hw.contactor.closed && hw.meter.read().powerW > 0;
  }

  private async contactor(s: EvseSession, close: boolean): Promise<void> {
    const c = this.hw(s.evseId).contactor;
    if (c.closed === close) return;
    try {
      await (close ? c.close() : c.open());
    } catch (err) {
      this.station.log.error('transactions', `EVSE ${s.evseId}: contactor did not ${close ? 'close' : 'open'}: ${(err as Error).message}`);
    }
  }

  /* ------------------------------ helpers ------------------------------ */

  private write(s: EvseSession, spec: EventSpec): void {
    const tx = s.tx;
    if (!tx) return;
    const reservation = s.pending.reservationId;
    this.writer.write(s, tx, spec);
    if (reservation !== undefined && tx.reservationId === reservation) this.reservations()?.consume(reservation, s.evseId);
  }

  private consumeReservation(s: EvseSession, tx: RunningTransaction): void {
    if (tx.reservationId !== undefined) this.reservations()?.consume(tx.reservationId, s.evseId);
  }

  reservations(): ReservationsLike | undefined {
    return (this.station as unknown as { reservations?: ReservationsLike }).reservations;
  }

  private dropAuthorization(s: EvseSession): void {
    this.station.clock.clearTimeout(s.connectTimer);
    s.connectTimer = undefined;
    s.authorization = undefined;
    s.pending = { evse: s.pending.evse, idToken: false };
  }

  /** Time spent charging: open or close the Charging interval by what the meter says now. */
  private trackCharging(s: EvseSession): void {
    const tx = s.tx;
    if (!tx) return;
    const charging = this.energyFlows(s);
    const now = this.station.clock.elapsed();
    if (charging && tx.chargingSince === undefined) tx.chargingSince = now;
    if (!charging && tx.chargingSince !== undefined) {
      tx.timeSpentChargingMs += now - tx.chargingSince;
      tx.chargingSince = undefined;
    }
  }

  hw(evseId: number) {
    return this.station.hardware.evses[evseId - 1]!;
  }
}
