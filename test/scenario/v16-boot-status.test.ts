import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCsms } from '../support/fake-csms.js';
import { type Scenario, scenario } from '../support/scenario.js';
import { evse } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { ready16, statuses } from './v16-helpers.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

describe('OCPP 1.6J: boot, status, heartbeat', () => {
  it('1.6: BootNotification carries chargePointVendor/Model/SerialNumber and firmwareVersion; Accepted sets the interval; connector 0 and each connector report Available', async () => {
    s = await ready16();
    expect(s.csms.lastHandshake('CS001').protocol).toBe('ocpp1.6');
    expect(s.station.ocppVersion).toBe('1.6');
    const boot = s.csms.callsOf('BootNotification');
    expect(boot).toEqual([{ chargePointVendor: 'NG9', chargePointModel: 'NG9xx', chargePointSerialNumber: 'CS001', firmwareVersion: '6.0.0' }]);
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(300);
    expect(statuses(s)).toEqual(['0 Available NoError', '1 Available NoError', '2 Available NoError']);
    // 2.0.1-only messages never reach a 1.6 CSMS (the strict fake CSMS would flag them).
    expect(s.csms.calls.map((c) => c.action).filter((a) => !['BootNotification', 'StatusNotification', 'SecurityEventNotification'].includes(a))).toEqual([]);
    expect(s.csms.callsOf('SecurityEventNotification')[0]).toMatchObject({ type: 'StartupOfTheDevice' });
  });

  it('1.6: Heartbeat after HeartbeatInterval seconds of silence; its currentTime sets the clock', async () => {
    s = await ready16();
    s.csms.handle('Heartbeat', () => ({ currentTime: '2030-01-01T00:00:00.000Z' }));
    await s.clock.advance(299_000);
    expect(s.csms.callsOf('Heartbeat')).toHaveLength(0);
    await s.clock.advance(1_000);
    await s.csms.waitForCall('Heartbeat');
    await waitFor(() => new Date(s!.station.clock.now()).getUTCFullYear() === 2030, 'clock set by the Heartbeat');
  });

  it('1.6: plugging in makes the connector Preparing, unplugging Available again (2.0.1 would say Occupied)', async () => {
    s = await ready16();
    const mark = s.csms.mark();
    evse(s, 2).plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 2 && p.status === 'Preparing', { after: mark });
    evse(s, 2).unplug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 2 && p.status === 'Available', { after: mark });
    expect(statuses(s, mark)).toEqual(['2 Preparing NoError', '2 Available NoError']);
  });

  it('1.6: TriggerMessage StatusNotification for a connector answers Accepted and sends it though unchanged; DiagnosticsStatusNotification → Idle', async () => {
    s = await ready16();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', undefined, { after: mark });
    expect(statuses(s, mark)).toEqual(['1 Available NoError']);
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 0 })).toEqual({ status: 'Accepted' });
    await waitFor(() => statuses(s!, mark).length === 2, 'connector 0 status');
    expect(statuses(s, mark)[1]).toBe('0 Available NoError');
    const diag = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('DiagnosticsStatusNotification', undefined, { after: diag })).toEqual({ status: 'Idle' });
    const hb = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('Heartbeat', undefined, { after: hb });
  });

  it('1.6: ChangeAvailability connector 1 Inoperative → Accepted, StatusNotification Unavailable; connector 0 → the charge point and both connectors Unavailable', async () => {
    s = await ready16();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Unavailable', { after: mark });
    expect(await s.csms.call('CS001', 'ChangeAvailability', { connectorId: 0, type: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => statuses(s!, mark).length === 3, 'station Unavailable');
    expect(statuses(s, mark).sort()).toEqual(['0 Unavailable NoError', '1 Unavailable NoError', '2 Unavailable NoError']);
    expect(await s.csms.call('CS001', 'ChangeAvailability', { connectorId: 7, type: 'Operative' })).toEqual({ status: 'Rejected' });
  });

  it('1.6 G05: the cable lock does not engage → StatusNotification Faulted with errorCode ConnectorLockFailure (no NotifyEvent); cable out → Available NoError', async () => {
    s = await ready16();
    const hw = evse(s, 1);
    hw.plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Preparing');
    const mark = s.csms.mark();
    hw.lockFails = true;
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Faulted', { after: mark });
    hw.unplug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Available', { after: mark });
    expect(statuses(s, mark)).toEqual(['1 Faulted ConnectorLockFailure', '1 Available NoError']);
    expect(s.csms.callsOf('NotifyEvent')).toEqual([]);
  });

  it('1.6 B02: BootNotification Pending → nothing but BootNotification until accepted (GetConfiguration is answered meanwhile); again after the interval, then Accepted', async () => {
    const csms = await startFakeCsms();
    let answer = 'Pending';
    csms.handle('BootNotification', () => ({ status: answer, currentTime: new Date().toISOString(), interval: 30 }));
    s = await scenario({ ocppVersion: '1.6', csms });
    await waitFor(() => s!.station.registration === 'Pending', 'Pending');
    expect(await csms.call('CS001', 'GetConfiguration', { key: ['NumberOfConnectors'] })).toEqual({ configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: '2' }] });
    evse(s, 1).plug();
    await s.clock.advance(29_000);
    expect(csms.calls.map((c) => c.action)).toEqual(['BootNotification']);
    answer = 'Accepted';
    await s.clock.advance(1_000);
    await waitFor(() => s!.station.registration === 'Accepted', 'Accepted');
    await waitFor(() => statuses(s!).length === 3, 'statuses');
    expect(statuses(s)).toEqual(['0 Available NoError', '1 Preparing NoError', '2 Available NoError']);
  });
});
