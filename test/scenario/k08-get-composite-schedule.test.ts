import { describe, expect, it } from 'vitest';
import { type KScenario, kScenario } from '../unit/smartcharging/k-scenario.js';

const composite = (sc: KScenario, evseId: number, duration: number, chargingRateUnit?: 'A' | 'W') =>
  sc.call('GetCompositeSchedule', { evseId, duration, ...(chargingRateUnit ? { chargingRateUnit } : {}) });

const periods = (res: any) => res.schedule.chargingSchedulePeriod.map((p: any) => [p.startPeriod, p.limit, p.numberPhases]);

describe('K08 Get Composite Schedule', () => {
  it('K08: an EVSE without profiles gets its hardware maximum for the whole duration, from now', async () => {
    const s = await kScenario();
    const res = await composite(s, 1, 3600, 'A');
    expect(res).toEqual({
      status: 'Accepted',
      schedule: { evseId: 1, duration: 3600, scheduleStart: s.rel(0), chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32, numberPhases: 3 }] },
    });
  });

  it('K08: stacked TxDefaultProfiles and the ChargingStationMaxProfile merge into one schedule per EVSE', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 1, stackLevel: 0, periods: [[0, 20]] }));
    await s.setProfile(1, s.make({ id: 2, stackLevel: 1, startSchedule: s.rel(600), duration: 1200, periods: [[0, 10]] }));
    await s.setProfile(0, s.make({ id: 3, purpose: 'ChargingStationMaxProfile', startSchedule: s.rel(2400), periods: [[0, 16]] }));
    expect(periods(await composite(s, 1, 3600, 'A'))).toEqual([
      [0, 20, 3],
      [600, 10, 3],
      [1800, 20, 3],
      [2400, 16, 3],
    ]);
    expect(periods(await composite(s, 2, 3600, 'A'))).toEqual([
      [0, 32, 3],
      [2400, 16, 3],
    ]);
  });

  it('K08: evse 0 is the sum of the EVSEs, capped by the ChargingStationMaxProfile; W converts with 230 V × 3 phases', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ id: 1, periods: [[0, 10]] }));
    await s.setProfile(0, s.make({ id: 2, purpose: 'ChargingStationMaxProfile', startSchedule: s.rel(1800), periods: [[0, 30]] }));
    expect(periods(await composite(s, 0, 3600, 'A'))).toEqual([
      [0, 42, 3],
      [1800, 30, 3],
    ]);
    expect(periods(await composite(s, 0, 3600, 'W'))).toEqual([
      [0, 42 * 690, 3],
      [1800, 30 * 690, 3],
    ]);
    const res = await composite(s, 0, 3600, 'W');
    expect(res.schedule).toMatchObject({ evseId: 0, chargingRateUnit: 'W', duration: 3600 });
  });

  it('K08: a profile in W is converted to A for an A request', async () => {
    const s = await kScenario();
    await s.setProfile(2, s.make({ unit: 'W', periods: [[0, 7360]] }));
    expect(periods(await composite(s, 2, 60))).toEqual([[0, 10.6, 3]]);
    expect(s.evse(2).offeredA).toBe(10.6);
  });

  it('K08: during a transaction its Relative TxProfile counts from the transaction start', async () => {
    const s = await kScenario();
    const tx1 = await s.begin(1); // at a whole second of station time
    await s.clock.advance(300_000);
    await s.setProfile(1, s.make({ purpose: 'TxProfile', kind: 'Relative', transactionId: tx1, periods: [[0, 8], [900, 14]] }));
    expect(periods(await composite(s, 1, 3600))).toEqual([
      [0, 8, 3],
      [600, 14, 3],
    ]);
  });

  it('K08: duration 0 → the limit in force now as a single period', async () => {
    const s = await kScenario();
    await s.setProfile(1, s.make({ periods: [[0, 12]] }));
    const res = await composite(s, 1, 0, 'A');
    expect(res.schedule).toMatchObject({ duration: 0, chargingSchedulePeriod: [{ startPeriod: 0, limit: 12, numberPhases: 3 }] });
  });

  it('K08: a 0 A limit is reported and offered as 0', async () => {
    const s = await kScenario();
    await s.setProfile(2, s.make({ startSchedule: s.rel(0), duration: 600, periods: [[0, 0]] }));
    expect(periods(await composite(s, 2, 1200))).toEqual([
      [0, 0, 3],
      [600, 32, 3],
    ]);
    expect(s.evse(2).offeredA).toBe(0);
    await s.clock.advance(600_000);
    expect(s.evse(2).offeredA).toBe(32);
  });

  it('K08: an unknown EVSE or a negative duration → Rejected with a reason', async () => {
    const s = await kScenario();
    expect(await composite(s, 3, 60)).toEqual({ status: 'Rejected', statusInfo: expect.objectContaining({ reasonCode: 'UnknownEvse' }) });
    expect(await composite(s, -1, 60)).toEqual({ status: 'Rejected', statusInfo: expect.objectContaining({ reasonCode: 'UnknownEvse' }) });
    expect(await composite(s, 1, -5)).toEqual({ status: 'Rejected', statusInfo: expect.objectContaining({ reasonCode: 'InvalidValue' }) });
  });

  it('K08: without chargingRateUnit the schedule is in A', async () => {
    const s = await kScenario();
    expect((await composite(s, 1, 60)).schedule.chargingRateUnit).toBe('A');
  });
});
