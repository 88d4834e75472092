import { describe, expect, it } from 'vitest';
import { acceptedScenario, bootAnsweredWith, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

describe('B01 Cold Boot Charging Station', () => {
  it('B01: BootNotification PowerUp, then StatusNotification for every connector and SecurityEventNotification StartupOfTheDevice', async () => {
    const s = await acceptedScenario();
    const [boot] = s.csms.callsOf('BootNotification');
    expect(boot.reason).toBe('PowerUp');
    expect(boot.chargingStation).toMatchObject({ model: 'NG9xx', firmwareVersion: '6.0.0', serialNumber: 'CS001' });
    await waitFor(() => s.csms.callsOf('StatusNotification').length === 2, 'two StatusNotifications');
    const statuses = s.csms.callsOf('StatusNotification').map((p) => [p.evseId, p.connectorId, p.connectorStatus]);
    expect(statuses).toEqual([
      [1, 1, 'Available'],
      [2, 1, 'Available'],
    ]);
    expect(s.csms.callsOf('SecurityEventNotification')[0].type).toBe('StartupOfTheDevice');
    const order = s.csms.calls.map((c) => c.action);
    expect(order.indexOf('BootNotification')).toBe(0);
    expect(order.indexOf('StatusNotification')).toBeLessThan(order.indexOf('SecurityEventNotification'));
  });

  it('B01.FR: the clock is set from currentTime and HeartbeatInterval from interval', async () => {
    const csms = await (await import('../support/fake-csms.js')).startFakeCsms();
    csms.handle('BootNotification', () => ({ status: 'Accepted', currentTime: '2031-05-06T07:08:09.000Z', interval: 123 }));
    const s = await acceptedScenario({ csms });
    expect(Math.abs(s.station.clock.now() - Date.parse('2031-05-06T07:08:09.000Z'))).toBeLessThan(1000);
    expect(s.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(123);
  });

  it('B01: the Boot carries the station id in the URL and the ocpp2.0.1 subprotocol', async () => {
    const s = await acceptedScenario();
    const hs = s.csms.lastHandshake('CS001');
    expect(hs.protocol).toBe('ocpp2.0.1');
    expect(hs.path.endsWith('/CS001')).toBe(true);
  });
});

describe('B02 Cold Boot Charging Station – Pending', () => {
  it('B02: while Pending it sends nothing but BootNotification, again after interval, then proceeds once Accepted', async () => {
    const { startFakeCsms } = await import('../support/fake-csms.js');
    const csms = await startFakeCsms();
    let answer = 'Pending';
    csms.handle('BootNotification', () => ({ status: answer, currentTime: new Date().toISOString(), interval: 60 }));
    const s = await scenario({ csms });
    await waitFor(() => s.station.registration === 'Pending', 'Pending');
    await s.clock.advance(59_000);
    expect(csms.callsOf('BootNotification')).toHaveLength(1);
    answer = 'Accepted';
    await s.clock.advance(1_000);
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted');
    const actions = csms.calls.map((c) => c.action);
    expect(actions.slice(0, 2)).toEqual(['BootNotification', 'BootNotification']);
    await waitFor(() => csms.callsOf('StatusNotification').length === 2, 'StatusNotifications after Accepted');
  });

  it('B02.FR: while Pending it answers GetVariables, SetVariables and GetBaseReport, rejects RequestStartTransaction', async () => {
    const s = await bootAnsweredWith('Pending', 300);
    const { csms } = s;
    const get = await csms.call('CS001', 'GetVariables', {
      getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }],
    });
    expect(get.getVariableResult[0].attributeStatus).toBe('Accepted');
    const set = await csms.call('CS001', 'SetVariables', {
      setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '600' }],
    });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    const report = await csms.call('CS001', 'GetBaseReport', { requestId: 7, reportBase: 'ConfigurationInventory' });
    expect(report.status).toBe('Accepted');
    await waitFor(() => csms.callsOf('NotifyReport').some((r) => r.requestId === 7 && !r.tbc), 'NotifyReport');
    const start = await csms.call('CS001', 'RequestStartTransaction', { idToken: { idToken: 'TAG1', type: 'ISO14443' }, remoteStartId: 1 });
    expect(start.status).toBe('Rejected');
    const trigger = await csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    expect(trigger.status).toBe('Rejected');
    await s.clock.advance(299_000);
    const sent = new Set(csms.calls.map((c) => c.action));
    expect([...sent].sort()).toEqual(['BootNotification', 'NotifyReport']);
  });

  it('B02/F06: TriggerMessage(BootNotification) while Pending gets a Boot with reason Triggered', async () => {
    const s = await bootAnsweredWith('Pending', 300);
    const { csms } = s;
    const trigger = await csms.call('CS001', 'TriggerMessage', { requestedMessage: 'BootNotification' });
    expect(trigger.status).toBe('Accepted');
    const boot = await csms.waitForCall('BootNotification', (p) => p.reason === 'Triggered');
    expect(boot.reason).toBe('Triggered');
  });
});

describe('B03 Cold Boot Charging Station – Rejected', () => {
  it('B03: after Rejected it stays silent until interval has passed, then boots again', async () => {
    const s = await bootAnsweredWith('Rejected', 120);
    const { csms } = s;
    s.station.hardware.sim!.evse(1)!.plug();
    await s.clock.advance(119_000);
    expect(csms.calls.map((c) => c.action)).toEqual(['BootNotification']);
    await s.clock.advance(1_000);
    await waitFor(() => csms.callsOf('BootNotification').length === 2, 'second Boot');
    expect(csms.calls.map((c) => c.action)).toEqual(['BootNotification', 'BootNotification']);
  });
});

describe('B04 Offline Behavior Idle Charging Station', () => {
  it('B04: reconnects with back-off, does not boot again, and reports the connector status that changed while offline', async () => {
    const s = await acceptedScenario();
    await s.csms.disconnect('CS001');
    await waitFor(() => !s.station.connected, 'station sees the link drop');
    s.station.hardware.sim!.evse(1)!.plug();
    expect(s.station.connectors.status(1)).toBe('Occupied');
    // RetryBackOffWaitMinimum 5 s, random range 0 with random() = 0.
    await s.clock.advance(5_000);
    await waitFor(() => s.csms.connectionCount('CS001') === 2, 'reconnect');
    const occupied = await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    expect(occupied).toMatchObject({ evseId: 1, connectorId: 1 });
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
  });
});
