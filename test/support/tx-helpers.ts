/**
 * Helpers for the transaction scenario tests (test/scenario/e*, f01-f03*,
 * j*, b11-b12*, c16*): what went out as TransactionEvents, in a form that is
 * easy to compare, and waiting for the station to have delivered them.
 */
import { expect } from 'vitest';
import type { SimEvse } from '../../src/hardware/sim/sim-evse.js';
import type { FakeCsms } from './fake-csms.js';
import { type Scenario, acceptedScenario } from './scenario.js';
import { waitFor } from './wait.js';
import type { StationOptions } from '../../src/station/station.js';

/** An accepted station that has told its boot StatusNotifications. */
export async function ready(options: Partial<StationOptions> & { csms?: FakeCsms } = {}): Promise<Scenario> {
  const s = await acceptedScenario(options);
  await waitFor(() => s.csms.callsOf('StatusNotification').length >= s.station.evseCount, 'boot StatusNotifications');
  return s;
}

export function evse(s: Scenario, id: number): SimEvse {
  return s.station.hardware.sim!.evse(id)!;
}

export function txEvents(s: Scenario): any[] {
  return s.csms.callsOf('TransactionEvent');
}

/** eventType, triggerReason, seqNo, chargingState (+ stoppedReason, offline when present) of each TransactionEvent. */
export function sequence(s: Scenario, transactionId?: string): string[] {
  return txEvents(s)
    .filter((e) => transactionId === undefined || e.transactionInfo.transactionId === transactionId)
    .map((e) =>
      [
        e.eventType,
        e.triggerReason,
        e.seqNo,
        e.transactionInfo.chargingState,
        e.transactionInfo.stoppedReason,
        e.offline ? 'offline' : undefined,
      ]
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

export function outbox(s: Scenario): unknown[] {
  return s.station.store.db.prepare('SELECT * FROM outbox').all();
}
