/**
 * Builds each TransactionEvent, stores it with its transaction's new seqNo
 * in one database transaction, and hands it to the outbox sender. Nothing is
 * ever sent that was not stored first.
 */
import { randomUUID } from 'node:crypto';
import { wireIdToken } from '../auth/id-token.js';
import type { IdToken } from '../auth/types.js';
import { type ReadingContext, type SampledValue, sampleConfigured, sampleMeasurands } from '../metering/sample.js';
import type { TransactionsHost } from './types.js';
import type { OutboxSender } from './outbox-sender.js';
import type { EvseSession, RunningTransaction } from './session.js';
import type { TxProgress, TransactionStore } from './tx-store.js';
import type { ChargingState, StoppedReason, TransactionRecord, TransactionStationEvent, TransactionSummary, TriggerReason } from './types.js';

export type EventType = 'Started' | 'Updated' | 'Ended';

/** Which measurands go into the event's meterValue. */
export interface MeterSpec {
  /** Device model key of the measurand list. */
  key: string;
  context: ReadingContext;
  /** Clock-aligned (J01): an empty list reports Energy.Active.Import.Register (release notes 6.0.0). */
  defaultWhenEmpty?: boolean;
}

export interface EventSpec {
  eventType: EventType;
  triggerReason: TriggerReason;
  chargingState: ChargingState;
  stoppedReason?: StoppedReason;
  meter?: MeterSpec;
  /** The card that caused this event (E07/C09/C16: the one that stopped the transaction); goes out as `idToken`. */
  presentedIdToken?: IdToken;
}

const CONNECTOR_ID = 1;

export const STARTED_METER: MeterSpec = { key: 'SampledDataCtrlr.TxStartedMeasurands', context: 'Transaction.Begin' };
export const ENDED_METER: MeterSpec = { key: 'SampledDataCtrlr.TxEndedMeasurands', context: 'Transaction.End' };
export const PERIODIC_METER: MeterSpec = { key: 'SampledDataCtrlr.TxUpdatedMeasurands', context: 'Sample.Periodic' };
export const TRIGGER_METER: MeterSpec = { key: 'SampledDataCtrlr.TxUpdatedMeasurands', context: 'Trigger' };
export const CLOCK_METER: MeterSpec = { key: 'AlignedDataCtrlr.Measurands', context: 'Sample.Clock', defaultWhenEmpty: true };

export class EventWriter {
  constructor(
    private readonly station: TransactionsHost,
    private readonly store: TransactionStore,
    private readonly sender: OutboxSender,
  ) {}

  /** A transaction id unique for the life of the station (survives restarts and txerase). */
  newTransactionId(): string {
    return randomUUID();
  }

  /** Open a transaction on the session's EVSE with its Started event (seqNo 0). */
  start(s: EvseSession, triggerReason: TriggerReason, chargingState: ChargingState): RunningTransaction {
    const reading = this.station.hardware.evses[s.evseId - 1]!.meter.read();
    const tx: RunningTransaction = {
      id: this.newTransactionId(),
      startedAt: this.station.clock.now(),
      nextSeqNo: 0,
      meterStartWh: reading.energyWh,
      reportedState: chargingState,
      timeSpentChargingMs: 0,
      evSideDisconnected: false,
    };
    const { payload, progress } = this.build(s, tx, { eventType: 'Started', triggerReason, chargingState, meter: STARTED_METER });
    this.store.create({ id: tx.id, evseId: s.evseId, connectorId: CONNECTOR_ID, startedAt: tx.startedAt, meterStartWh: tx.meterStartWh }, progress, {
      payload,
      now: tx.startedAt,
    });
    this.committed(s, tx, payload, progress);
    return tx;
  }

  /** An Updated or Ended event of the session's running transaction. */
  write(s: EvseSession, tx: RunningTransaction, spec: EventSpec): void {
    const { payload, progress } = this.build(s, tx, spec);
    this.store.append(tx.id, tx.nextSeqNo, progress, { payload, now: this.station.clock.now() });
    this.committed(s, tx, payload, progress);
  }

  /**
   * After a power loss: the Ended event of a transaction found open in the
   * store, seqNo continuing. Its meter values are unknown (the power was
   * gone), so it carries none; its energy is the last one stored.
   */
  endAfterPowerLoss(rec: TransactionRecord, chargingState: ChargingState): TransactionSummary {
    const now = this.station.clock.now();
    const payload: Record<string, unknown> = {
      eventType: 'Ended',
      timestamp: new Date(now).toISOString(),
      triggerReason: 'AbnormalCondition',
      seqNo: rec.nextSeqNo,
      transactionInfo: { transactionId: rec.transactionId, chargingState, timeSpentCharging: rec.timeSpentChargingSec, stoppedReason: 'PowerLoss' },
    };
    if (!this.station.connected) payload.offline = true;
    this.store.append(
      rec.transactionId,
      rec.nextSeqNo,
      { chargingState, energyWh: rec.energyWh, timeSpentChargingSec: rec.timeSpentChargingSec, ended: { at: now, stoppedReason: 'PowerLoss' } },
      { payload, now },
    );
    this.station.events.emit({
      event: 'transaction',
      transactionId: rec.transactionId,
      evseId: rec.evseId,
      eventType: 'Ended',
      triggerReason: 'AbnormalCondition',
      seqNo: rec.nextSeqNo,
      chargingState,
      offline: payload.offline === true,
      stoppedReason: 'PowerLoss',
    } satisfies TransactionStationEvent);
    this.sender.kick();
    const summary: TransactionSummary = {
      transactionId: rec.transactionId,
      evseId: rec.evseId,
      connectorId: rec.connectorId,
      startedAt: rec.startedAt,
      endedAt: now,
      chargingState,
      nextSeqNo: rec.nextSeqNo + 1,
      energyWh: rec.energyWh,
      stoppedReason: 'PowerLoss',
    };
    if (rec.idToken) summary.idToken = rec.idToken;
    if (rec.groupIdToken) summary.groupIdToken = rec.groupIdToken;
    if (rec.remoteStartId !== undefined) summary.remoteStartId = rec.remoteStartId;
    if (rec.reservationId !== undefined) summary.reservationId = rec.reservationId;
    return summary;
  }

