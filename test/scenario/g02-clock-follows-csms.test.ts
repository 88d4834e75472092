/** G02 / B01: the station clock follows the CSMS's currentTime; the CSMS's time wins over `clock advance`, and says so. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, keepStationTime, runConsole } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

describe('G02 Heartbeat currentTime sets the clock', () => {
  it("G02: after 'clock advance 1h' the next Heartbeat answer sets the clock back to the CSMS's time; the reply and the log say which wins", async () => {
    const s = await acceptedScenario();
    keepStationTime(s); // the CSMS answers with the station's time as it was
    const csmsTime = s.station.clock.now();
    s.csms.handle('Heartbeat', () => ({ currentTime: new Date(csmsTime).toISOString() }));
    const advanced = await runConsole(s, 'clock advance 1h');
    expect(advanced.ok && advanced.reply.text).toContain("the CSMS's time wins: its next Heartbeat or BootNotification answer sets the clock back (logged)");
    // the Heartbeats due within that hour (interval 300 s) are answered with the CSMS's time: it wins
    await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    await waitFor(() => s.station.clock.now() < csmsTime + 60_000, 'clock set back by a Heartbeat answer');
    expect(s.station.log.recent(30).map((l) => l.text).join('\n')).toMatch(/clock set from the CSMS's Heartbeat currentTime \(-\d+ min\): the CSMS's time wins/);
  });
});
