import { describe, expect, it } from 'vitest';
import { runConsole } from '../support/scenario.js';
import { delivered, evse, sequence, settle, setVar, swipe, txEvents, txStation } from '../support/tx-helpers.js';

describe('E02 Start Transaction – Cable Plugin First', () => {
  it('E02 (TxStartPoint PowerPathClosed): plug, then card → Started Authorized EVConnected with evse and idToken, then Charging; unplug ends it', async () => {
    const s = await txStation();
    evse(s, 1).plug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    const [started, charging] = txEvents(s);
    expect(started).toMatchObject({
      eventType: 'Started',
      triggerReason: 'Authorized',
      seqNo: 0,
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG1', type: 'ISO14443' },
      transactionInfo: { chargingState: 'EVConnected' },
    });
    expect(started.meterValue[0].sampledValue[0]).toMatchObject({ context: 'Transaction.Begin', measurand: 'Energy.Active.Import.Register' });
    expect(charging).toMatchObject({ eventType: 'Updated', triggerReason: 'ChargingStateChanged', seqNo: 1, transactionInfo: { chargingState: 'Charging' } });
    expect(charging.evse).toBeUndefined();
    expect(charging.idToken).toBeUndefined();
    await s.clock.advance(600_000);
    evse(s, 1).unplug();
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging', 'Ended EVCommunicationLost 2 Idle EVDisconnected']);
    const ended = txEvents(s)[2];
    expect(ended.transactionInfo.timeSpentCharging).toBe(600);
    expect(ended.meterValue[0].sampledValue[0].value).toBeCloseTo(22080 * (600 / 3600), 0);
    expect(new Set(txEvents(s).map((e) => e.transactionInfo.transactionId)).size).toBe(1);
  });

  it('E02 (TxStartPoint EVConnected): plug → Started CablePluggedIn with evse; card → Updated Authorized with idToken; then Charging', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EVConnected' });
    evse(s, 2).plug();
    await delivered(s, 1);
    expect(txEvents(s)[0]).toMatchObject({ eventType: 'Started', triggerReason: 'CablePluggedIn', evse: { id: 2, connectorId: 1 }, transactionInfo: { chargingState: 'EVConnected' } });
    expect(txEvents(s)[0].idToken).toBeUndefined();
    await swipe(s, 'TAG1');
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started CablePluggedIn 0 EVConnected', 'Updated Authorized 1 EVConnected', 'Updated ChargingStateChanged 2 Charging']);
    expect(txEvents(s)[1].idToken).toEqual({ idToken: 'TAG1', type: 'ISO14443' });
    expect(txEvents(s)[1].evse).toBeUndefined();
  });

  it('release notes: a Started event with start point Authorized is sent when the cable is already connected (triggerReason Authorized, with idToken and evse)', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    evse(s, 1).plug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect(txEvents(s)[0]).toMatchObject({
      eventType: 'Started',
      triggerReason: 'Authorized',
      seqNo: 0,
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG1' },
      transactionInfo: { chargingState: 'EVConnected' },
    });
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging']);
  });
});

describe('E03 Start Transaction – IdToken First', () => {
  it('release notes: the idToken first, then the cable → Started with triggerReason CablePluggedIn (not Authorized), idToken and evse', async () => {
    const s = await txStation();
    await swipe(s, 'TAG1');
    expect(txEvents(s)).toHaveLength(0);
    evse(s, 1).plug();
    await delivered(s, 2);
    expect(txEvents(s)[0]).toMatchObject({
      eventType: 'Started',
      triggerReason: 'CablePluggedIn',
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'TAG1' },
      transactionInfo: { chargingState: 'EVConnected' },
    });
    expect(sequence(s)).toEqual(['Started CablePluggedIn 0 EVConnected', 'Updated ChargingStateChanged 1 Charging']);
  });

  it('E03 (TxStartPoint Authorized): Started Authorized Idle at the card, Updated CablePluggedIn with evse at the plug-in', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    await swipe(s, 'TAG1');
    await delivered(s, 1);
    expect(txEvents(s)[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', transactionInfo: { chargingState: 'Idle' }, evse: { id: 1 } });
    evse(s, 1).plug();
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started Authorized 0 Idle', 'Updated CablePluggedIn 1 EVConnected', 'Updated ChargingStateChanged 2 Charging']);
    expect(txEvents(s)[1].evse).toEqual({ id: 1, connectorId: 1 });
  });

  it('E03.FR: no cable within EVConnectionTimeOut after a transaction started on Authorized → Ended EVConnectTimeout / Timeout', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'Authorized' });
    setVar(s, 'TxCtrlr.EVConnectionTimeOut', '30');
    await swipe(s, 'TAG1');
    await delivered(s, 1);
    await s.clock.advance(29_000);
    expect(txEvents(s)).toHaveLength(1);
    await s.clock.advance(1_000);
    await delivered(s, 2);
    expect(sequence(s)).toEqual(['Started Authorized 0 Idle', 'Ended EVConnectTimeout 1 Idle Timeout']);
    // the authorization is gone: a cable now starts nothing
    evse(s, 1).plug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(2);
  });

  it('E03.FR: without a transaction the authorization simply expires after EVConnectionTimeOut; a later cable starts nothing', async () => {
    const s = await txStation();
    setVar(s, 'TxCtrlr.EVConnectionTimeOut', '30');
    await swipe(s, 'TAG1');
    await s.clock.advance(30_000);
    evse(s, 1).plug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    expect(evse(s, 1).closed).toBe(false);
  });

  it('E03: the cable within EVConnectionTimeOut cancels the timeout', async () => {
    const s = await txStation();
    setVar(s, 'TxCtrlr.EVConnectionTimeOut', '30');
    await swipe(s, 'TAG1');
    await s.clock.advance(20_000);
    evse(s, 1).plug();
    await delivered(s, 2);
    await s.clock.advance(60_000);
    expect(sequence(s)).toEqual(['Started CablePluggedIn 0 EVConnected', 'Updated ChargingStateChanged 1 Charging']);
  });
});

