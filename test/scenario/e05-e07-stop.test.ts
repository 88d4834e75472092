import { describe, expect, it } from 'vitest';
import { delivered, evse, plugAndCharge, sequence, settle, swipe, txEvents, txStation } from '../support/tx-helpers.js';

describe('E05 Start Transaction – Id not Accepted', () => {
  it('E05: a card the CSMS does not accept starts nothing and closes no contactor', async () => {
    const s = await txStation();
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Invalid' } }));
    evse(s, 1).plug();
    await swipe(s, 'BAD1');
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
    expect(txEvents(s)).toHaveLength(0);
    expect(evse(s, 1).closed).toBe(false);
  });

  it('E05: a transaction already started on EVConnected ends Deauthorized / DeAuthorized when the card is not accepted', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EVConnected' });
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Blocked' } }));
    evse(s, 1).plug();
    await delivered(s, 1);
    await swipe(s, 'BAD1');
    await delivered(s, 2);
    expect(sequence(s)).toEqual(['Started CablePluggedIn 0 EVConnected', 'Ended Deauthorized 1 EVConnected DeAuthorized']);
  });
});

describe('E07 Transaction locally stopped by IdToken', () => {
  it('release notes: the same card again → Ended triggerReason StopAuthorized (not AbnormalCondition), stoppedReason Local, without a new Authorize', async () => {
    const s = await txStation();
    await plugAndCharge(s);
    await swipe(s, 'TAG1');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended StopAuthorized 2 EVConnected Local');
    expect(txEvents(s)[2].idToken).toEqual({ idToken: 'TAG1', type: 'ISO14443' });
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
    expect(evse(s, 1).closed).toBe(false);
    expect(s.station.transactions.ongoing()).toEqual([]);
  });

  it('E07: idTokens are compared case-insensitively', async () => {
    const s = await txStation();
    await plugAndCharge(s, 'abc123');
    await swipe(s, 'ABC123');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended StopAuthorized 2 EVConnected Local');
  });

  it('E07: a different card does not stop the session; it takes the other EVSE', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    await plugAndCharge(s, 'TAG1', 1);
    await swipe(s, 'TAG2');
    await delivered(s, 3);
    const third = txEvents(s)[2];
    expect(third).toMatchObject({ eventType: 'Started', evse: { id: 2 }, idToken: { idToken: 'TAG2' } });
    expect(s.station.transactions.ongoing().map((t) => t.evseId)).toEqual([1, 2]);
  });

  it('C09: a different card of the same group stops the session (StopAuthorized / Local)', async () => {
    const s = await txStation();
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' } } }));
    await plugAndCharge(s, 'DRIVER1');
    await swipe(s, 'DRIVER2');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended StopAuthorized 2 EVConnected Local');
    expect(txEvents(s)[2].idToken.idToken).toBe('DRIVER2');
  });

  it('E07: presenting the card again before a cable withdraws the authorization', async () => {
    const s = await txStation();
    await swipe(s, 'TAG1');
    await swipe(s, 'TAG1');
    evse(s, 1).plug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
  });
});

describe('E06 Stop Transaction options', () => {
  it('E06 (TxStopPoint EnergyTransfer): the EV stops taking energy → Ended ChargingStateChanged / StoppedByEV', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'PowerPathClosed', 'TxCtrlr.TxStopPoint': 'EnergyTransfer' });
    await plugAndCharge(s);
    evse(s, 1).setEvSuspended(true);
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended ChargingStateChanged 2 EVConnected StoppedByEV');
  });

  it('E06 (TxStopPoint EVConnected only): an EV pausing is SuspendedEV, the transaction goes on until the cable leaves', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'PowerPathClosed', 'TxCtrlr.TxStopPoint': 'EVConnected' });
    await plugAndCharge(s);
    evse(s, 1).setEvSuspended(true);
    await delivered(s, 3);
    evse(s, 1).setEvSuspended(false);
    await delivered(s, 4);
    evse(s, 1).unplug();
    await delivered(s, 5);
    expect(sequence(s)).toEqual([
      'Started Authorized 0 EVConnected',
      'Updated ChargingStateChanged 1 Charging',
      'Updated ChargingStateChanged 2 SuspendedEV',
      'Updated ChargingStateChanged 3 Charging',
      'Ended EVCommunicationLost 4 Idle EVDisconnected',
    ]);
  });

  it('E06: an EVSE limit of 0 A is SuspendedEVSE (ChargingRateChanged), a limit again is Charging', async () => {
    const s = await txStation();
    await plugAndCharge(s);
    evse(s, 1).offer(0);
    await s.station.transactions.refresh(1, 'ChargingRateChanged');
    await delivered(s, 3);
    evse(s, 1).offer(16);
    await s.station.transactions.refresh(1, 'ChargingRateChanged');
    await delivered(s, 4);
    expect(sequence(s).slice(2)).toEqual(['Updated ChargingRateChanged 2 SuspendedEVSE', 'Updated ChargingRateChanged 3 Charging']);
  });

  it('E06: TransactionsApi.stop ends the transaction with the given reasons (as availability, reset and others use it)', async () => {
    const s = await txStation();
    await plugAndCharge(s);
    const ended: string[] = [];
    s.station.transactions.ended.on((t) => ended.push(`${t.transactionId} ${t.stoppedReason} ${s.station.transactions.active(1) === undefined}`));
    await s.station.transactions.stop(1, 'Other', 'AbnormalCondition');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended AbnormalCondition 2 EVConnected Other');
    expect(ended).toEqual([`${txEvents(s)[0].transactionInfo.transactionId} Other true`]);
  });
});
