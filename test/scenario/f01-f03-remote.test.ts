import { describe, expect, it } from 'vitest';
import { type Scenario, bootAnsweredWith } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { delivered, evse, sequence, settle, setVar, swipe, txEvents, txStation } from '../support/tx-helpers.js';

const startTx = (sc: Scenario, payload: object) => sc.csms.call('CS001', 'RequestStartTransaction', payload);
const token = (idToken: string) => ({ idToken, type: 'Central' });

describe('F01 Remote Start Transaction – Cable Plugin First', () => {
  it('F01: cable first, RequestStartTransaction → Accepted, then Started triggerReason RemoteStart (release notes: never Authorized) with remoteStartId and idToken', async () => {
    const s = await txStation();
    evse(s, 1).plug();
    await settle(s);
    const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 42, evseId: 1 });
    expect(res).toEqual({ status: 'Accepted' });
    await delivered(s, 2);
    expect(txEvents(s)[0]).toMatchObject({
      eventType: 'Started',
      triggerReason: 'RemoteStart',
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'APP1', type: 'Central' },
      transactionInfo: { remoteStartId: 42, chargingState: 'EVConnected' },
    });
    expect(sequence(s)).toEqual(['Started RemoteStart 0 EVConnected', 'Updated ChargingStateChanged 1 Charging']);
    // remoteStartId only once
    expect(txEvents(s)[1].transactionInfo.remoteStartId).toBeUndefined();
    // the CSMS saw the Accepted before the TransactionEvent
    const frames = s.csms.frames.map((f) => JSON.parse(f.raw));
    const requestId = frames.find((f) => f[0] === 2 && f[2] === 'RequestStartTransaction')[1];
    const answered = frames.findIndex((f) => f[0] === 3 && f[1] === requestId);
    const firstEvent = frames.findIndex((f) => f[0] === 2 && f[2] === 'TransactionEvent');
    expect(answered).toBeGreaterThan(-1);
    expect(answered).toBeLessThan(firstEvent);
  });

  it('F01: a transaction already runs on the EVSE (started on EVConnected) → Accepted with its transactionId, Updated RemoteStart with the idToken', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EVConnected' });
    evse(s, 1).plug();
    await delivered(s, 1);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    const res = await startTx(s, { idToken: token('APP1'), remoteStartId: 7 });
    expect(res).toEqual({ status: 'Accepted', transactionId: id });
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started CablePluggedIn 0 EVConnected', 'Updated RemoteStart 1 EVConnected', 'Updated ChargingStateChanged 2 Charging']);
    expect(txEvents(s)[1]).toMatchObject({ idToken: { idToken: 'APP1' }, transactionInfo: { transactionId: id, remoteStartId: 7 } });
  });

  it('F01.FR: AuthorizeRemoteStart true → Authorize first; a token the CSMS then refuses starts nothing', async () => {
    const s = await txStation();
    setVar(s, 'AuthCtrlr.AuthorizeRemoteStart', 'true');
    s.csms.handle('Authorize', (p) => ({ idTokenInfo: { status: p.idToken.idToken === 'GOOD' ? 'Accepted' : 'Invalid' } }));
    evse(s, 1).plug();
    // a Central token needs no check (the CSMS made it): use card tokens
    const card = (idToken: string) => ({ idToken, type: 'ISO14443' });
    expect((await startTx(s, { idToken: card('BAD'), remoteStartId: 1, evseId: 1 })).status).toBe('Accepted');
    await waitFor(() => s.csms.callsOf('Authorize').length === 1, 'Authorize');
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    expect((await startTx(s, { idToken: card('GOOD'), remoteStartId: 2, evseId: 1 })).status).toBe('Accepted');
    await delivered(s, 2);
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
    expect(txEvents(s)[0]).toMatchObject({ triggerReason: 'RemoteStart', transactionInfo: { remoteStartId: 2 } });
  });

  it('F01.FR: AuthorizeRemoteStart false → no Authorize, treated as authorized', async () => {
    const s = await txStation();
    evse(s, 1).plug();
    await startTx(s, { idToken: token('APP1'), remoteStartId: 3, evseId: 1 });
    await delivered(s, 2);
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });
});

