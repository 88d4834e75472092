/**
 * `network` and `status` tell the truth about the connection: the profile
 * the link uses, the one waiting for a reboot (B10: a new priority takes
 * effect at the next boot), and the one given up on after a fallback.
 */
import { describe, expect, it } from 'vitest';
import { consoleOf } from '../../src/station/console/index.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { acceptedScenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

const session = { json: true, trace: false, service: true }; // a technician logged in: network settings need it

describe('network and status show the truth (B10)', () => {
  it('a new first priority is "pending reboot" while the link stays on the slot in use; after the reboot a dead one is "failed" with why, and the fallback is connected', async () => {
    const dead = await startFakeCsms();
    const deadUrl = dead.url;
    await dead.close();
    const s = await acceptedScenario();
    const run = async (line: string) => {
      const out = await consoleOf(s.station).execute(line, session);
      if (!out.ok) throw new Error(`${line}: ${out.error.message}`);
      return out.reply.data as any;
    };
    const live = s.station.network.active()!.slot;
    await run(`network set 2 Wired0 ${deadUrl}`);
    const moved = await run('network priority 2 1');
    expect(moved.hint).toMatch(/takes effect at the next boot/);
    const states = (view: any) => Object.fromEntries(view.profiles.map((p: any) => [p.slot, p.state]));
    expect(states(await run('network'))).toEqual({ [live]: 'connected', 2: 'pending reboot' });
    const status = await run('status');
    expect(status.csms).toMatchObject({ connected: true, url: s.csms.url });
    expect(status.network).toMatchObject({ activeSlot: live, pendingSlot: 2 });

    await run('reboot');
    await waitFor(() => s.station.connection.inUse() === 2, 'the reboot boots with slot 2');
    const attempts = s.station.model.getNumber('OCPPCommCtrlr.NetworkProfileConnectionAttempts');
    for (let i = 0; i < attempts + 2 && !s.station.connected; i++) {
      await waitFor(() => s.station.connection.lastConnectError() !== undefined || s.station.connected, `attempt ${i + 1}`);
      if (!s.station.connected) expect(states(await run('network'))[2]).toBe('connecting');
      await s.clock.advance(60_000);
    }
    await waitFor(() => s.station.registration === 'Accepted' && s.station.connected, 'accepted at the fallback');
    const after = await run('network');
    expect(states(after)).toEqual({ [live]: 'connected', 2: 'failed' });
    expect(after.profiles.find((p: any) => p.slot === 2).lastError).toMatch(/ECONNREFUSED|connect/i);
    expect((await run('status')).network).toMatchObject({ activeSlot: live, pendingSlot: null });
  });
});
