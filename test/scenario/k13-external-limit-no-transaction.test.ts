/**
 * K13 Set / update external charging limit while no transaction runs: the
 * CSMS hears NotifyChargingLimit and nothing else; the limit shows in the
 * composite schedule and the charging profile reports like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LB_PROFILE_ID, profileFor } from '../../src/station/loadbalancing/block.js';
import { type LbScenario, lbScenario } from '../unit/loadbalancing/lb-scenario.js';

let s: LbScenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const EMS = { chargingLimit: { chargingLimitSource: 'EMS' } };

describe('K13 external charging limit without a transaction', () => {
  it('K13: a limit set and updated with no transaction: NotifyChargingLimit only, no TransactionEvent', async () => {
    s = await lbScenario();
    s.household([12, 3, 3]);
    await s.telegrams(1);
    s.household([20, 3, 3]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toEqual([EMS, EMS]); // 13 A, then 5 A
    expect(s.calls('TransactionEvent')).toEqual([]);
    expect(s.station.loadBalancing.status().limitA).toBe(5);
  });

  it('K13 / K08: the composite schedule shows the limit shared by the EVSEs; K09 reports it as ChargingStationExternalConstraints from EMS', async () => {
    s = await lbScenario();
    s.household([12, 3, 3]);
    await s.telegrams(1);
    const composite = (evseId: number) => s!.csms.call('CS001', 'GetCompositeSchedule', { evseId, duration: 600, chargingRateUnit: 'A' });
    expect((await composite(0)).schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 13, numberPhases: 3 }]);
    // no transaction: each EVSE is shown the part it would get if its transaction started now
    expect((await composite(1)).schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 13, numberPhases: 3 }]);

    expect(await s.csms.call('CS001', 'GetChargingProfiles', { requestId: 7, chargingProfile: { chargingProfilePurpose: 'ChargingStationExternalConstraints' } })).toEqual({
      status: 'Accepted',
    });
    const report = await s.csms.waitForCall('ReportChargingProfiles');
    expect(report).toEqual({ requestId: 7, evseId: 0, chargingLimitSource: 'EMS', chargingProfile: [profileFor(13)] });
  });

  it('K13 / K10: the CSMS cannot clear the external limit (ClearChargingProfile leaves it) nor set one (K01.FR.22)', async () => {
    s = await lbScenario();
    s.household([12, 3, 3]);
    await s.telegrams(1);
    expect(await s.csms.call('CS001', 'ClearChargingProfile', { chargingProfileId: LB_PROFILE_ID })).toEqual({ status: 'Unknown' });
    expect(await s.csms.call('CS001', 'ClearChargingProfile', {})).toEqual({ status: 'Unknown' });
    const set = await s.csms.call('CS001', 'SetChargingProfile', { evseId: 0, chargingProfile: { ...profileFor(30), id: 5 } });
    expect(set.status).toBe('Rejected');
    expect(s.station.smartCharging.limitA(1)).toBe(13);
  });

  it('K13: limits set while the CSMS cannot hear them are told once it can — only the limit in force then', async () => {
    s = await lbScenario();
    await s.station.setLinkWanted(false);
    s.household([12, 3, 3]);
    await s.telegrams(1);
    s.household([20, 3, 3]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toEqual([]);
    s.set('SmartChargingCtrlr.NotifyChargingLimitWithSchedules', true);
    await s.station.setLinkWanted(true);
    await s.csms.waitForCall('NotifyChargingLimit');
    await s.idle();
    expect(s.calls('NotifyChargingLimit')).toEqual([{ ...EMS, chargingSchedule: [profileFor(5).chargingSchedule[0]] }]);
  });
});
