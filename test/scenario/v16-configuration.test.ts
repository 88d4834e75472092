import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../support/scenario.js';
import { ready16 } from './v16-helpers.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const change = (sc: Scenario, key: string, value: string) => sc.csms.call('CS001', 'ChangeConfiguration', { key, value });
const get = (sc: Scenario, key?: string[]) => sc.csms.call('CS001', 'GetConfiguration', key ? { key } : {});

describe('OCPP 1.6J: ChangeConfiguration / GetConfiguration through the 1.6 key map', () => {
  it('1.6: ChangeConfiguration HeartbeatInterval → Accepted, the 2.0.1 variable changes and heartbeats follow it; GetConfiguration reads it back', async () => {
    s = await ready16();
    expect(await change(s, 'HeartbeatInterval', '120')).toEqual({ status: 'Accepted' });
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(120);
    expect(await get(s, ['heartbeatinterval'])).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '120' }] });
    const mark = s.csms.mark();
    await s.clock.advance(120_000);
    await s.csms.waitForCall('Heartbeat', undefined, { after: mark });
  });

  it('1.6 release notes: a boolean key takes only (case-insensitive) true / false — "yes" is Rejected and changes nothing; "FALSE" is Accepted; GetConfiguration reports lowercase', async () => {
    s = await ready16();
    expect(await change(s, 'StopTransactionOnInvalidId', 'yes')).toEqual({ status: 'Rejected' });
    expect(s.station.model.getBoolean('TxCtrlr.StopTxOnInvalidId')).toBe(true);
    expect(await change(s, 'StopTransactionOnInvalidId', 'FALSE')).toEqual({ status: 'Accepted' });
    expect(s.station.model.getBoolean('TxCtrlr.StopTxOnInvalidId')).toBe(false);
    expect(await get(s, ['StopTransactionOnInvalidId', 'LocalAuthorizeOffline'])).toEqual({
      configurationKey: [
        { key: 'StopTransactionOnInvalidId', readonly: false, value: 'false' },
        { key: 'LocalAuthorizeOffline', readonly: false, value: 'true' },
      ],
    });
  });

  it('1.6 release notes: removed keys (ProtocolName, SecurityProfile, BackOffice-URL-wired) are NotSupported to ChangeConfiguration and unknownKey to GetConfiguration', async () => {
    s = await ready16();
    for (const key of ['ProtocolName', 'SecurityProfile', 'BackOffice-URL-wired', 'APN-Name']) expect(await change(s, key, '1'), key).toEqual({ status: 'NotSupported' });
    expect(await get(s, ['ProtocolName', 'HeartbeatInterval', 'SecurityProfile', 'NoSuchKey'])).toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
      unknownKey: ['ProtocolName', 'SecurityProfile', 'NoSuchKey'],
    });
  });

  it('1.6: an unknown key is NotSupported, a read-only key Rejected, an out-of-range value Rejected — nothing changes', async () => {
    s = await ready16();
    expect(await change(s, 'NoSuchKey', '1')).toEqual({ status: 'NotSupported' });
    expect(await change(s, 'NumberOfConnectors', '4')).toEqual({ status: 'Rejected' });
    expect(await change(s, 'HeartbeatInterval', '-5')).toEqual({ status: 'Rejected' });
    expect(await change(s, 'HeartbeatInterval', 'soon')).toEqual({ status: 'Rejected' });
    expect(await change(s, 'MeterValuesSampledData', 'Energy.Active.Import.Register,Bogus')).toEqual({ status: 'Rejected' });
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(300);
    // A 2.0.1 console key is not a 1.6 configuration key.
    expect(await change(s, 'OCPPCommCtrlr.HeartbeatInterval', '10')).toEqual({ status: 'NotSupported' });
  });

  it('1.6: GetConfiguration without keys lists every 1.6 key with readonly flags, the write-only AuthorizationKey without its value, and no removed key', async () => {
    s = await ready16();
    const all = (await get(s)) as { configurationKey: Array<{ key: string; readonly: boolean; value?: string }>; unknownKey?: string[] };
    expect(all.unknownKey).toBeUndefined();
    const byKey = new Map(all.configurationKey.map((k) => [k.key, k]));
    expect(byKey.get('NumberOfConnectors')).toEqual({ key: 'NumberOfConnectors', readonly: true, value: '2' });
    expect(byKey.get('SupportedFeatureProfiles')?.readonly).toBe(true);
    // issue 10: only the profiles that answer (FirmwareManagement: UpdateFirmware and GetDiagnostics, v16-firmware / v16-diagnostics)
    expect(byKey.get('SupportedFeatureProfiles')?.value).toBe('Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger');
    // ConnectorPhaseRotation, a 1.6 Core key: one entry per connector, 0 the grid connection
    expect(byKey.get('ConnectorPhaseRotation')).toMatchObject({ readonly: false, value: '0.RST,1.RST,2.RST' });
    // the Smart Charging profile's key for the EVSEs' 3 → 1 phase switching (issue 10 item 7)
    expect(byKey.get('ConnectorSwitch3to1PhaseSupported')).toEqual({ key: 'ConnectorSwitch3to1PhaseSupported', readonly: true, value: 'true' });
    expect(byKey.get('AuthorizeRemoteTxRequests')).toEqual({ key: 'AuthorizeRemoteTxRequests', readonly: false, value: 'false' });
    expect(byKey.get('AuthorizationKey')).toEqual({ key: 'AuthorizationKey', readonly: false });
    expect(byKey.has('ProtocolName')).toBe(false);
    expect(all.configurationKey.filter((k) => k.value === 'True' || k.value === 'False')).toEqual([]);
    expect(all.configurationKey.length).toBeGreaterThan(30);
  });

  it('1.6: ChangeConfiguration AuthorizeRemoteTxRequests true → a RemoteStartTransaction is authorized first (Authorize idTag)', async () => {
    s = await ready16();
    expect(await change(s, 'AuthorizeRemoteTxRequests', 'True')).toEqual({ status: 'Accepted' });
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 1, idTag: 'R1' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('Authorize')).toEqual({ idTag: 'R1' });
  });
});
