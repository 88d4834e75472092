import { describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait.js';
import { type KScenario, kScenario } from '../unit/smartcharging/k-scenario.js';

async function install(sc: KScenario): Promise<void> {
  await sc.setProfile(0, sc.make({ id: 1, purpose: 'ChargingStationMaxProfile', periods: [[0, 40]] }));
  await sc.setProfile(0, sc.make({ id: 2, stackLevel: 1, periods: [[0, 20]] }));
  await sc.setProfile(1, sc.make({ id: 3, stackLevel: 2, periods: [[0, 16]] }));
  await sc.setProfile(2, sc.make({ id: 4, stackLevel: 2, periods: [[0, 10]] }));
}

/** The ReportChargingProfiles for one request: waits for the part without tbc. */
async function reports(sc: KScenario, requestId: number): Promise<any[]> {
  await sc.csms.waitForCall('ReportChargingProfiles', (p) => p.requestId === requestId && !p.tbc);
  return sc.csms.callsOf('ReportChargingProfiles').filter((p) => p.requestId === requestId);
}

const ids = (parts: any[]) => parts.map((p) => [p.evseId, p.chargingProfile.map((c: any) => c.id)]);

describe('K09 Get Charging Profiles', () => {
  it('K09: no profile installed → NoProfiles and no report', async () => {
    const s = await kScenario();
    expect(await s.call('GetChargingProfiles', { requestId: 1, chargingProfile: {} })).toEqual({ status: 'NoProfiles' });
    await s.clock.advance(1000);
    expect(s.csms.callsOf('ReportChargingProfiles')).toEqual([]);
  });

  it('K09: Accepted, then ReportChargingProfiles per EVSE with tbc on every part but the last, profiles as they were set', async () => {
    const s = await kScenario();
    await install(s);
    expect(await s.call('GetChargingProfiles', { requestId: 7, chargingProfile: {} })).toEqual({ status: 'Accepted' });
    const parts = await reports(s, 7);
    expect(ids(parts)).toEqual([
      [0, [1, 2]],
      [1, [3]],
      [2, [4]],
    ]);
    expect(parts.map((p) => p.tbc)).toEqual([true, true, undefined]);
    expect(parts.every((p) => p.chargingLimitSource === 'CSO')).toBe(true);
    expect(parts[1].chargingProfile[0]).toEqual(s.make({ id: 3, stackLevel: 2, periods: [[0, 16]] }));
  });

  it('K09: filters by evseId (0 = the station itself), purpose, stackLevel and profile ids', async () => {
    const s = await kScenario();
    await install(s);
    await s.call('GetChargingProfiles', { requestId: 1, evseId: 0, chargingProfile: {} });
    expect(ids(await reports(s, 1))).toEqual([[0, [1, 2]]]);
    await s.call('GetChargingProfiles', { requestId: 2, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } });
    expect(ids(await reports(s, 2))).toEqual([
      [1, [3]],
      [2, [4]],
    ]);
    await s.call('GetChargingProfiles', { requestId: 3, chargingProfile: { chargingProfileId: [4, 1, 99] } });
    expect(ids(await reports(s, 3))).toEqual([
      [0, [1]],
      [2, [4]],
    ]);
    expect(await s.call('GetChargingProfiles', { requestId: 5, evseId: 1, chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile' } })).toEqual({ status: 'NoProfiles' });
    expect(await s.call('GetChargingProfiles', { requestId: 6, chargingProfile: { chargingLimitSource: ['EMS', 'SO'] } })).toEqual({ status: 'NoProfiles' });
    expect(await s.call('GetChargingProfiles', { requestId: 8, chargingProfile: { chargingLimitSource: ['CSO'], stackLevel: 1 } })).toEqual({ status: 'Accepted' });
    expect(ids(await reports(s, 8))).toEqual([[0, [2]]]);
  });

  it('K09: a TxProfile set on all EVSEs is reported per EVSE; invalidated profiles are not reported', async () => {
    const s = await kScenario();
    await s.begin(1);
    await s.begin(2);
    await s.setProfile(0, s.make({ id: 9, purpose: 'TxProfile', periods: [[0, 12]] }));
    await s.call('GetChargingProfiles', { requestId: 1, chargingProfile: { chargingProfilePurpose: 'TxProfile' } });
    expect(ids(await reports(s, 1))).toEqual([
      [1, [9]],
      [2, [9]],
    ]);
    await s.finish(2);
    await s.call('GetChargingProfiles', { requestId: 2, chargingProfile: { chargingProfilePurpose: 'TxProfile' } });
    expect(ids(await reports(s, 2))).toEqual([[1, [9]]]);
    await waitFor(() => s.csms.callsOf('ReportChargingProfiles').length === 3, 'three reports');
  });
});
