/**
 * Helpers for the transaction scenario tests (test/scenario/e*, f01-f03*,
 * j*, b11-b12*, c16*, k0*): stations set up for them, what went out as
 * TransactionEvents in a form that is easy to compare, and waiting for the
 * station to have delivered them.
 */
import { expect } from 'vitest';
import type { SimEvse } from '../../src/hardware/sim/sim-evse.js';
import type { OutboxEntry } from '../../src/station/transactions/types.js';
import { type Scenario, acceptedScenario } from './scenario.js';
import { waitFor } from './wait.js';

/**
 * An accepted station without periodic meter values
 * (SampledDataCtrlr.TxUpdatedInterval 0), so a sequence shows only what the
 * use case causes; then `vars` (device model key → value, undefined ones
 * skipped) are set as a technician would.
 */
export async function txStation(vars: Record<string, string | undefined> = {}): Promise<Scenario> {
  const s = await acceptedScenario();
  setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
  for (const [key, value] of Object.entries(vars)) if (value !== undefined) setVar(s, key, value);
  return s;
}

/** txStation(vars) with TAG1 charging on EVSE 1: Started and Charging are the only events, delivered. */
export async function chargingStation(vars: Record<string, string | undefined> = {}): Promise<Scenario> {
  const s = await txStation(vars);
  evse(s, 1).plug();
  await swipe(s, 'TAG1');
  await delivered(s, 2);
  return s;
}

/** Plug an EV in at `evseId` and present `token` (to no EVSE in particular): two more events, Started + Charging, delivered. */
export async function plugAndCharge(s: Scenario, token = 'TAG1', evseId = 1): Promise<void> {
  const before = txEvents(s).length;
  evse(s, evseId).plug();
  await swipe(s, token);
  await delivered(s, before + 2);
}

export function evse(s: Scenario, id: number): SimEvse {
  return s.station.hardware.sim!.evse(id)!;
}

/** The TransactionEvents the CSMS received (of one transaction when `transactionId` is given). */
export function txEvents(s: Scenario, transactionId?: string): any[] {
  return s.csms.callsOf('TransactionEvent').filter((e) => transactionId === undefined || e.transactionInfo.transactionId === transactionId);
}

/** eventType, triggerReason, seqNo, chargingState (+ stoppedReason, offline when present) of each TransactionEvent. */
export function sequence(s: Scenario, transactionId?: string): string[] {
  return txEvents(s, transactionId).map((e) =>
    [e.eventType, e.triggerReason, e.seqNo, e.transactionInfo.chargingState, e.transactionInfo.stoppedReason, e.offline ? 'offline' : undefined]
      .filter((x) => x !== undefined)
      .join(' '),
  );
}

/** Wait until the CSMS received n TransactionEvents and the station's outbox is empty. */
export async function delivered(s: Scenario, n: number): Promise<void> {
  await waitFor(() => txEvents(s).length >= n && s.station.transactions.queuedCount() === 0, `${n} TransactionEvents delivered (got ${txEvents(s).length})`);
  // let anything the last response causes happen
  await s.clock.advance(0);
  expect(txEvents(s)).toHaveLength(n);
}

/** Let the engine work through what the hardware just did (no time passes). */
export async function settle(s: Scenario): Promise<void> {
  await s.clock.advance(0);
  await waitFor(() => s.station.transactions.queuedCount() === 0 || !s.station.connected, 'outbox drained');
  await s.clock.advance(0);
}

export function setVar(s: Scenario, key: string, value: string): void {
  const r = s.station.model.setByKey(key, value, 'console');
  if (r.attributeStatus !== 'Accepted') throw new Error(`cannot set ${key}=${value}: ${JSON.stringify(r)}`);
}

/** Swipe a card and wait until the station has acted on it. */
export async function swipe(s: Scenario, idToken: string, evseId?: number): Promise<void> {
  s.station.hardware.sim!.nfc.swipe(idToken, evseId);
  await settle(s);
}

export function outbox(s: Scenario): OutboxEntry[] {
  return s.station.transactions.store.queued();
}

/** The sampled values of one measurand in an event (per phase for Current.Import). */
export function sampled(event: any, measurand: string): number[] {
  return (event.meterValue ?? []).flatMap((mv: any) => mv.sampledValue.filter((v: any) => v.measurand === measurand).map((v: any) => v.value));
}

/** The Energy.Active.Import.Register of an event. */
export function energyOf(event: any): number {
  const [value] = sampled(event, 'Energy.Active.Import.Register');
  expect(value, `Energy.Active.Import.Register in ${JSON.stringify(event).slice(0, 200)}`).toBeTypeOf('number');
  return value!;
}
