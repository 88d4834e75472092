/**
 * Shared set-up of the smart charging scenario tests during transactions
 * (K02, K04–K07): an accepted station with its real transaction block, EVs
 * that charge, and short-hands to read what the CSMS got.
 */
import { waitFor } from '../../support/wait.js';
import { setVar, settle, swipe, txEvents } from '../../support/tx-helpers.js';
import { type KScenario, kScenario } from './k-scenario.js';

export const MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import';

/** Wh one EVSE delivers at `amps` per phase on 3 phases of 230 V for `seconds`. */
export const wh = (amps: number, seconds: number) => (amps * 230 * 3 * seconds) / 3600;

export interface ChargingOptions {
  evses?: number;
  /** SampledDataCtrlr.TxUpdatedInterval, s (0: no periodic events). */
  interval?: number;
}

export async function chargingScenario(options: ChargingOptions = {}): Promise<KScenario> {
  const s = await kScenario(options.evses !== undefined ? { evses: options.evses } : {});
  setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', String(options.interval ?? 0));
  setVar(s, 'SampledDataCtrlr.TxUpdatedMeasurands', MEASURANDS);
  setVar(s, 'SampledDataCtrlr.TxStartedMeasurands', MEASURANDS);
  return s;
}

/** Plug an EV in and present a card at the EVSE; resolves with the transaction id once it charges. */
export async function startCharging(s: KScenario, evseId: number, idToken = `TAG${evseId}`): Promise<string> {
  s.evse(evseId).plug();
  await swipe(s, idToken, evseId);
  const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started' && p.evse?.id === evseId);
  const transactionId: string = started.transactionInfo.transactionId;
  await s.csms.waitForCall('TransactionEvent', (p) => p.transactionInfo.transactionId === transactionId && p.transactionInfo.chargingState === 'Charging');
  await settle(s);
  return transactionId;
}

/** The TransactionEvents of one transaction as `eventType triggerReason chargingState [offline]`. */
export function told(s: KScenario, transactionId: string): string[] {
  return txEvents(s, transactionId).map((e) => [e.eventType, e.triggerReason, e.transactionInfo.chargingState, e.offline ? 'offline' : undefined].filter(Boolean).join(' '));
}

/** Wait until the CSMS has the TransactionEvents of a transaction that match, in order. */
export async function toldAtLeast(s: KScenario, transactionId: string, n: number): Promise<void> {
  await waitFor(() => txEvents(s, transactionId).length >= n, `${n} TransactionEvents of ${transactionId} (got ${told(s, transactionId).join(' | ')})`);
  await settle(s);
}

export function txProfile(s: KScenario, transactionId: string, id: number, periods: Array<[number, number]>, extra: { stackLevel?: number; startSchedule?: string } = {}) {
  return s.make({ id, purpose: 'TxProfile', transactionId, periods, ...extra });
}
