import { describe, expect, it } from 'vitest';
import { type Scenario, acceptedScenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

describe('G01 Status Notification', () => {
  it('G01: plugging and unplugging a cable sends Occupied then Available for that connector only', async () => {
    const s = await acceptedScenario();
    s.station.hardware.sim!.evse(2)!.plug();
    const occupied = await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    expect(occupied).toMatchObject({ evseId: 2, connectorId: 1 });
    s.station.hardware.sim!.evse(2)!.unplug();
    await waitFor(() => s.csms.callsOf('StatusNotification').length === 4, 'Available again');
    expect(s.csms.callsOf('StatusNotification').slice(2).map((p) => [p.evseId, p.connectorStatus])).toEqual([
      [2, 'Occupied'],
      [2, 'Available'],
    ]);
  });
});

describe('G02 Heartbeat', () => {
  it('G02: a Heartbeat every HeartbeatInterval seconds of silence, none earlier; currentTime sets the clock', async () => {
    const s = await acceptedScenario();
    s.csms.handle('Heartbeat', () => ({ currentTime: '2032-01-01T00:00:00.000Z' }));
    await s.clock.advance(299_000);
    expect(s.csms.callsOf('Heartbeat')).toHaveLength(0);
    await s.clock.advance(1_000);
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'first heartbeat');
    await waitFor(() => Math.abs(s.station.clock.now() - Date.parse('2032-01-01T00:00:00Z')) < 1000, 'clock set');
    await s.clock.advance(300_000);
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 2, 'second heartbeat');
  });
});

describe('G02 Heartbeat after other messages', () => {
  it('G02: any message sent to the CSMS puts the next Heartbeat a full HeartbeatInterval after it', async () => {
    const s = await acceptedScenario();
    await s.clock.advance(200_000);
    s.station.hardware.sim!.evse(1)!.plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    await s.clock.advance(299_000); // 499 s after the boot, 299 s after the StatusNotification
    expect(s.csms.callsOf('Heartbeat')).toHaveLength(0);
    await s.clock.advance(1_000);
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'the heartbeat 300 s after the last message');
  });
});

describe('F06 Trigger Message', () => {
  it('F06: Heartbeat and StatusNotification are Accepted and sent after the reply', async () => {
    const s = await acceptedScenario();
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' })).status).toBe('Accepted');
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'triggered Heartbeat');
    const res = await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } });
    expect(res.status).toBe('Accepted');
    await waitFor(() => s.csms.callsOf('StatusNotification').length === 3, 'triggered StatusNotification');
    expect(s.csms.callsOf('StatusNotification')[2]).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Available' });
  });

  it('F06 (release-notes fix): MeterValues is Accepted, and reports Energy.Active.Import.Register when no aligned measurands are set', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } });
    expect(res.status).toBe('Accepted');
    const mv = await s.csms.waitForCall('MeterValues');
    expect(mv.evseId).toBe(1);
    expect(mv.meterValue[0].sampledValue).toEqual([
      expect.objectContaining({ measurand: 'Energy.Active.Import.Register', context: 'Trigger', value: 0 }),
    ]);
  });

  it('F06.FR: BootNotification once Accepted, an unknown EVSE → Rejected; an unsupported message → NotImplemented', async () => {
    const s = await acceptedScenario();
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'BootNotification' })).status).toBe('Rejected');
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 9, connectorId: 1 } })).status).toBe('Rejected');
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'SignV2GCertificate' })).status).toBe('NotImplemented');
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
  });
});

describe('OCPP-J Part 4: malformed frames get the right CALLERROR and the station keeps running', () => {
  const callErrors = (sc: Scenario) =>
    sc.csms.frames
      .filter((f) => f.direction === 'in')
      .map((f) => JSON.parse(f.raw))
      .filter((m) => m[0] === 4);

  it.each([
    ['not JSON', 'this is not json', '-1', 'RpcFrameworkError'],
    ['unknown message type', '[7,"m1","Heartbeat",{}]', 'm1', 'MessageTypeNotSupported'],
    ['unknown action', '[2,"m2","FlyToTheMoon",{}]', 'm2', 'NotImplemented'],
    ['payload of the wrong type', '[2,"m3","GetVariables",{"getVariableData":"all"}]', 'm3', 'TypeConstraintViolation'],
    ['required field missing', '[2,"m4","TriggerMessage",{}]', 'm4', 'OccurrenceConstraintViolation'],
  ])('%s → %s %s', async (_what, frame, id, code) => {
    const s = await acceptedScenario();
    s.csms.sendRaw('CS001', frame);
    await waitFor(() => callErrors(s).length === 1, 'CALLERROR');
    const [err] = callErrors(s);
    expect(err[1]).toBe(id);
    expect(err[2]).toBe(code);
    expect(s.station.connected).toBe(true);
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' })).status).toBe('Accepted');
  });
});
