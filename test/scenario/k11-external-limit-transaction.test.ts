/**
 * K11 Set / Update External Charging Limit with an ongoing transaction: the
 * external system is the station's own load balancing on the P1 smart meter
 * (simulated household meter served over loopback TCP, read over "telnet").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LB_PROFILE_ID } from '../../src/station/loadbalancing/block.js';
import { type LbScenario, lbScenario, sampled } from '../unit/loadbalancing/lb-scenario.js';

let s: LbScenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const EMS = { chargingLimit: { chargingLimitSource: 'EMS' } };

describe('K11 external charging limit during a transaction (P1 load balancing)', () => {
  it('K11: the household load rises → the limit drops, the EV draws it and the meter values follow; NotifyChargingLimit (EMS) and TransactionEvent ChargingRateChanged', async () => {
    s = await lbScenario({ settings: { 'P1SmartMeter.MaxCurrent': 25 } });
    s.household([0, 0, 0]);
    await s.telegrams(1);
    expect(s.station.loadBalancing.status().limitA).toBe(25); // 25 A < 2 × 32 A: the fuse already limits the station
    const transactionId = await s.startCharging(1);
    expect(s.evse(1).read().currentA).toEqual([25, 25, 25]);
    const notified = s.calls('NotifyChargingLimit').length;

    s.household([10, 6, 4]); // L1 leaves 15 A
    await s.telegrams(1);
    expect(s.station.loadBalancing.status().limitA).toBe(15);
    expect(s.evse(1).offeredA).toBe(15);
    expect(s.evse(1).read().currentA).toEqual([15, 15, 15]);
    expect(s.calls('NotifyChargingLimit').slice(notified)).toEqual([EMS]);
    expect(s.told(transactionId).slice(-1)).toEqual(['Updated ChargingRateChanged Charging']);
    const rateChanged = s.calls('TransactionEvent').at(-1);
    expect(rateChanged).toMatchObject({ eventType: 'Updated', triggerReason: 'ChargingRateChanged', transactionInfo: { transactionId } });

    // the meter values of the transaction follow the limit
    await s.station.transactions.triggered([1]);
    await s.idle();
    expect(sampled(s.calls('TransactionEvent').at(-1), 'Current.Import')).toEqual([15, 15, 15]);
    expect(sampled(s.calls('TransactionEvent').at(-1), 'Power.Active.Import')).toEqual([15 * 230 * 3]);

    // the limit as installed: a ChargingStationExternalConstraints profile of the station, source EMS
    const rows = s.station.smartCharging.profiles.valid().filter((r) => r.profile.id === LB_PROFILE_ID);
    expect(rows).toEqual([expect.objectContaining({ evseId: 0, source: 'EMS', valid: true })]);
    expect(rows[0]!.profile).toMatchObject({ chargingProfilePurpose: 'ChargingStationExternalConstraints', chargingSchedule: [{ chargingSchedulePeriod: [{ startPeriod: 0, limit: 15 }] }] });
    expect(s.station.model.getNumber('P1SmartMeter.LimitingCurrent')).toBe(15);
  });

  it('K11: SmartChargingCtrlr.LimitChangeSignificance: a change within it is applied but not told; changes that add up beyond it are', async () => {
    s = await lbScenario();
    s.set('SmartChargingCtrlr.LimitChangeSignificance', 10);
    const transactionId = await s.startCharging(1);
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toEqual([EMS]); // 15 A
    const events = s.told(transactionId).length;

    s.household([11, 0, 0]); // 14 A: −6.7 %
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([14, 14, 14]);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
    expect(s.told(transactionId)).toHaveLength(events);

    s.household([12, 0, 0]); // 13 A: −13 % of the 15 A the CSMS heard
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([13, 13, 13]);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2);
    expect(s.told(transactionId).slice(events)).toEqual(['Updated ChargingRateChanged Charging']);
  });

  it('K11: the limit does not flap with the meter: raising waits for 2 A of room, lowering is immediate', async () => {
    s = await lbScenario();
    await s.startCharging(1);
    s.household([10, 0, 0]);
    await s.telegrams(1);
    const limits: number[] = [];
    for (const amps of [11, 10, 11, 10, 9, 8, 12]) {
      s.household([amps, 0, 0]);
      await s.telegrams(1);
      limits.push(s.evse(1).offeredA);
    }
    // 15 → 14 at once; 15 is not 2 A above 14, 16 is; 17 is not 2 A above 16; 13 at once
    expect(limits).toEqual([14, 14, 14, 14, 16, 16, 13]);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2); // 15, then 13 (−13 %): 14 and 16 are within 10 % of 15
  });

  it('K11: SmartChargingCtrlr.NotifyChargingLimitWithSchedules true: NotifyChargingLimit carries the limit as a charging schedule', async () => {
    s = await lbScenario();
    s.set('SmartChargingCtrlr.NotifyChargingLimitWithSchedules', true);
    await s.startCharging(1);
    s.household([5, 9, 7]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toEqual([
      { ...EMS, chargingSchedule: [{ id: LB_PROFILE_ID, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }] },
    ]);
  });

  it("K11: P1SmartMeter.IncludesStation: the meter measures the EV too — the household is the meter minus the station's draw, and the limit holds steady", async () => {
    s = await lbScenario({ settings: { 'P1SmartMeter.IncludesStation': true } });
    const transactionId = await s.startCharging(1);
    s.householdWithStation([10, 4, 2]);
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([15, 15, 15]);
    await s.telegrams(5);
    const status = s.station.loadBalancing.status();
    expect(status.reading).toMatchObject({ meterA: [25, 19, 17], ownDrawA: [15, 15, 15], householdA: [10, 4, 2], budgetA: [15, 21, 23] });
    expect(status.limitA).toBe(15);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
    expect(s.told(transactionId).filter((t) => t.includes('ChargingRateChanged'))).toHaveLength(1);
  });

  it('K11: a budget of 0 A suspends the EV (SuspendedEVSE) and resumes it when the house draws less', async () => {
    s = await lbScenario();
    const transactionId = await s.startCharging(1);
    s.household([25, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([0, 0, 0]);
    expect(s.told(transactionId).at(-1)).toBe('Updated ChargingStateChanged SuspendedEVSE');
    s.household([15, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([10, 10, 10]);
    expect(s.told(transactionId).at(-1)).toBe('Updated ChargingStateChanged Charging');
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2);
  });
});
