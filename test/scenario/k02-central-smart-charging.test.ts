import { describe, expect, it } from 'vitest';
import { energyOf, sampled, settle, setVar, txEvents } from '../support/tx-helpers.js';
import { chargingScenario, startCharging, told, toldAtLeast, txProfile, wh } from '../unit/smartcharging/k-charging.js';

describe('K02 Central Smart Charging', () => {
  it('K02: a TxProfile set during the transaction limits what the EV draws; the meter values follow it (energy over an hour = limit × 230 V × 3 × 1 h)', async () => {
    const s = await chargingScenario({ interval: 900 });
    const tx = await startCharging(s, 1);
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    expect(await s.setProfile(1, txProfile(s, tx, 1, [[0, 10]]))).toEqual({ status: 'Accepted' });
    expect(s.evse(1).offeredA).toBe(10);
    expect(s.evse(1).read().currentA).toEqual([10, 10, 10]);
    // five periodic events, 900 s apart, all under the 10 A limit
    for (let i = 0; i < 5; i++) await s.clock.advance(900_000);
    await toldAtLeast(s, tx, 8);
    const periodic = txEvents(s, tx).filter((e) => e.triggerReason === 'MeterValuePeriodic');
    expect(periodic).toHaveLength(5);
    for (const e of periodic) {
      expect(sampled(e, 'Current.Import')).toEqual([10, 10, 10]);
      expect(sampled(e, 'Power.Active.Import')).toEqual([10 * 230 * 3]);
    }
    // from the first periodic sample to the fifth: exactly one hour at 10 A
    expect(energyOf(periodic[4]) - energyOf(periodic[0])).toBeCloseTo(wh(10, 3600), 1);
    expect(energyOf(periodic[4]) - energyOf(periodic[0])).toBeCloseTo(6900, 1);
    // what the CSMS asks for is what the EV got
    const composite = await s.call('GetCompositeSchedule', { evseId: 1, duration: 60 });
    expect(composite.schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 10, numberPhases: 3 }]);
  });

  it('K02: a TxDefaultProfile set during the transaction limits it too (no TxProfile)', async () => {
    const s = await chargingScenario();
    const tx = await startCharging(s, 2);
    expect(await s.setProfile(0, s.make({ id: 4, periods: [[0, 13]] }))).toEqual({ status: 'Accepted' });
    await toldAtLeast(s, tx, 3);
    expect(told(s, tx)).toEqual(['Started Authorized EVConnected', 'Updated ChargingStateChanged Charging', 'Updated ChargingRateChanged Charging']);
    expect(s.evse(2).read().currentA).toEqual([13, 13, 13]);
    const before = s.evse(2).read().energyWh;
    await s.clock.advance(3_600_000);
    expect(s.evse(2).read().energyWh - before).toBeCloseTo(wh(13, 3600), 1);
  });

  it('K02 (E, triggerReason ChargingRateChanged): the CSMS changes the limit by more than LimitChangeSignificance → Updated ChargingRateChanged, after the SetChargingProfile reply; smaller changes add up until they are significant', async () => {
    const s = await chargingScenario();
    expect(s.station.model.getNumber('SmartChargingCtrlr.LimitChangeSignificance')).toBe(10);
    const tx = await startCharging(s, 1);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 20]])); // 32 → 20 A: 37.5 %
    await toldAtLeast(s, tx, 3);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 19]])); // 5 %: not significant
    await settle(s);
    expect(txEvents(s, tx)).toHaveLength(3);
    expect(s.evse(1).read().currentA).toEqual([19, 19, 19]);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 18.5]])); // 7.5 % from the 20 A told: still not
    await settle(s);
    expect(txEvents(s, tx)).toHaveLength(3);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 17.5]])); // 12.5 % from 20 A: told
    await toldAtLeast(s, tx, 4);
    expect(told(s, tx).slice(2)).toEqual(['Updated ChargingRateChanged Charging', 'Updated ChargingRateChanged Charging']);
    // the CSMS saw the reply to its SetChargingProfile before the event it caused
    const frames = s.csms.frames.map((f) => JSON.parse(f.raw));
    const lastSet = frames.filter((f) => f[0] === 2 && f[2] === 'SetChargingProfile').pop()[1];
    const replied = frames.findIndex((f) => f[0] === 3 && f[1] === lastSet);
    const rateEvent = frames.reduce((last: number, f, i) => (f[0] === 2 && f[2] === 'TransactionEvent' && f[3].triggerReason === 'ChargingRateChanged' ? i : last), -1);
    expect(replied).toBeGreaterThan(-1);
    expect(replied).toBeLessThan(rateEvent);
    // significance 0: any change is told
    setVar(s, 'SmartChargingCtrlr.LimitChangeSignificance', '0');
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 17]]));
    await toldAtLeast(s, tx, 5);
    expect(told(s, tx)[4]).toBe('Updated ChargingRateChanged Charging');
  });

  it('K02/K10: clearing the TxProfile during the transaction lifts the limit → ChargingRateChanged, the EV draws its maximum again', async () => {
    const s = await chargingScenario();
    const tx = await startCharging(s, 1);
    await s.setProfile(1, txProfile(s, tx, 9, [[0, 8]]));
    await toldAtLeast(s, tx, 3);
    expect(await s.call('ClearChargingProfile', { chargingProfileId: 9 })).toEqual({ status: 'Accepted' });
    await toldAtLeast(s, tx, 4);
    expect(told(s, tx)[3]).toBe('Updated ChargingRateChanged Charging');
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
  });

  it('K02 (E, chargingState): a 0 A period suspends the EV (SuspendedEVSE, ChargingStateChanged) and charging resumes when the limit rises again, on the schedule boundaries', async () => {
    const s = await chargingScenario();
    const tx = await startCharging(s, 1);
    expect(await s.setProfile(1, txProfile(s, tx, 1, [[0, 16], [600, 0], [1200, 16]], { startSchedule: s.rel(0) }))).toEqual({ status: 'Accepted' });
    await toldAtLeast(s, tx, 3);
    await s.clock.advance(600_000);
    await toldAtLeast(s, tx, 4);
    expect(s.evse(1).offeredA).toBe(0);
    expect(s.evse(1).read().powerW).toBe(0);
    const suspendedAt = s.evse(1).read().energyWh;
    await s.clock.advance(300_000);
    expect(s.evse(1).read().energyWh).toBe(suspendedAt);
    await s.clock.advance(300_000);
    await toldAtLeast(s, tx, 5);
    expect(told(s, tx)).toEqual([
      'Started Authorized EVConnected',
      'Updated ChargingStateChanged Charging',
      'Updated ChargingRateChanged Charging',
      'Updated ChargingStateChanged SuspendedEVSE',
      'Updated ChargingStateChanged Charging',
    ]);
    expect(s.evse(1).read().currentA).toEqual([16, 16, 16]);
    // still the one transaction, seqNo without a gap
    expect(txEvents(s, tx).map((e) => e.seqNo)).toEqual([0, 1, 2, 3, 4]);
  });

  it('K02: a TxProfile of 0 A set by the CSMS suspends at once; replaced by a higher one, the EV charges again', async () => {
    const s = await chargingScenario();
    const tx = await startCharging(s, 2);
    await s.setProfile(2, txProfile(s, tx, 3, [[0, 0]]));
    await toldAtLeast(s, tx, 3);
    expect(told(s, tx)[2]).toBe('Updated ChargingStateChanged SuspendedEVSE');
    await s.setProfile(2, txProfile(s, tx, 3, [[0, 6]]));
    await toldAtLeast(s, tx, 4);
    expect(told(s, tx)[3]).toBe('Updated ChargingStateChanged Charging');
    expect(s.evse(2).read().currentA).toEqual([6, 6, 6]);
    await settle(s);
    expect(txEvents(s, tx)).toHaveLength(4);
  });

  it('K02: a limit above what the EV takes still caps it only as far as it asks (the EV draws the lower of both)', async () => {
    const s = await chargingScenario();
    s.evse(1).setEvMaxCurrent(12);
    const tx = await startCharging(s, 1);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 16]]));
    expect(s.evse(1).read().currentA).toEqual([12, 12, 12]);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 7]]));
    expect(s.evse(1).read().currentA).toEqual([7, 7, 7]);
  });
});