describe('F02 Remote Start Transaction – Remote Start First', () => {
  it('F02 (TxStartPoint Authorized): Started RemoteStart at once (Idle), the plug-in is an Updated CablePluggedIn', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 9 })).status).toBe('Accepted');
    await delivered(s, 1);
    expect(txEvents(s)[0]).toMatchObject({ triggerReason: 'RemoteStart', evse: { id: 1 }, transactionInfo: { remoteStartId: 9, chargingState: 'Idle' } });
    evse(s, 1).plug();
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started RemoteStart 0 Idle', 'Updated CablePluggedIn 1 EVConnected', 'Updated ChargingStateChanged 2 Charging']);
  });

  it('F02 (TxStartPoint PowerPathClosed): the transaction starts at the plug-in (CablePluggedIn) and carries remoteStartId and idToken', async () => {
    const s = await txStation();
    await startTx(s, { idToken: token('APP1'), remoteStartId: 10, evseId: 2 });
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    evse(s, 2).plug();
    await delivered(s, 2);
    expect(txEvents(s)[0]).toMatchObject({ triggerReason: 'CablePluggedIn', evse: { id: 2 }, idToken: { idToken: 'APP1' }, transactionInfo: { remoteStartId: 10 } });
  });

  it('F02.FR: no cable within EVConnectionTimeOut → Ended EVConnectTimeout / Timeout', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    setVar(s, 'TxCtrlr.EVConnectionTimeOut', '60');
    await startTx(s, { idToken: token('APP1'), remoteStartId: 11 });
    await delivered(s, 1);
    await s.clock.advance(60_000);
    await delivered(s, 2);
    expect(sequence(s)[1]).toBe('Ended EVConnectTimeout 1 Idle Timeout');
  });
});

describe('F01/F02 RequestStartTransaction refused', () => {
  it('release notes: a 1-character idToken is Accepted (minimum length 1); an empty one is Rejected', async () => {
    const s = await txStation();
    expect((await startTx(s, { idToken: token(''), remoteStartId: 1, evseId: 1 })).status).toBe('Rejected');
    expect((await startTx(s, { idToken: token('A'), remoteStartId: 2, evseId: 1 })).status).toBe('Accepted');
    evse(s, 1).plug();
    await delivered(s, 2);
    expect(txEvents(s)[0].idToken).toEqual({ idToken: 'A', type: 'Central' });
  });

  it('F01.FR: an unknown EVSE, an EVSE whose transaction has a token, and an unavailable EVSE → Rejected; nothing changes', async () => {
    const s = await txStation();
    expect(await startTx(s, { idToken: token('APP1'), remoteStartId: 1, evseId: 9 })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 2, evseId: 1 })).status).toBe('Rejected');
    const change = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
    expect(change.status).toBe('Accepted');
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 3, evseId: 2 })).status).toBe('Rejected');
    await settle(s);
    expect(txEvents(s)).toHaveLength(2);
  });

  it('B02: while not Accepted RequestStartTransaction stays Rejected', async () => {
    const s = await bootAnsweredWith('Pending', 300);
    expect(await startTx(s, { idToken: token('APP1'), remoteStartId: 1 })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted' } });
  });

  it('K05 hook: a chargingProfile that is not a TxProfile is Rejected; a TxProfile is handed to the hook', async () => {
    const s = await txStation();
    const seen: Array<[number, number]> = [];
    s.station.transactions.remoteStartChargingProfile = (evseId, profile) => {
      seen.push([evseId, profile.id]);
      return undefined;
    };
    const profile = (purpose: string) => ({
      id: 5,
      stackLevel: 0,
      chargingProfilePurpose: purpose,
      chargingProfileKind: 'Relative',
      chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
    });
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 1, evseId: 1, chargingProfile: profile('TxDefaultProfile') })).status).toBe('Rejected');
    expect((await startTx(s, { idToken: token('APP1'), remoteStartId: 2, evseId: 1, chargingProfile: profile('TxProfile') })).status).toBe('Accepted');
    expect(seen).toEqual([[1, 5]]);
  });
});

describe('F03 Remote Stop Transaction', () => {
  it('F03: RequestStopTransaction → Accepted, then Ended RemoteStop / Remote', async () => {
    const s = await txStation();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    expect(await s.csms.call('CS001', 'RequestStopTransaction', { transactionId: id })).toEqual({ status: 'Accepted' });
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended RemoteStop 2 EVConnected Remote');
    expect(evse(s, 1).closed).toBe(false);
  });

  it('F03.FR: an unknown (or already ended) transactionId → Rejected', async () => {
    const s = await txStation();
    expect((await s.csms.call('CS001', 'RequestStopTransaction', { transactionId: 'nope' })).status).toBe('Rejected');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    evse(s, 1).unplug();
    await delivered(s, 3);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    expect((await s.csms.call('CS001', 'RequestStopTransaction', { transactionId: id })).status).toBe('Rejected');
    await settle(s);
    expect(txEvents(s)).toHaveLength(3);
  });
});
