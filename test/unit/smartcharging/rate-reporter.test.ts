/**
 * K02: which limit changes the smart charging block tells the transaction
 * block about (and with which triggerReason), with a stand-in transaction block.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setVar } from '../../support/tx-helpers.js';
import { type KScenario, kScenario } from './k-scenario.js';

let s: KScenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const txProfile = (sc: KScenario, limit: number, transactionId = 'TX1') => sc.make({ id: 1, purpose: 'TxProfile', transactionId, periods: [[0, limit]] });

async function set(sc: KScenario, evseId: number, p: ReturnType<KScenario['make']>): Promise<void> {
  expect(await sc.setProfile(evseId, p)).toEqual({ status: 'Accepted' });
  await sc.clock.advance(0);
}

describe('K02 limit changes told to the transaction block', () => {
  it('K02: more than LimitChangeSignificance (10 %) → ChargingRateChanged, measured from the limit last told', async () => {
    s = await kScenario();
    s.tx.begin(1, 'TX1');
    await set(s, 1, txProfile(s, 20));
    await set(s, 1, txProfile(s, 19));
    await set(s, 1, txProfile(s, 18.1));
    expect(s.tx.refreshed).toEqual([{ evseId: 1, triggerReason: 'ChargingRateChanged' }]);
    await set(s, 1, txProfile(s, 17.9));
    expect(s.tx.refreshed).toEqual([
      { evseId: 1, triggerReason: 'ChargingRateChanged' },
      { evseId: 1, triggerReason: 'ChargingRateChanged' },
    ]);
  });

  it('K02: to or from 0 A → ChargingStateChanged (the chargingState changes, SuspendedEVSE)', async () => {
    s = await kScenario();
    s.tx.begin(2, 'TX2');
    await set(s, 2, txProfile(s, 0, 'TX2'));
    await set(s, 2, txProfile(s, 0.5, 'TX2'));
    expect(s.tx.refreshed).toEqual([
      { evseId: 2, triggerReason: 'ChargingStateChanged' },
      { evseId: 2, triggerReason: 'ChargingStateChanged' },
    ]);
  });

  it('K02: LimitChangeSignificance from the device model (50 %: a 40 % step is not told)', async () => {
    s = await kScenario();
    setVar(s, 'SmartChargingCtrlr.LimitChangeSignificance', '50');
    s.tx.begin(1, 'TX1');
    await set(s, 1, txProfile(s, 19.2));
    expect(s.tx.refreshed).toEqual([]);
    await set(s, 1, txProfile(s, 15));
    expect(s.tx.refreshed).toEqual([{ evseId: 1, triggerReason: 'ChargingRateChanged' }]);
  });

  it('K02: no rate to change while no energy flows (SuspendedEV): nothing told, and the new limit is the one later changes count from', async () => {
    s = await kScenario();
    const summary = s.tx.begin(1, 'TX1');
    summary.chargingState = 'SuspendedEV';
    await set(s, 1, txProfile(s, 10));
    expect(s.tx.refreshed).toEqual([]);
    summary.chargingState = 'Charging';
    await set(s, 1, txProfile(s, 10.5));
    expect(s.tx.refreshed).toEqual([]);
  });

  it('K02: without a transaction on the EVSE, and at a transaction start, nothing is told', async () => {
    s = await kScenario();
    await set(s, 1, s.make({ id: 3, periods: [[0, 10]] }));
    expect(s.evse(1).offeredA).toBe(10);
    s.tx.begin(1, 'TX1');
    await s.clock.advance(0);
    s.tx.finish(1);
    await s.clock.advance(0);
    expect(s.tx.refreshed).toEqual([]);
  });

  it('K04: a transaction starting on one EVSE re-shares the station limit: the other one is told ChargingRateChanged', async () => {
    s = await kScenario();
    await set(s, 0, s.make({ id: 9, purpose: 'ChargingStationMaxProfile', periods: [[0, 32]] }));
    s.tx.begin(1, 'TX1');
    await s.clock.advance(0);
    expect(s.tx.refreshed).toEqual([]);
    s.tx.begin(2, 'TX2');
    await s.clock.advance(0);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([16, 16]);
    expect(s.tx.refreshed).toEqual([{ evseId: 1, triggerReason: 'ChargingRateChanged' }]);
    s.tx.finish(1);
    await s.clock.advance(0);
    expect(s.evse(2).offeredA).toBe(32);
    expect(s.tx.refreshed).toEqual([
      { evseId: 1, triggerReason: 'ChargingRateChanged' },
      { evseId: 2, triggerReason: 'ChargingRateChanged' },
    ]);
  });
});
