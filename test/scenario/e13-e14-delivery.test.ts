import { describe, expect, it } from 'vitest';
import { csmsError, NO_REPLY } from '../support/fake-csms.js';
import type { Scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { delivered, evse, outbox, settle, setVar, swipe, txEvents, txStation } from '../support/tx-helpers.js';

const station = () => txStation({ 'OCPPCommCtrlr.MessageAttempts:TransactionEvent': '3', 'OCPPCommCtrlr.MessageAttemptInterval:TransactionEvent': '10' });

const received = (sc: Scenario) => sc.csms.calls.filter((c) => c.action === 'TransactionEvent').map((c) => `${c.payload.eventType}#${c.payload.seqNo}`);

describe('E13 Transaction related message not accepted by CSMS', () => {
  it('E13: a CALLERROR is retried after MessageAttemptInterval × attempts, MessageAttempts tries in all, then dropped (logged); later events follow', async () => {
    const s = await station();
    let failStarted = true;
    s.csms.handle('TransactionEvent', (p) => {
      if (p.eventType === 'Started' && failStarted) throw csmsError('InternalError', 'database down');
      return p.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
    });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await waitFor(() => received(s).length === 1, 'first try');
    await waitFor(() => outbox(s)[0]?.attempts === 1, 'attempt counted');
    expect(outbox(s)[0]).toMatchObject({ seqNo: 0, attempts: 1 });
    await s.clock.advance(9_999);
    expect(received(s)).toEqual(['Started#0']);
    await s.clock.advance(1);
    await waitFor(() => received(s).length === 2, 'second try after 10 s');
    await waitFor(() => outbox(s)[0]?.attempts === 2, 'second attempt counted');
    await s.clock.advance(19_999);
    expect(received(s)).toHaveLength(2);
    await s.clock.advance(1);
    await waitFor(() => received(s).length >= 3, 'third try after 2 × 10 s');
    // the third failure drops it; the next event goes at once
    await waitFor(() => received(s).length === 4, 'the Updated');
    expect(received(s)).toEqual(['Started#0', 'Started#0', 'Started#0', 'Updated#1']);
    await waitFor(() => outbox(s).length === 0, 'outbox empty');
    expect(outbox(s)).toEqual([]);
    expect(s.station.log.recent(50).some((l) => l.level === 'ERROR' && /TransactionEvent .* seqNo 0 dropped after 3 attempts/.test(l.text))).toBe(true);
    failStarted = false;
  });

  it('E13: a TransactionEvent not answered within the message timeout counts as an attempt and is sent again', async () => {
    const s = await station();
    let silent = true;
    s.csms.handle('TransactionEvent', (p) => {
      if (silent) {
        silent = false;
        return NO_REPLY;
      }
      return p.idToken ? { idTokenInfo: { status: 'Accepted' } } : {};
    });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await waitFor(() => received(s).length === 1, 'first try');
    await s.clock.advance(30_000); // OCPPCommCtrlr.MessageTimeout
    await waitFor(() => outbox(s)[0]?.attempts === 1, 'attempt counted');
    expect(outbox(s)[0]).toMatchObject({ seqNo: 0, attempts: 1 });
    await s.clock.advance(10_000);
    await delivered(s, 3);
    expect(received(s)).toEqual(['Started#0', 'Started#0', 'Updated#1']);
  });

  it('E13: not being connected is no attempt: the message waits as long as it takes', async () => {
    const s = await station();
    setVar(s, 'AuthCtrlr.OfflineTxForUnknownIdEnabled', 'true');
    await s.station.setLinkWanted(false);
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await settle(s);
    await s.clock.advance(3_600_000);
    expect(outbox(s).map((r) => r.attempts)).toEqual([0, 0]);
    await s.station.setLinkWanted(true);
    await delivered(s, 2);
  });
});

describe('E14 Check transaction status', () => {
  it('release notes: GetTransactionStatus recognizes transactionId: ongoing, with messages waiting while the CSMS has not confirmed', async () => {
    const s = await station();
    let hold = false;
    s.csms.handle('TransactionEvent', (p) => (hold ? NO_REPLY : p.idToken ? { idTokenInfo: { status: 'Accepted' } } : {}));
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'GetTransactionStatus', { transactionId: id })).toEqual({ ongoingIndicator: true, messagesInQueue: false });
    hold = true;
    evse(s, 1).setEvSuspended(true);
    await waitFor(() => txEvents(s).length === 3, 'Updated in flight');
    expect(await s.csms.call('CS001', 'GetTransactionStatus', { transactionId: id })).toEqual({ ongoingIndicator: true, messagesInQueue: true });
    expect(await s.csms.call('CS001', 'GetTransactionStatus', {})).toEqual({ messagesInQueue: true });
    hold = false;
    await s.clock.advance(30_000);
    await s.clock.advance(10_000);
    await waitFor(() => s.station.transactions.queuedCount() === 0, 'delivered');
    expect(await s.csms.call('CS001', 'GetTransactionStatus', {})).toEqual({ messagesInQueue: false });
  });

  it('E14: an unknown transactionId → ongoingIndicator false, messagesInQueue false; an ended one is not ongoing', async () => {
    const s = await station();
    expect(await s.csms.call('CS001', 'GetTransactionStatus', { transactionId: 'no-such-tx' })).toEqual({ ongoingIndicator: false, messagesInQueue: false });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    evse(s, 1).unplug();
    await delivered(s, 3);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'GetTransactionStatus', { transactionId: id })).toEqual({ ongoingIndicator: false, messagesInQueue: false });
  });
});

describe('I06 CostUpdated', () => {
  it('release notes: CostUpdated with an unknown transactionId is answered {} and logged, never an error', async () => {
    const s = await station();
    expect(await s.csms.call('CS001', 'CostUpdated', { totalCost: 1.23, transactionId: 'unknown-tx' })).toEqual({});
    expect(s.station.log.recent(10).some((l) => l.text.includes('CostUpdated for unknown transaction unknown-tx'))).toBe(true);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'CostUpdated', { totalCost: 4.56, transactionId: id })).toEqual({});
    expect(s.station.connected).toBe(true);
  });
});
