/**
 * K12 Reset / release external charging limit: load balancing releases its
 * ChargingStationExternalConstraints when the household leaves the EVSEs
 * more than they can draw, or when it is switched off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LB_PROFILE_ID, RELEASED_REASON } from '../../src/station/loadbalancing/block.js';
import { type LbScenario, lbScenario } from '../unit/loadbalancing/lb-scenario.js';

let s: LbScenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const profileRows = (s: LbScenario) => s.station.smartCharging.profiles.all().filter((r) => r.profile.id === LB_PROFILE_ID);

describe('K12 release of the external charging limit', () => {
  it('K12: the household load drops → the limit no longer constrains: ClearedChargingLimit (EMS), the EV gets its full current, ChargingRateChanged', async () => {
    s = await lbScenario({ evses: 1, settings: { 'P1SmartMeter.MaxCurrent': 40 } });
    const transactionId = await s.startCharging(1);
    s.household([20, 8, 8]);
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([20, 20, 20]);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);

    s.household([7, 3, 3]); // 33 A left: up to the EVSE's 32 A, but not released before 2 A of room above it
    await s.telegrams(1);
    expect(s.station.loadBalancing.status().limitA).toBe(32);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2);
    expect(s.calls('ClearedChargingLimit')).toEqual([]);

    s.household([4, 3, 3]); // 36 A left
    await s.telegrams(1);
    expect(s.calls('ClearedChargingLimit')).toEqual([{ chargingLimitSource: 'EMS' }]);
    expect(s.station.loadBalancing.status().limitA).toBeNull();
    expect(s.evse(1).read().currentA).toEqual([32, 32, 32]);
    expect(s.told(transactionId).filter((t) => t.includes('ChargingRateChanged'))).toEqual(['Updated ChargingRateChanged Charging', 'Updated ChargingRateChanged Charging']);
    // invalidated, not erased (release notes 6.0.0), and no longer reported to the CSMS
    expect(profileRows(s)).toEqual([expect.objectContaining({ evseId: 0, valid: false, invalidatedReason: RELEASED_REASON, source: 'EMS' })]);
    expect(await s.csms.call('CS001', 'GetChargingProfiles', { requestId: 1, chargingProfile: { chargingLimitSource: ['EMS'] } })).toEqual({ status: 'NoProfiles' });
    expect(s.station.model.getNumber('P1SmartMeter.LimitingCurrent')).toBe(32);

    // it comes back when the house draws more again: told again
    s.household([20, 3, 3]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(3);
    expect(profileRows(s)).toEqual([expect.objectContaining({ valid: true })]);
  });

  it('K12: switching load balancing off releases the limit (ClearedChargingLimit); nothing more is told while it is off', async () => {
    s = await lbScenario();
    await s.startCharging(1);
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).offeredA).toBe(15);
    s.set('P1SmartMeter.LoadBalancingEnabled', false);
    await s.idle();
    expect(s.calls('ClearedChargingLimit')).toEqual([{ chargingLimitSource: 'EMS' }]);
    expect(s.evse(1).offeredA).toBe(32);
    s.household([24, 24, 24]);
    await s.telegrams(3);
    expect(s.evse(1).offeredA).toBe(32);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
    expect(s.station.loadBalancing.status().state).toBe('off');
  });

  it('K12: SmartChargingCtrlr.ExternalControlSignalsEnabled false (set by the CSMS) releases the limit; true applies it again', async () => {
    s = await lbScenario();
    s.household([10, 0, 0]);
    await s.telegrams(1);
    const set = (value: string) =>
      s!.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'SmartChargingCtrlr' }, variable: { name: 'ExternalControlSignalsEnabled' }, attributeValue: value }] });
    expect((await set('false')).setVariableResult[0].attributeStatus).toBe('Accepted');
    await s.idle();
    expect(s.calls('ClearedChargingLimit')).toHaveLength(1);
    expect(s.evse(1).offeredA).toBe(32);
    await set('true');
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2);
    expect(s.station.loadBalancing.status().limitA).toBe(15);
  });

  it('K12: released while offline → ClearedChargingLimit once the station is back; a limit set and released meanwhile is not told at all', async () => {
    s = await lbScenario({ evses: 1, settings: { 'P1SmartMeter.MaxCurrent': 40 } });
    s.household([20, 0, 0]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
    await s.station.setLinkWanted(false);
    s.household([0, 0, 0]);
    await s.telegrams(1);
    s.household([20, 0, 0]);
    await s.telegrams(1);
    s.household([0, 0, 0]);
    await s.telegrams(1);
    expect(s.station.loadBalancing.status().limitA).toBeNull();
    await s.station.setLinkWanted(true);
    await s.csms.waitForCall('ClearedChargingLimit');
    await s.idle();
    expect(s.calls('ClearedChargingLimit')).toEqual([{ chargingLimitSource: 'EMS' }]);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
  });
});
