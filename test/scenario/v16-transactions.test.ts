import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../support/scenario.js';
import { evse } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { drained, ready16, setVar, statuses, txMessages } from './v16-helpers.js';

let s: Scenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const swipe = async (sc: Scenario, idTag: string, evseId?: number) => {
  sc.station.hardware.sim!.nfc.swipe(idTag, evseId);
  await drained(sc);
};

const mapping = (sc: Scenario) => sc.station.link.transactions16.all().map((t) => ({ transaction_id: t.transactionId, ocpp16_id: t.ocpp16Id, connector_id: t.connectorId }));

describe('OCPP 1.6J: a charging session', () => {
  it('1.6: plug, swipe → Authorize, StartTransaction, StatusNotification Charging, MeterValues with the transactionId, swipe → StopTransaction reason Local with meterStop, Finishing, unplug → Available', async () => {
    s = await ready16();
    const mark = s.csms.mark();
    s.csms.handle('StartTransaction', () => ({ transactionId: 4711, idTagInfo: { status: 'Accepted' } }));
    evse(s, 1).plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Preparing', { after: mark });
    await swipe(s, 'TAG1');
    const authorize = await s.csms.waitForCall('Authorize', undefined, { after: mark });
    expect(authorize).toEqual({ idTag: 'TAG1' });
    const start = await s.csms.waitForCall('StartTransaction', undefined, { after: mark });
    expect(start).toEqual({ connectorId: 1, idTag: 'TAG1', meterStart: 0, timestamp: new Date(s.station.clock.now()).toISOString() });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Charging', { after: mark });
    const txId = s.station.transactions.active(1)!.transactionId;
    expect(mapping(s)).toEqual([{ transaction_id: txId, ocpp16_id: 4711, connector_id: 1 }]);

    await s.clock.advance(60_000);
    const mv = await s.csms.waitForCall('MeterValues', undefined, { after: mark });
    expect(mv.transactionId).toBe(4711);
    expect(mv.connectorId).toBe(1);
    expect(mv.meterValue[0].sampledValue[0]).toMatchObject({ context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
    expect(Number(mv.meterValue[0].sampledValue[0].value)).toBeCloseTo(22080 / 60, 0);

    await s.clock.advance(540_000);
    await swipe(s, 'TAG1');
    const stop = await s.csms.waitForCall('StopTransaction', undefined, { after: mark });
    const rec = s.station.transactions.record(txId)!;
    expect(stop).toMatchObject({ transactionId: 4711, reason: 'Local', idTag: 'TAG1', meterStop: Math.round(rec.meterStartWh + rec.energyWh) });
    expect(Date.parse(stop.timestamp) - Date.parse(start.timestamp)).toBe(600_000);
    expect(stop.meterStop).toBe(3680);
    expect(stop.transactionData[0].sampledValue[0]).toMatchObject({ context: 'Transaction.End', measurand: 'Energy.Active.Import.Register', value: String(rec.meterStartWh + rec.energyWh) });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Finishing', { after: mark });
    expect(mapping(s)).toEqual([]);
    evse(s, 1).unplug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Available', { after: mark });

    expect(txMessages(s, mark).filter((m) => !m.startsWith('MeterValues'))).toEqual(['StartTransaction 1 TAG1', 'StopTransaction 4711 Local TAG1']);
    expect(statuses(s, mark)).toEqual(['1 Preparing NoError', '1 Charging NoError', '1 Finishing NoError', '1 Available NoError']);
    expect(s.csms.callsOf('TransactionEvent')).toEqual([]);
  });

  it('1.6: a transaction started on EVConnected (no idTag yet) is started in 1.6 when the card authorizes it; unplugging ends it with EVDisconnected', async () => {
    s = await ready16();
    setVar(s, 'TxCtrlr.TxStartPoint', 'EVConnected');
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    const mark = s.csms.mark();
    evse(s, 2).plug();
    await drained(s);
    expect(s.station.transactions.active(2)).toBeDefined();
    expect(txMessages(s, mark)).toEqual([]);
    await swipe(s, 'CARD-2', 2);
    await s.csms.waitForCall('StartTransaction', undefined, { after: mark });
    evse(s, 2).unplug();
    await s.csms.waitForCall('StopTransaction', undefined, { after: mark });
    await s.csms.waitForCall('StatusNotification', (p) => p.status === 'Available', { after: mark });
    expect(txMessages(s, mark)).toEqual(['StartTransaction 2 CARD-2', 'StopTransaction 1 EVDisconnected']);
    expect(statuses(s, mark)).toEqual(['2 Preparing NoError', '2 Charging NoError', '2 Available NoError']);
  });

  it('1.6: idTagInfo Invalid in StartTransaction.conf deauthorizes like a TransactionEventResponse (StopTransactionOnInvalidId): StopTransaction DeAuthorized, the cache learns it', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    s.csms.handle('StartTransaction', () => ({ transactionId: 9, idTagInfo: { status: 'Invalid' } }));
    const mark = s.csms.mark();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StopTransaction', undefined, { after: mark });
    expect(txMessages(s, mark)).toEqual(['StartTransaction 1 TAG1', 'StopTransaction 9 DeAuthorized']);
    expect(s.station.auth.cache.get({ idToken: 'TAG1', type: 'ISO14443' })?.info.status).toBe('Invalid');
  });

  it('1.6: StopTransaction answered with idTagInfo Blocked for the stopping card puts it in the cache as Blocked', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    s.csms.handle('StopTransaction', () => ({ idTagInfo: { status: 'Blocked' } }));
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StartTransaction');
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StopTransaction');
    await drained(s);
    expect(s.station.auth.cache.get({ idToken: 'TAG1', type: 'ISO14443' })?.info.status).toBe('Blocked');
  });
});

