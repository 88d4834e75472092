import { describe, expect, it } from 'vitest';
import { runConsole } from '../support/scenario.js';
import { chargingStation, delivered, evse, sequence, swipe, txEvents } from '../support/tx-helpers.js';

describe('E09 When cable disconnected on EV-side: Stop Transaction', () => {
  it('E09: StopTxOnEVSideDisconnect true → Ended EVCommunicationLost / EVDisconnected, contactor open', async () => {
    const s = await chargingStation({ 'TxCtrlr.StopTxOnEVSideDisconnect': 'true' });
    evse(s, 1).unplug();
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended EVCommunicationLost 2 Idle EVDisconnected');
    expect(evse(s, 1).closed).toBe(false);
  });

  it('release notes: the transaction info is shown with EVDisconnected as stop reason (console tx)', async () => {
    const s = await chargingStation({ 'TxCtrlr.StopTxOnEVSideDisconnect': 'true' });
    const id = txEvents(s)[0].transactionInfo.transactionId;
    evse(s, 1).unplug();
    await delivered(s, 3);
    const list = await runConsole(s, 'tx');
    expect(list.ok).toBe(true);
    const row = (list as { reply: { text: string[] } }).reply.text.find((l) => l.startsWith(id));
    expect(row).toMatch(/Ended\s+2\s+.*EVDisconnected$/);
    const one = await runConsole(s, `tx ${id}`);
    const text = (one as { reply: { text: string[]; data: any } }).reply;
    expect(text.text.find((l) => l.startsWith('stop reason'))).toMatch(/EVDisconnected$/);
    expect(text.data.transaction).toMatchObject({ transactionId: id, state: 'ended', stoppedReason: 'EVDisconnected', seqNo: 2 });
  });
});

describe('E10 When cable disconnected on EV-side: Suspend Transaction', () => {
  it('E10: StopTxOnEVSideDisconnect false → Updated EVCommunicationLost Idle; the transaction goes on', async () => {
    const s = await chargingStation({ 'TxCtrlr.StopTxOnEVSideDisconnect': 'false' });
    evse(s, 1).unplug();
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Updated EVCommunicationLost 2 Idle');
    expect(s.station.transactions.ongoing()).toHaveLength(1);
    expect(evse(s, 1).closed).toBe(false);
  });

  it('E10: the EV returns → Updated CablePluggedIn with evse and energy flows again; the card then stops it', async () => {
    const s = await chargingStation({ 'TxCtrlr.StopTxOnEVSideDisconnect': 'false' });
    evse(s, 1).unplug();
    await delivered(s, 3);
    evse(s, 1).plug();
    await delivered(s, 5);
    expect(sequence(s).slice(3)).toEqual(['Updated CablePluggedIn 3 EVConnected', 'Updated ChargingStateChanged 4 Charging']);
    expect(txEvents(s)[3].evse).toEqual({ id: 1, connectorId: 1 });
    await swipe(s, 'TAG1');
    await delivered(s, 6);
    expect(sequence(s)[5]).toBe('Ended StopAuthorized 5 EVConnected Local');
  });

  it('E10: the card ends a suspended transaction while the cable is out', async () => {
    const s = await chargingStation({ 'TxCtrlr.StopTxOnEVSideDisconnect': 'false' });
    evse(s, 1).unplug();
    await delivered(s, 3);
    await swipe(s, 'TAG1');
    await delivered(s, 4);
    expect(sequence(s)[3]).toBe('Ended StopAuthorized 3 Idle Local');
  });
});
