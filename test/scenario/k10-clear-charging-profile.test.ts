import { afterEach, describe, expect, it } from 'vitest';
import { type KScenario, kScenario } from '../unit/smartcharging/k-scenario.js';

let s: KScenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

async function install(sc: KScenario): Promise<void> {
  await sc.setProfile(0, sc.make({ id: 1, purpose: 'ChargingStationMaxProfile', periods: [[0, 24]] }));
  await sc.setProfile(0, sc.make({ id: 2, stackLevel: 1, periods: [[0, 20]] }));
  await sc.setProfile(1, sc.make({ id: 3, stackLevel: 2, periods: [[0, 16]] }));
  await sc.setProfile(2, sc.make({ id: 4, stackLevel: 2, periods: [[0, 10]] }));
}

const state = (sc: KScenario) => sc.rows().map((r) => [r.id, r.valid, r.invalidated_reason]);

describe('K10 Clear Charging Profile', () => {
  it('K10: by id → Accepted; the profile stops applying, is kept marked ClearedByCsms and is no longer reported', async () => {
    s = await kScenario();
    await install(s);
    expect(s.evse(1).offeredA).toBe(16);
    expect(await s.call('ClearChargingProfile', { chargingProfileId: 3 })).toEqual({ status: 'Accepted' });
    expect(state(s)).toEqual([
      [1, 1, null],
      [2, 1, null],
      [3, 0, 'ClearedByCsms'],
      [4, 1, null],
    ]);
    expect(s.evse(1).offeredA).toBe(20);
    expect(s.station.model.getNumber('SmartChargingCtrlr.Entries:ChargingProfiles')).toBe(3);
    expect(await s.call('GetChargingProfiles', { requestId: 1, chargingProfile: { chargingProfileId: [3] } })).toEqual({ status: 'NoProfiles' });
  });

  it('K10: an unknown id, or one already cleared → Unknown, nothing changes', async () => {
    s = await kScenario();
    await install(s);
    await s.call('ClearChargingProfile', { chargingProfileId: 3 });
    const before = JSON.stringify(s.rows());
    expect(await s.call('ClearChargingProfile', { chargingProfileId: 42 })).toEqual({ status: 'Unknown' });
    expect(await s.call('ClearChargingProfile', { chargingProfileId: 3 })).toEqual({ status: 'Unknown' });
    expect(JSON.stringify(s.rows())).toBe(before);
  });

  it('K10: by criteria — every given criterion must match (evseId, purpose, stackLevel)', async () => {
    s = await kScenario();
    await install(s);
    expect(await s.call('ClearChargingProfile', { chargingProfileCriteria: { evseId: 2, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 1 } })).toEqual({ status: 'Unknown' });
    expect(await s.call('ClearChargingProfile', { chargingProfileCriteria: { chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 2 } })).toEqual({ status: 'Accepted' });
    expect(state(s).map(([id, valid]) => [id, valid])).toEqual([
      [1, 1],
      [2, 1],
      [3, 0],
      [4, 0],
    ]);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([20, 20]);
    expect(await s.call('ClearChargingProfile', { chargingProfileCriteria: { evseId: 0 } })).toEqual({ status: 'Accepted' });
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([32, 32]);
  });

  it('K10: without id or criteria every profile is cleared', async () => {
    s = await kScenario();
    await install(s);
    expect(await s.call('ClearChargingProfile', {})).toEqual({ status: 'Accepted' });
    expect(s.rows().every((r) => r.valid === 0 && r.invalidated_reason === 'ClearedByCsms')).toBe(true);
    expect(await s.call('GetChargingProfiles', { requestId: 1, chargingProfile: {} })).toEqual({ status: 'NoProfiles' });
    expect(await s.call('ClearChargingProfile', {})).toEqual({ status: 'Unknown' });
  });

  it('K10: a cleared id can be set again (same id replaces the kept row)', async () => {
    s = await kScenario();
    await install(s);
    await s.call('ClearChargingProfile', { chargingProfileId: 4 });
    expect(await s.setProfile(2, s.make({ id: 4, stackLevel: 2, periods: [[0, 6]] }))).toEqual({ status: 'Accepted' });
    expect(state(s)).toContainEqual([4, 1, null]);
    expect(s.evse(2).offeredA).toBe(6);
  });
});
