import { describe, expect, it } from 'vitest';
import { type Scenario, acceptedScenario, runConsole } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { chargingStation, delivered, evse, sequence, settle, swipe, txEvents } from '../support/tx-helpers.js';

const boots = (sc: Scenario) => sc.csms.callsOf('BootNotification');

describe('B11 Reset Without Ongoing Transaction', () => {
  it('B11: Reset OnIdle without a transaction → Accepted, then a Boot with reason RemoteReset', async () => {
    const s = await acceptedScenario();
    expect(await s.csms.call('CS001', 'Reset', { type: 'OnIdle' })).toEqual({ status: 'Accepted' });
    await waitFor(() => boots(s).length === 2, 'second boot');
    expect(boots(s)[1].reason).toBe('RemoteReset');
  });

  it('B11: Reset Immediate without a transaction → Accepted, the station reboots: Boot RemoteReset, every connector told again, security event ResetOrReboot', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await waitFor(() => boots(s).length === 2 && s.station.registration === 'Accepted', 'second boot');
    expect(boots(s)[1].reason).toBe('RemoteReset');
    await waitFor(() => s.csms.calls.slice(mark).filter((c) => c.action === 'SecurityEventNotification').length === 1, 'ResetOrReboot');
    const after = s.csms.calls.slice(mark);
    expect(after.find((c) => c.action === 'SecurityEventNotification')!.payload.type).toBe('ResetOrReboot');
    expect(new Set(after.filter((c) => c.action === 'StatusNotification').map((c) => c.payload.evseId))).toEqual(new Set([1, 2]));
    expect(txEvents(s)).toEqual([]); // nothing to end
  });

  it('B11.FR: resetting one EVSE is Rejected and nothing restarts', async () => {
    const s = await acceptedScenario();
    expect((await s.csms.call('CS001', 'Reset', { type: 'Immediate', evseId: 1 })).status).toBe('Rejected');
    await settle(s);
    expect(boots(s)).toHaveLength(1);
  });
});

describe('B12 Reset With Ongoing Transaction', () => {
  it('B12: OnIdle with a transaction → Scheduled; the reset (RemoteReset) follows when the last transaction ended', async () => {
    const s = await chargingStation();
    evse(s, 2).plug();
    await swipe(s, 'TAG2');
    await delivered(s, 4);
    expect(await s.csms.call('CS001', 'Reset', { type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    evse(s, 1).unplug();
    await delivered(s, 5);
    expect(boots(s)).toHaveLength(1);
    evse(s, 2).unplug();
    await waitFor(() => boots(s).length === 2, 'boot after the last transaction');
    expect(boots(s)[1].reason).toBe('RemoteReset');
    expect(txEvents(s).filter((e) => e.eventType === 'Ended').map((e) => e.transactionInfo.stoppedReason)).toEqual(['EVDisconnected', 'EVDisconnected']);
  });

  it('B12: Immediate with a transaction → Accepted, Ended ResetCommand / ImmediateReset (delivered before the reboot), then Boot RemoteReset', async () => {
    const s = await chargingStation();
    expect(await s.csms.call('CS001', 'Reset', { type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await waitFor(() => boots(s).length === 2, 'second boot');
    expect(boots(s)[1].reason).toBe('RemoteReset');
    expect(sequence(s)[2]).toBe('Ended ResetCommand 2 EVConnected ImmediateReset');
    const endedAt = s.csms.calls.findIndex((c) => c.action === 'TransactionEvent' && c.payload.eventType === 'Ended');
    const bootAt = s.csms.calls.findIndex((c, i) => c.action === 'BootNotification' && i > 0);
    expect(endedAt).toBeLessThan(bootAt);
    expect(s.station.transactions.ongoing()).toEqual([]);
    // after the reboot the EV (still plugged) is not charging: the authorization is gone
    await settle(s);
    expect(evse(s, 1).closed).toBe(false);
    expect(txEvents(s)).toHaveLength(3);
  });

  it('B12: a local reboot (console) with a transaction ends it with Reboot before restarting', async () => {
    const s = await chargingStation();
    const out = await runConsole(s, 'reboot');
    expect(out.ok).toBe(true);
    await waitFor(() => boots(s).length === 2, 'second boot');
    expect(boots(s)[1].reason).toBe('LocalReset');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended ResetCommand 2 EVConnected Reboot');
  });
});
