import { describe, expect, it } from 'vitest';
import { startFakeCsms } from '../support/fake-csms.js';
import { scenario } from '../support/scenario.js';
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