describe('OCPP 1.6J: remote start and stop', () => {
  it('1.6: RemoteStartTransaction (connectorId, idTag) → Accepted, StartTransaction; RemoteStopTransaction with the 1.6 id → Accepted, StopTransaction reason Remote', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 2).plug();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 2, idTag: 'R' })).toEqual({ status: 'Accepted' });
    const start = await s.csms.waitForCall('StartTransaction', undefined, { after: mark });
    expect(start).toMatchObject({ connectorId: 2, idTag: 'R' });
    // AuthorizeRemoteTxRequests is false: no Authorize.
    expect(s.csms.callsOf('Authorize')).toEqual([]);
    await drained(s);
    expect(await s.csms.call('CS001', 'RemoteStopTransaction', { transactionId: 999 })).toEqual({ status: 'Rejected' });
    expect(await s.csms.call('CS001', 'RemoteStopTransaction', { transactionId: 1 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StopTransaction', undefined, { after: mark });
    expect(txMessages(s, mark)).toEqual(['StartTransaction 2 R', 'StopTransaction 1 Remote']);
  });

  it('1.6 release notes: RemoteStartTransaction with a one-character idTag is Accepted, an empty idTag Rejected; connectorId 0 or unknown Rejected', async () => {
    s = await ready16();
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { idTag: '' })).toEqual({ status: 'Rejected' });
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 0, idTag: 'X' })).toEqual({ status: 'Rejected' });
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 3, idTag: 'X' })).toEqual({ status: 'Rejected' });
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 1, idTag: 'X' })).toEqual({ status: 'Accepted' });
    evse(s, 1).plug();
    await s.csms.waitForCall('StartTransaction', (p) => p.idTag === 'X');
  });

  it('1.6: RemoteStartTransaction with a TxProfile chargingProfile installs it for the transaction (K05); GetCompositeSchedule shows its limit', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 1).plug();
    const chargingProfile = {
      chargingProfileId: 5,
      stackLevel: 1,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
    };
    expect(await s.csms.call('CS001', 'RemoteStartTransaction', { connectorId: 1, idTag: 'R', chargingProfile })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    const schedule = await s.csms.call('CS001', 'GetCompositeSchedule', { connectorId: 1, duration: 600 });
    expect(schedule).toMatchObject({ status: 'Accepted', connectorId: 1, chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] } });
    await waitFor(() => evse(s!, 1).offeredA === 10, 'the EV is offered 10 A');
  });

  it('1.6: UnlockConnector ends the running transaction (StopTransaction reason UnlockCommand) and unlocks; an unknown connector is NotSupported', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    expect(await s.csms.call('CS001', 'UnlockConnector', { connectorId: 1 })).toEqual({ status: 'Unlocked' });
    await s.csms.waitForCall('StopTransaction');
    expect(txMessages(s)).toEqual(['StartTransaction 1 TAG1', 'StopTransaction 1 UnlockCommand']);
    expect(evse(s, 1).lock.locked).toBe(false);
    expect(await s.csms.call('CS001', 'UnlockConnector', { connectorId: 0 })).toEqual({ status: 'NotSupported' });
    expect(await s.csms.call('CS001', 'UnlockConnector', { connectorId: 9 })).toEqual({ status: 'NotSupported' });
  });
});

describe('OCPP 1.6J: availability during a transaction', () => {
  it('1.6 release notes: ChangeAvailability Inoperative during a transaction → Scheduled; applied (Unavailable) once the StopTransaction is done', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' })).toEqual({ status: 'Scheduled' });
    await s.clock.advance(0);
    expect(statuses(s, mark)).toEqual([]);
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Unavailable', { after: mark });
    expect(txMessages(s, mark)).toEqual(['StopTransaction 1 Local TAG1']);
    // The transaction is over before the scheduled change applies: Finishing → Unavailable, a 1.6 transition.
    expect(statuses(s, mark)).toEqual(['1 Finishing NoError', '1 Unavailable NoError']);
  });
});
