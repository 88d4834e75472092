/** A04 (a security event of the station's own): the service login locked after wrong passwords is told to the CSMS. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, runConsole } from '../support/scenario.js';

describe('A04 SecurityEventNotification: the service login locked', () => {
  it('A04: the third wrong service password locks the login and sends InvalidServicePassword with what happened', async () => {
    const s = await acceptedScenario();
    for (let i = 0; i < 3; i++) expect((await runConsole(s, 'login service guess')).ok).toBe(false);
    const event = await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidServicePassword');
    expect(event.techInfo).toMatch(/3 wrong service passwords on the local console, locked for 2 s/);
  });
});
