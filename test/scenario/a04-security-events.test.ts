/** A04 SecurityEventNotification: the critical security events reach the CSMS, in order, also after a power cut. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, runConsole, scenario } from '../support/scenario.js';
import { tempDir } from '../support/test-end.js';
import { waitFor } from '../support/wait.js';

describe('A04 SecurityEventNotification', () => {
  it('A04: the third wrong service password locks the login and sends InvalidServicePassword with what happened', async () => {
    const s = await acceptedScenario();
    for (let i = 0; i < 3; i++) expect((await runConsole(s, 'login service guess')).ok).toBe(false);
    const event = await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidServicePassword');
    expect(event.techInfo).toMatch(/3 wrong service passwords on the local console, locked for 2 s/);
  });

  it('A04.FR.01: setting the clock on the console is SettingSystemTime, sent with the time it happened', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    expect((await runConsole(s, 'date 2026-03-02 08:00:00')).ok).toBe(true);
    const event = await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'SettingSystemTime', { after: mark });
    expect(event.timestamp).toBe('2026-03-02T08:00:00.000Z');
    expect(event.techInfo).toContain('set on the console to 2026-03-02T08:00:00.000Z');
  });

  it('A04.FR.02: a critical event raised offline is kept across a power cut and sent, oldest first, once the CSMS accepted the station again', async () => {
    const dir = tempDir('ng9-a04-');
    let s = await scenario({ stateDir: dir, start: false });
    expect((await runConsole(s, 'date 2026-03-01 11:00:00')).ok).toBe(true);
    expect(s.csms.callsOf('SecurityEventNotification')).toEqual([]);
    const queued = s.station.securityEvents.securityLog.nextUnsent();
    expect(queued).toMatchObject({ type: 'SettingSystemTime', sent: false, critical: true });
    const csms = s.csms;
    await s.station.stop();

    s = await acceptedScenario({ csms, stateDir: dir });
    await csms.waitForCall('SecurityEventNotification', (p) => p.type === 'StartupOfTheDevice');
    const sent = csms.callsOf('SecurityEventNotification').map((p) => p.type);
    expect(sent).toEqual(['SettingSystemTime', 'StartupOfTheDevice']);
    // told after the boot StatusNotifications (the station's state first)
    const actions = csms.calls.map((c) => c.action);
    expect(actions.indexOf('SecurityEventNotification')).toBeGreaterThan(actions.lastIndexOf('StatusNotification'));
    await waitFor(() => s.station.securityEvents.securityLog.nextUnsent() === undefined, 'the queue marked sent as the CSMS answered');
    expect(s.station.securityEvents.recent().map((e) => e.type)).toEqual(['SettingSystemTime', 'StartupOfTheDevice']);
  });

  it('A04: a CSMS that refuses the station again and again is one queued FailedToAuthenticateAtCsms, while the security log keeps every attempt', async () => {
    const s = await scenario({ start: false });
    for (let i = 0; i < 5; i++) s.station.securityEvents.raise('FailedToAuthenticateAtCsms', `attempt ${i + 1}: HTTP 401`);
    s.station.securityEvents.raise('MaintenanceLoginAccepted', 'service login');
    const log = s.station.securityEvents.recent();
    expect(log.filter((e) => e.type === 'FailedToAuthenticateAtCsms')).toHaveLength(5);
    s.station.start();
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'StartupOfTheDevice');
    expect(s.csms.callsOf('SecurityEventNotification').map((p) => [p.type, p.techInfo])).toEqual([
      ['FailedToAuthenticateAtCsms', 'attempt 1: HTTP 401'],
      ['MaintenanceLoginAccepted', 'service login'],
      ['StartupOfTheDevice', 'boot reason PowerUp'],
    ]);
  });

  it('A04: an event that is not critical goes to the security log only', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    s.station.securityEvents.raise('CertificateExpiresSoon', 'not in the critical list');
    s.station.securityEvents.raise('ResetOrReboot', 'marker');
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.techInfo === 'marker', { after: mark });
    expect(s.csms.calls.slice(mark).filter((c) => c.action === 'SecurityEventNotification').map((c) => c.payload.type)).toEqual(['ResetOrReboot']);
    expect(s.station.securityEvents.recent().map((e) => e.type)).toContain('CertificateExpiresSoon');
  });
});