describe('E01 Start Transaction Options', () => {
  it('release notes: starting on TX_POWER_PATH_CLOSED the Started event does not say Charging before energy flows', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'PowerPathClosed' });
    evse(s, 1).setEvSuspended(true);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    // the contactor closed but the EV takes nothing yet
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 SuspendedEV']);
    evse(s, 1).setEvSuspended(false);
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Updated ChargingStateChanged 2 Charging');
  });

  it('E01 (TxStartPoint EnergyTransfer): the transaction starts when energy flows, Started ChargingStateChanged Charging', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EnergyTransfer', 'TxCtrlr.TxStopPoint': 'EVConnected' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 1);
    expect(txEvents(s)[0]).toMatchObject({ eventType: 'Started', triggerReason: 'ChargingStateChanged', idToken: { idToken: 'TAG1' }, transactionInfo: { chargingState: 'Charging' } });
  });

  it('E01: the console `reasons start` sets the start point the engine uses', async () => {
    const s = await txStation();
    const out = await runConsole(s, 'reasons start TX_EV_CONNECTED');
    expect(out.ok).toBe(true);
    evse(s, 1).plug();
    await delivered(s, 1);
    expect(txEvents(s)[0].triggerReason).toBe('CablePluggedIn');
  });

  it('E01: seqNo runs 0,1,2… per transaction and a new transaction gets a new id and starts at 0 again', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'EVConnected', 'TxCtrlr.TxStopPoint': 'EVConnected' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    evse(s, 1).unplug();
    await delivered(s, 4);
    evse(s, 1).plug();
    await delivered(s, 5);
    const ids = txEvents(s).map((e) => e.transactionInfo.transactionId);
    expect(ids[4]).not.toBe(ids[0]);
    expect(txEvents(s).map((e) => e.seqNo)).toEqual([0, 1, 2, 3, 0]);
  });

  it('E01 (TxStartPoint ParkingBayOccupancy): the bay sensor starts (EVDetected) and ends (EVDeparted) the transaction', async () => {
    const s = await txStation({ 'TxCtrlr.TxStartPoint': 'ParkingBayOccupancy', 'TxCtrlr.TxStopPoint': 'ParkingBayOccupancy' });
    expect((await runConsole(s, 'parking 1 occupied')).ok).toBe(true);
    await delivered(s, 1);
    expect(txEvents(s)[0]).toMatchObject({ eventType: 'Started', triggerReason: 'EVDetected' });
    evse(s, 1).setParkingOccupied(false);
    await delivered(s, 2);
    expect(sequence(s)[1]).toBe('Ended EVDeparted 1 Idle Other');
  });
});

describe('E01 with a reservation (H01/H03 seen from the transaction)', () => {
  it('H01: a reserved EVSE admits only its idToken; the Started event carries reservationId and the reservation is used up', async () => {
    const s = await txStation();
    const expiryDateTime = new Date(s.station.clock.now() + 3_600_000).toISOString();
    const res = await s.csms.call('CS001', 'ReserveNow', { id: 77, expiryDateTime, idToken: { idToken: 'TAG9', type: 'ISO14443' }, evseId: 1 });
    expect(res.status).toBe('Accepted');
    evse(s, 1).plug();
    await swipe(s, 'OTHER', 1);
    expect(txEvents(s)).toHaveLength(0);
    expect(evse(s, 1).closed).toBe(false);
    await swipe(s, 'TAG9');
    await delivered(s, 2);
    expect(txEvents(s)[0]).toMatchObject({ eventType: 'Started', reservationId: 77, evse: { id: 1 }, idToken: { idToken: 'TAG9' } });
    expect(txEvents(s)[1].reservationId).toBeUndefined();
    expect(s.station.reservations.list()).toEqual([]);
  });
});
