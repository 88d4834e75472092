/**
 * The station's life cycle on a real station: a stop during a restart and
 * two restarts at once (a Reset and a `power cut`) are harmless.
 */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, runConsole } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

describe('Station life cycle', () => {
  it('stop during a restart: nothing runs on the closed store, no BootNotification follows', async () => {
    const s = await acceptedScenario();
    const restart = s.station.restart('RemoteReset');
    const stop = s.station.stop();
    await Promise.all([restart, stop]);
    expect(s.station.lifecycle.state).toBe('closed');
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
    await s.end();
  });

  it('B11 and power cut at once: two reboots in order (RemoteReset, then PowerUp), never interleaved; the station runs and is accepted again', async () => {
    const s = await acceptedScenario();
    expect(await s.csms.call(s.station.id, 'Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await waitFor(() => s.station.lifecycle.state === 'restarting', 'the reset under way');
    expect((await runConsole(s, 'power cut')).ok).toBe(true);
    // The power cut comes while the reset's reboot is under way: it waits for it, then the station goes down again.
    await waitFor(() => s.csms.callsOf('BootNotification').length >= 2 && s.station.registration === 'Accepted', 'accepted again');
    const reboots = s.station.log.recent(20).map((l) => l.text).filter((t) => t.startsWith('reboot'));
    expect(reboots).toEqual(['reboot (RemoteReset)', 'reboot (PowerUp)']);
    expect(s.csms.callsOf('BootNotification').at(-1).reason).toBe('PowerUp');
    expect(s.station.lifecycle.state).toBe('running');
  });
});
