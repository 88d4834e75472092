/**
 * K02: tells the transaction block when the limit of an EVSE with a running
 * transaction changed (a profile set or cleared by the CSMS, a schedule
 * boundary, K04 re-sharing, an external constraint), so the CSMS hears of it
 * in a TransactionEvent:
 * - to or from 0 A: the chargingState changes (SuspendedEVSE ⇄ Charging),
 *   reported with triggerReason ChargingStateChanged;
 * - otherwise, while energy flows, a change of more than
 *   SmartChargingCtrlr.LimitChangeSignificance percent (OCPP 2.0.1
 *   triggerReason ChargingRateChanged: "the rate of charging changed by more
 *   than LimitChangeSignificance") is an Updated with ChargingRateChanged.
 * Changes are measured against the limit last reported for the transaction
 * (its limit at the start at first), so small steps that add up are told
 * once they are significant. Before energy flows there is no rate to change.
 */
import type { TransactionsApi, TriggerReason } from '../transactions/types.js';
import type { LimitChange } from './limit-tracker.js';

const SIGNIFICANCE_KEY = 'SmartChargingCtrlr.LimitChangeSignificance';

/** What the reporter needs of the station. */
export interface RateReporterHost {
  readonly model: { getNumber(key: string): number };
  /** Run fn once the reply to the CALL being handled has gone out. */
  afterReply(fn: () => void): void;
}

export class ChargingRateReporter {
  /** Per EVSE: the transaction and the limit (A) last told for it. */
  private readonly told = new Map<number, { transactionId: string; limitA: number }>();

  constructor(
    private readonly station: RateReporterHost,
    private readonly transactions: () => TransactionsApi | undefined,
  ) {}

  /** A transaction started with this limit: later changes are measured against it. */
  started(evseId: number, transactionId: string, limitA: number): void {
    this.told.set(evseId, { transactionId, limitA });
  }

  limitChanged(change: LimitChange): void {
    const api = this.transactions();
    const tx = api?.active(change.evseId);
    if (!api || !tx) {
      this.told.delete(change.evseId);
      return;
    }
    const told = this.told.get(change.evseId);
    // The transaction is just starting (its start is evaluating the limit): nothing to compare with yet.
    if (!told || told.transactionId !== tx.transactionId) {
      this.started(change.evseId, tx.transactionId, change.limitA);
      return;
    }
    const charging = tx.chargingState === 'Charging';
    const reason = this.reasonFor(told.limitA, change.limitA, charging);
    // Without energy flowing the next ChargingStateChanged tells the rate; a small change while charging adds up.
    if (reason || !charging) told.limitA = change.limitA;
    if (!reason) return;
    // After the reply to the CALL that changed it (SetChargingProfile, ClearChargingProfile) went out.
    this.station.afterReply(() => void api.refresh(change.evseId, reason));
  }

  private reasonFor(before: number, after: number, charging: boolean): TriggerReason | undefined {
    if (before === after) return undefined;
    if (before === 0 || after === 0) return 'ChargingStateChanged';
    if (!charging) return undefined;
    const significance = this.station.model.getNumber(SIGNIFICANCE_KEY);
    return (Math.abs(after - before) / before) * 100 > significance ? 'ChargingRateChanged' : undefined;
  }
}
