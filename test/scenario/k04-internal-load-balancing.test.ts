import { describe, expect, it } from 'vitest';
import { chargingScenario, startCharging, told, toldAtLeast, txProfile, wh } from '../unit/smartcharging/k-charging.js';
import type { KScenario } from '../unit/smartcharging/k-scenario.js';
import { settle } from '../support/tx-helpers.js';

const stationMax = (sc: KScenario, periods: Array<[number, number]>, extra: { startSchedule?: string } = {}) =>
  sc.setProfile(0, sc.make({ id: 100, purpose: 'ChargingStationMaxProfile', periods, ...extra }));

const limitNow = async (sc: KScenario, evseId: number) =>
  (await sc.call('GetCompositeSchedule', { evseId, duration: 0 })).schedule.chargingSchedulePeriod[0].limit;

describe('K04 Internal Load Balancing', () => {
  it('K04: two EVSEs charging under a 32 A ChargingStationMaxProfile get 16 A each; when one ends the other gets 32 A (ChargingRateChanged both times)', async () => {
    const s = await chargingScenario();
    expect(await stationMax(s, [[0, 32]])).toEqual({ status: 'Accepted' });
    const tx1 = await startCharging(s, 1);
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    const tx2 = await startCharging(s, 2);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([16, 16]);
    expect(s.evse(1).read().currentA).toEqual([16, 16, 16]);
    expect(s.evse(2).read().currentA).toEqual([16, 16, 16]);
    // GetCompositeSchedule reflects the split; evse 0 never more than the station maximum
    expect([await limitNow(s, 1), await limitNow(s, 2), await limitNow(s, 0)]).toEqual([16, 16, 32]);
    await toldAtLeast(s, tx1, 3);
    expect(told(s, tx1)).toEqual(['Started Authorized EVConnected', 'Updated ChargingStateChanged Charging', 'Updated ChargingRateChanged Charging']);
    // the newcomer starts at its share: nothing to tell beyond its start
    expect(told(s, tx2)).toEqual(['Started Authorized EVConnected', 'Updated ChargingStateChanged Charging']);
    // an hour together: the station never draws more than 32 A per phase
    const e1 = s.evse(1).read().energyWh;
    const e2 = s.evse(2).read().energyWh;
    await s.clock.advance(3_600_000);
    expect(s.evse(1).read().energyWh - e1 + (s.evse(2).read().energyWh - e2)).toBeCloseTo(wh(32, 3600), 1);
    // EVSE 2 ends: EVSE 1 gets the whole 32 A again
    s.evse(2).unplug();
    await toldAtLeast(s, tx2, 3);
    await toldAtLeast(s, tx1, 4);
    expect(told(s, tx1)[3]).toBe('Updated ChargingRateChanged Charging');
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    expect(await limitNow(s, 1)).toBe(32);
    expect(await limitNow(s, 0)).toBe(32);
  });

  it('K04: an EVSE whose own limit is below its share keeps that, the other gets the rest (never over its own limit, never over the station in sum)', async () => {
    const s = await chargingScenario();
    await stationMax(s, [[0, 32]]);
    const tx1 = await startCharging(s, 1);
    await startCharging(s, 2);
    await s.setProfile(1, txProfile(s, tx1, 1, [[0, 10]]));
    await settle(s);
    expect(s.evse(1).read().currentA).toEqual([10, 10, 10]);
    expect(s.evse(2).read().currentA).toEqual([22, 22, 22]);
    expect([await limitNow(s, 1), await limitNow(s, 2), await limitNow(s, 0)]).toEqual([10, 22, 32]);
    // the TxProfile rises above the share: back to equal parts
    await s.setProfile(1, txProfile(s, tx1, 1, [[0, 20]]));
    await settle(s);
    expect(s.evse(1).read().currentA).toEqual([16, 16, 16]);
    expect(s.evse(2).read().currentA).toEqual([16, 16, 16]);
  });

  it('K04: three EVSEs share 32 A as 10.6 A each (floored to 0.1 A, the sum stays under the maximum); an EVSE without a transaction is offered what it would get if it started', async () => {
    const s = await chargingScenario({ evses: 3 });
    await stationMax(s, [[0, 32]]);
    await startCharging(s, 1);
    await startCharging(s, 2);
    // EVSE 3 is free: it would share three ways if its transaction started
    expect([s.evse(1).offeredA, s.evse(2).offeredA, s.evse(3).offeredA]).toEqual([16, 16, 10.6]);
    await startCharging(s, 3);
    expect([s.evse(1).offeredA, s.evse(2).offeredA, s.evse(3).offeredA]).toEqual([10.6, 10.6, 10.6]);
    const draw = [1, 2, 3].reduce((sum, id) => sum + s.evse(id).read().currentA[0], 0);
    expect(draw).toBeLessThanOrEqual(32);
    expect(await limitNow(s, 0)).toBe(32);
  });

  it('K04: the shares follow the ChargingStationMaxProfile schedule (32 A, then 20 A after 30 min)', async () => {
    const s = await chargingScenario();
    await stationMax(s, [[0, 32], [1800, 20]], { startSchedule: s.rel(0) });
    const tx1 = await startCharging(s, 1);
    const tx2 = await startCharging(s, 2);
    expect(s.evse(1).read().currentA[0]).toBe(16);
    await s.clock.advance(1_800_000);
    expect([s.evse(1).read().currentA[0], s.evse(2).read().currentA[0]]).toEqual([10, 10]);
    await toldAtLeast(s, tx2, 3);
    expect(told(s, tx1).at(-1)).toBe('Updated ChargingRateChanged Charging');
    expect(told(s, tx2).at(-1)).toBe('Updated ChargingRateChanged Charging');
    const composite = await s.call('GetCompositeSchedule', { evseId: 1, duration: 600 });
    expect(composite.schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 3 }]);
  });

  it('K04: without a ChargingStationMaxProfile each EVSE keeps its own maximum (nothing to share)', async () => {
    const s = await chargingScenario();
    await startCharging(s, 1);
    await startCharging(s, 2);
    expect([s.evse(1).read().currentA[0], s.evse(2).read().currentA[0]]).toEqual([32, 32]);
    expect(await limitNow(s, 0)).toBe(64);
  });

  it('K04: a ChargingStationMaxProfile set while two EVSEs charge splits at once; cleared, both get their maximum back', async () => {
    const s = await chargingScenario();
    const tx1 = await startCharging(s, 1);
    const tx2 = await startCharging(s, 2);
    await stationMax(s, [[0, 24]]);
    await settle(s);
    expect([s.evse(1).read().currentA[0], s.evse(2).read().currentA[0]]).toEqual([12, 12]);
    expect(await s.call('ClearChargingProfile', { chargingProfileId: 100 })).toEqual({ status: 'Accepted' });
    await settle(s);
    expect([s.evse(1).read().currentA[0], s.evse(2).read().currentA[0]]).toEqual([32, 32]);
    await toldAtLeast(s, tx1, 4);
    await toldAtLeast(s, tx2, 4);
    expect(told(s, tx1).slice(2)).toEqual(['Updated ChargingRateChanged Charging', 'Updated ChargingRateChanged Charging']);
  });
});
