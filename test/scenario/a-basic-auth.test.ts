import { describe, expect, it } from 'vitest';
import { startFakeCsms } from '../support/fake-csms.js';
import { acceptedScenario, runConsole, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

describe('Security profile 1: HTTP Basic authentication', () => {
  it('connects with username = station id and password = SecurityCtrlr.BasicAuthPassword; a wrong password is refused and retried', async () => {
    const csms = await startFakeCsms({ basicAuth: { CS001: 'correct-horse-battery' } });
    const s = await scenario({ csms, start: false });
    const profile = s.station.network.get(s.station.network.active()!.slot)!;
    s.station.network.set(s.station.network.active()!.slot, { ...profile, securityProfile: 1 });
    expect(s.station.model.setByKey('SecurityCtrlr.BasicAuthPassword', 'wrong-password-1234', 'console').attributeStatus).toBe('Accepted');
    s.station.start();
    await waitFor(() => csms.handshakes.some((h) => !h.accepted), 'refused handshake');
    expect(s.station.registration).toBe('Unregistered');

    expect(s.station.model.setByKey('SecurityCtrlr.BasicAuthPassword', 'correct-horse-battery', 'console').attributeStatus).toBe('Accepted');
    await s.station.restart('PowerUp');
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted with the right password');
    const hs = csms.lastHandshake('CS001');
    expect(hs.authorization).toBe(`Basic ${Buffer.from('CS001:correct-horse-battery').toString('base64')}`);
  });
});

describe('A01 / issue 14: the password and a CSMS that refuses it', () => {
  it('A01: a BasicAuthPassword with NUL, CR or LF is Rejected (SetVariables and console), nothing stored', async () => {
    const s = await acceptedScenario();
    for (const value of ['a-password-with\u0000nul', 'a-password-with\r\nbreak', 'a-password-with\ttab1']) {
      const r = await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: value }] });
      expect(r.setVariableResult[0]).toMatchObject({ attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'InvalidValue' } });
    }
    expect(s.station.model.getString('SecurityCtrlr.BasicAuthPassword')).toBe('');
    const ok = await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: 'a-good-password-16' }] });
    expect(ok.setVariableResult[0].attributeStatus).toBe('Accepted');
  });

  it('after HTTP 401 the station keeps trying with back-off, says so in status, and tells FailedToAuthenticateAtCsms once accepted', async () => {
    const csms = await startFakeCsms({ basicAuth: { CS001: 'correct-horse-battery' } });
    const s = await scenario({ csms, start: false });
    const slot = s.station.network.active()!.slot;
    s.station.network.set(slot, { ...s.station.network.get(slot)!, securityProfile: 1 });
    s.station.model.setByKey('SecurityCtrlr.BasicAuthPassword', 'wrong-password-1234', 'console');
    s.station.start();
    const refused = () => csms.handshakes.filter((h) => h.rejectStatus === 401).length;
    await waitFor(() => refused() === 1, 'first 401');
    for (let i = 0; i < 6; i++) await s.clock.advance(30_000);
    await waitFor(() => refused() >= 4, 'the station keeps trying');
    const status = await runConsole(s, 'status');
    expect(status.ok && status.reply.text!.join('\n')).toMatch(/CSMS refused the credentials \(401\)/);
    csms.setBasicAuth('CS001', 'wrong-password-1234'); // the CSMS operator fixes it on their side
    for (let i = 0; i < 6 && s.station.registration !== 'Accepted'; i++) await s.clock.advance(60_000);
    await waitFor(() => s.station.registration === 'Accepted', 'accepted at the next try');
    const event = await csms.waitForCall('SecurityEventNotification', (p) => p.type === 'FailedToAuthenticateAtCsms');
    expect(event.techInfo).toMatch(/401/);
  });
});
