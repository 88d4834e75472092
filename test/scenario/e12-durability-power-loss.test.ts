import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { Station } from '../../src/station/station.js';
import { type FakeCsms, NO_REPLY } from '../support/fake-csms.js';
import { acceptedScenario, csmsForTest, runConsole } from '../support/scenario.js';
import { atTestEnd, tempDir } from '../support/test-end.js';
import { waitFor } from '../support/wait.js';
import { chargingStation, delivered, evse, outbox, sequence, settle, txEvents, txStation } from '../support/tx-helpers.js';

describe('Durability: a TransactionEvent is stored with its seqNo before it is sent, and deleted only on its CALLRESULT', () => {
  it('the Started event and next_seq_no are in the store while the CSMS has not answered; the row goes on the CALLRESULT', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EVConnected' });
    let answer: (() => void) | undefined;
    s.csms.handle('TransactionEvent', () => new Promise((resolve) => (answer = () => resolve({}))));
    evse(s, 1).plug();
    await waitFor(() => answer !== undefined, 'Started received');
    const rows = outbox(s);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'TransactionEvent', seqNo: 0 });
    expect(rows[0]!.payload).toEqual(txEvents(s)[0]);
    const tx = s.station.transactions.store.get(rows[0]!.transactionId!);
    expect({ nextSeqNo: tx?.nextSeqNo, endedAt: tx?.endedAt }).toEqual({ nextSeqNo: 1, endedAt: undefined });
    answer!();
    await waitFor(() => outbox(s).length === 0, 'row deleted on the CALLRESULT');
  });
});

describe('Power loss (console power cut / power dip) ends the open transaction with PowerLoss at the next power up', () => {
  it('power cut: nothing more is sent; after the PowerUp boot the transaction ends: Ended AbnormalCondition / PowerLoss, seqNo continuing, offline', async () => {
    const s = await chargingStation();
    const out = await runConsole(s, 'power cut');
    expect(out.ok).toBe(true);
    await waitFor(() => s.csms.callsOf('BootNotification').length === 2, 'second boot');
    expect(s.csms.callsOf('BootNotification')[1].reason).toBe('PowerUp');
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging', 'Ended AbnormalCondition 2 EVConnected PowerLoss offline']);
    expect(txEvents(s)[2].transactionInfo.transactionId).toBe(txEvents(s)[0].transactionInfo.transactionId);
    expect(evse(s, 1).closed).toBe(false);
    expect(s.station.transactions.ongoing()).toEqual([]);
  });

  it('release notes: a power dip shorter than 1000 ms is ridden through — the session goes on and the log says "Recover from short power outage"', async () => {
    const s = await chargingStation();
    const out = await runConsole(s, 'power dip 500');
    expect(out.ok).toBe(true);
    await settle(s);
    expect(s.station.log.recent(5).some((l) => l.source === 'power' && l.text === 'Recover from short power outage')).toBe(true);
    expect(txEvents(s)).toHaveLength(2);
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
    expect(s.station.transactions.ongoing()).toHaveLength(1);
    expect(evse(s, 1).closed).toBe(true);
  });

  it('a power dip of 1000 ms or more is a power cut', async () => {
    const s = await chargingStation();
    expect((await runConsole(s, 'power dip 1000')).ok).toBe(true);
    await waitFor(() => s.csms.callsOf('BootNotification').length === 2, 'second boot');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended AbnormalCondition 2 EVConnected PowerLoss offline');
    expect(s.station.log.recent(50).some((l) => l.text === 'Recover from short power outage')).toBe(false);
  });

  it('power: bad arguments change nothing', async () => {
    const s = await acceptedScenario();
    for (const line of ['power', 'power dip', 'power dip abc', 'power dip 0', 'power fade', 'power cut now']) {
      const out = await runConsole(s, line);
      expect(out.ok, line).toBe(false);
    }
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
  });
});

