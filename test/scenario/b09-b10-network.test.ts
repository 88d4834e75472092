import { describe, expect, it } from 'vitest';
import { startFakeCsms } from '../support/fake-csms.js';
import { acceptedScenario, csmsForTest, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { networkProfile } from '../support/wire.js';


describe('B09 Setting a new NetworkConnectionProfile', () => {
  it('B09: a valid profile is Accepted and stored in its slot', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'SetNetworkProfile', {
      configurationSlot: 2,
      connectionData: networkProfile('ws://10.0.0.1:9000/ocpp', { ocppInterface: 'Wireless0', apn: { apn: 'internet', apnAuthentication: 'AUTO' } }),
    });
    expect(res.status).toBe('Accepted');
    expect(s.station.network.get(2)).toMatchObject({ ocppCsmsUrl: 'ws://10.0.0.1:9000/ocpp', ocppInterface: 'Wireless0' });
  });

  it('B09 (release notes): Wireless1 (wifi, not supported yet) and the unused interfaces are Rejected; nothing stored', async () => {
    const s = await acceptedScenario();
    for (const ocppInterface of ['Wireless1', 'Wired2']) {
      const res = await s.csms.call('CS001', 'SetNetworkProfile', { configurationSlot: 3, connectionData: networkProfile('ws://10.0.0.1/ocpp', { ocppInterface }) });
      expect(res.status).toBe('Rejected');
    }
    expect(s.station.network.get(3)).toBeUndefined();
  });

  it('B09.FR: a profile with a lower security profile than the active one is Rejected (no downgrade)', async () => {
    const s = await scenario({ start: false });
    const active = s.station.network.active()!;
    s.station.network.set(active.slot, { ...active.profile, securityProfile: 1 });
    s.station.model.setByKey('SecurityCtrlr.BasicAuthPassword', 'a-long-enough-password', 'console');
    s.station.start();
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted');
    const res = await s.csms.call('CS001', 'SetNetworkProfile', { configurationSlot: 2, connectionData: networkProfile('ws://10.0.0.1/ocpp') });
    expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NoSecurityDowngrade' } });
  });
});

describe('B10 Migrate to new ConnectionProfile', () => {
  it('B10: new profile + NetworkConfigurationPriority + Reset → the station boots at the new CSMS', async () => {
    const s = await acceptedScenario();
    const other = await csmsForTest();
    expect((await s.csms.call('CS001', 'SetNetworkProfile', { configurationSlot: 2, connectionData: networkProfile(other.url) })).status).toBe('Accepted');
    const set = await s.csms.call('CS001', 'SetVariables', {
      setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '2,1' }],
    });
    expect(set.setVariableResult[0].attributeStatus).toMatch(/Accepted|RebootRequired/);
    expect((await s.csms.call('CS001', 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
    const boot = await other.waitForCall('BootNotification');
    expect(boot.reason).toBe('RemoteReset');
    expect(s.station.model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(2);
  });

  it('B10.FR: after NetworkProfileConnectionAttempts failures with the first profile the station falls back to the next one', async () => {
    const dead = await startFakeCsms();
    const deadUrl = dead.url;
    await dead.close();
    const s = await scenario({ start: false });
    const live = s.station.network.active()!;
    s.station.network.set(2, networkProfile(deadUrl));
    s.station.network.setPriority(2, 1);
    expect(s.station.network.priority().slice(0, 2)).toEqual([2, live.slot]);
    const attempts = s.station.model.getNumber('OCPPCommCtrlr.NetworkProfileConnectionAttempts');
    s.station.start();
    for (let i = 0; i < attempts + 2 && s.station.registration !== 'Accepted'; i++) {
      await waitFor(() => s.station.log.recent(50).filter((l) => l.text.startsWith('cannot reach the CSMS')).length > i || s.station.connected, `attempt ${i + 1}`);
      await s.clock.advance(60_000);
    }
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted at the fallback CSMS');
    expect(s.station.log.recent(50).map((l) => l.text).join('\n')).toContain(`trying slot ${live.slot}`);
    expect(s.station.model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(live.slot);
  });
});

describe('SecurityCtrlr.SecurityProfile (issue 10)', () => {
  it('reports the security profile of the connection in use (0 on ws:// without Basic auth; B09.FR above refuses a lower one)', async () => {
    const s = await acceptedScenario();
    const got = await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' } }] });
    expect(got.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '0' });
    expect(s.csms.lastHandshake('CS001').authorization).toBeUndefined();
  });
});