  /** Energy delivered in the transaction so far (Wh). */
  energyOf(s: EvseSession, tx: RunningTransaction): number {
    const now = this.station.hardware.evses[s.evseId - 1]!.meter.read().energyWh;
    return Math.max(0, Math.round((now - tx.meterStartWh) * 1000) / 1000);
  }

  timeSpentChargingSec(tx: RunningTransaction): number {
    const running = tx.chargingSince !== undefined ? this.station.clock.elapsed() - tx.chargingSince : 0;
    return Math.floor((tx.timeSpentChargingMs + running) / 1000);
  }

  private build(s: EvseSession, tx: RunningTransaction, spec: EventSpec): { payload: Record<string, unknown>; progress: TxProgress } {
    const now = this.station.clock.now();
    const timestamp = new Date(now).toISOString();
    const p = s.pending;
    const transactionInfo: Record<string, unknown> = { transactionId: tx.id, chargingState: spec.chargingState };
    const timeSpent = this.timeSpentChargingSec(tx);
    if (spec.eventType !== 'Started') transactionInfo.timeSpentCharging = timeSpent;
    if (spec.stoppedReason) transactionInfo.stoppedReason = spec.stoppedReason;
    if (p.remoteStartId !== undefined) transactionInfo.remoteStartId = p.remoteStartId;

    const payload: Record<string, unknown> = {
      eventType: spec.eventType,
      timestamp,
      triggerReason: spec.triggerReason,
      seqNo: tx.nextSeqNo,
      transactionInfo,
    };
    // E04/E08/E11/E12: generated while the CSMS could not be told.
    if (!this.station.connected) payload.offline = true;
    if (spec.eventType === 'Started' || p.evse) payload.evse = { id: s.evseId, connectorId: CONNECTOR_ID };
    const auth = s.authorization;
    const progress: TxProgress = { chargingState: spec.chargingState, energyWh: this.energyOf(s, tx), timeSpentChargingSec: timeSpent };
    if (p.idToken && auth) {
      payload.idToken = wireIdToken(auth.idToken);
      tx.idToken = auth.idToken;
      tx.groupIdToken = auth.groupIdToken;
      progress.idToken = auth.idToken;
      if (auth.groupIdToken) progress.groupIdToken = auth.groupIdToken;
    }
    if (spec.presentedIdToken && !payload.idToken) payload.idToken = wireIdToken(spec.presentedIdToken);
    if (p.reservationId !== undefined) {
      payload.reservationId = p.reservationId;
      tx.reservationId = p.reservationId;
      progress.reservationId = p.reservationId;
    }
    if (p.remoteStartId !== undefined) {
      tx.remoteStartId = p.remoteStartId;
      progress.remoteStartId = p.remoteStartId;
    }
    const sampled = spec.meter ? this.sample(s.evseId, spec.meter) : [];
    if (sampled.length) payload.meterValue = [{ timestamp, sampledValue: sampled }];
    if (spec.eventType === 'Ended') progress.ended = { at: now, stoppedReason: spec.stoppedReason ?? 'Other' };
    return { payload, progress };
  }

  private sample(evseId: number, meter: MeterSpec): SampledValue[] {
    if (meter.key.startsWith('SampledDataCtrlr') && !this.station.model.getBoolean('SampledDataCtrlr.Enabled')) return [];
    const list = this.station.model.getString(meter.key);
    const reading = this.station.hardware.evses[evseId - 1]!.meter.read();
    return meter.defaultWhenEmpty ? sampleMeasurands(list, reading, meter.context) : sampleConfigured(list, reading, meter.context);
  }

  /** The event is stored: update the runtime state, tell the console, wake the sender. */
  private committed(s: EvseSession, tx: RunningTransaction, payload: Record<string, unknown>, progress: TxProgress): void {
    tx.nextSeqNo++;
    tx.reportedState = progress.chargingState;
    s.pending = { evse: false, idToken: false };
    const info = payload.transactionInfo as { stoppedReason?: StoppedReason };
    const event: TransactionStationEvent = {
      event: 'transaction',
      transactionId: tx.id,
      evseId: s.evseId,
      eventType: payload.eventType as EventType,
      triggerReason: payload.triggerReason as TriggerReason,
      seqNo: payload.seqNo as number,
      chargingState: progress.chargingState,
      offline: payload.offline === true,
    };
    if (info.stoppedReason) event.stoppedReason = info.stoppedReason;
    this.station.events.emit(event);
    this.sender.kick();
  }
}