describe('Crash recovery: a fresh Station.open on the same state dir after a kill', () => {
  let csms: FakeCsms;
  const open = (dir: string) => {
    const station = Station.open({ id: 'CS001', stateDir: dir, csmsUrl: csms.url, clock: new FakeClock('2026-03-01T10:00:00Z'), random: () => 0 });
    atTestEnd(() => station.stop());
    return station;
  };

  it('sends the unsent outbox rows first (as they were), then Ended PowerLoss with the next seqNo; the store ends empty and closed', async () => {
    csms = await csmsForTest();
    const dir = tempDir('ng9-tx-');
    const first = open(dir);
    first.model.setByKey('SampledDataCtrlr.TxUpdatedInterval', '0', 'console');
    first.start();
    await waitFor(() => first.registration === 'Accepted', 'first boot');
    first.hardware.sim!.evse(1)!.plug();
    first.hardware.sim!.nfc.swipe('TAG1');
    await waitFor(() => csms.callsOf('TransactionEvent').length === 2 && first.transactions.queuedCount() === 0, 'Started + Charging delivered');
    // the CSMS swallows the next event: it is in flight when the station dies
    csms.handle('TransactionEvent', () => NO_REPLY);
    first.hardware.sim!.evse(1)!.setEvSuspended(true);
    await waitFor(() => csms.callsOf('TransactionEvent').length === 3, 'SuspendedEV in flight');
    const txId = csms.callsOf('TransactionEvent')[0].transactionInfo.transactionId;
    await first.stop(); // the kill: nothing more written or sent, the store as it was
    csms.resetHandler('TransactionEvent');

    const second = open(dir);
    second.start();
    await waitFor(() => csms.callsOf('TransactionEvent').length === 5 && second.transactions.queuedCount() === 0, 'recovered events delivered');
    const events = csms.callsOf('TransactionEvent');
    expect(events.slice(3).map((e) => [e.seqNo, e.eventType, e.triggerReason, e.transactionInfo.chargingState, e.transactionInfo.stoppedReason, e.offline ?? false])).toEqual([
      [2, 'Updated', 'ChargingStateChanged', 'SuspendedEV', undefined, false],
      [3, 'Ended', 'AbnormalCondition', 'Idle', 'PowerLoss', true],
    ]);
    expect(events.every((e) => e.transactionInfo.transactionId === txId)).toBe(true);
    expect(csms.callsOf('BootNotification').map((b) => b.reason)).toEqual(['PowerUp', 'PowerUp']);
    const row = second.transactions.store.get(txId);
    expect({ nextSeqNo: row?.nextSeqNo, stoppedReason: row?.stoppedReason }).toEqual({ nextSeqNo: 4, stoppedReason: 'PowerLoss' });
    expect(second.transactions.store.queuedCount()).toBe(0);
    expect(second.transactions.ongoing()).toEqual([]);
  });

  it('seqNo continues across restarts: a transaction never reuses or skips one', async () => {
    csms = await csmsForTest();
    const dir = tempDir('ng9-tx-');
    const first = open(dir);
    first.model.setByKey('TxCtrlr.TxStartPoint', 'EVConnected', 'console');
    first.model.setByKey('SampledDataCtrlr.TxUpdatedInterval', '0', 'console');
    // offline from the start: everything stays queued
    await first.setLinkWanted(false);
    first.start();
    first.hardware.sim!.evse(1)!.plug();
    await waitFor(() => first.transactions.queuedCount() === 1, 'Started queued');
    await first.stop();
    const second = open(dir);
    second.start();
    await waitFor(() => csms.callsOf('TransactionEvent').length === 2 && second.transactions.queuedCount() === 0, 'delivered');
    expect(csms.callsOf('TransactionEvent').map((e) => [e.seqNo, e.eventType, e.offline ?? false])).toEqual([
      [0, 'Started', true],
      [1, 'Ended', true],
    ]);
  });
});
