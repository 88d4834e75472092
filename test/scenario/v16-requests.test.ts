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

const call = (sc: Scenario, action: string, payload: object) => sc.csms.call('CS001', action, payload);

/** Send a frame as is and wait for the station's answer to it. */
async function raw(sc: Scenario, id: string, frame: string): Promise<unknown[]> {
  sc.csms.sendRaw('CS001', frame);
  return waitFor(() => sc.csms.frames.filter((f) => f.direction === 'in').map((f) => JSON.parse(f.raw) as unknown[]).find((m) => m[1] === id), `answer to ${id}`);
}

const inAnHour = (sc: Scenario) => new Date(sc.station.clock.now() + 3_600_000).toISOString();

describe('OCPP 1.6J: local authorization list and cache', () => {
  it('1.6: SendLocalList Full (idTag + idTagInfo) → Accepted, GetLocalListVersion gives its listVersion; with LocalPreAuthorize a listed card starts without Authorize', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    const list = [
      { idTag: 'LOCAL1', idTagInfo: { status: 'Accepted', parentIdTag: 'FLEET' } },
      { idTag: 'BLOCKED', idTagInfo: { status: 'Blocked' } },
    ];
    expect(await call(s, 'SendLocalList', { listVersion: 3, updateType: 'Full', localAuthorizationList: list })).toEqual({ status: 'Accepted' });
    expect(await call(s, 'GetLocalListVersion', {})).toEqual({ listVersion: 3 });
    expect(s.station.auth.localList.get({ idToken: 'LOCAL1', type: 'ISO14443' })).toEqual({ status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'ISO14443' } });
    expect(await call(s, 'ChangeConfiguration', { key: 'LocalPreAuthorize', value: 'true' })).toEqual({ status: 'Accepted' });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('local1');
    await s.csms.waitForCall('StartTransaction');
    expect(s.csms.callsOf('Authorize')).toEqual([]);
  });

  it('1.6: Differential with a listVersion not above the list → VersionMismatch; Full without entries empties the list; LocalAuthListEnabled false → NotSupported', async () => {
    s = await ready16();
    await call(s, 'SendLocalList', { listVersion: 5, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] });
    expect(await call(s, 'SendLocalList', { listVersion: 5, updateType: 'Differential', localAuthorizationList: [{ idTag: 'B', idTagInfo: { status: 'Accepted' } }] })).toEqual({ status: 'VersionMismatch' });
    expect(await call(s, 'SendLocalList', { listVersion: 6, updateType: 'Full', localAuthorizationList: [{ idTag: '', idTagInfo: { status: 'Accepted' } }] })).toEqual({ status: 'Failed' });
    expect(await call(s, 'GetLocalListVersion', {})).toEqual({ listVersion: 5 });
    expect(await call(s, 'SendLocalList', { listVersion: 6, updateType: 'Differential', localAuthorizationList: [{ idTag: 'A' }] })).toEqual({ status: 'Accepted' });
    expect(s.station.auth.localList.count()).toBe(0);
    await call(s, 'SendLocalList', { listVersion: 7, updateType: 'Full', localAuthorizationList: [{ idTag: 'C', idTagInfo: { status: 'Accepted' } }] });
    expect(await call(s, 'SendLocalList', { listVersion: 8, updateType: 'Full' })).toEqual({ status: 'Accepted' });
    expect(s.station.auth.localList.count()).toBe(0);
    expect(await call(s, 'GetLocalListVersion', {})).toEqual({ listVersion: 8 });
    expect(await call(s, 'ChangeConfiguration', { key: 'LocalAuthListEnabled', value: 'false' })).toEqual({ status: 'Accepted' });
    expect(await call(s, 'SendLocalList', { listVersion: 9, updateType: 'Full' })).toEqual({ status: 'NotSupported' });
  });

  it('1.6: ClearCache → Accepted and the cache is empty; with AuthorizationCacheEnabled false → Rejected', async () => {
    s = await ready16();
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await s.csms.waitForCall('Authorize');
    await waitFor(() => s!.station.auth.cache.get({ idToken: 'TAG1', type: 'ISO14443' }), 'cached');
    // the StartTransaction answer caches TAG1 again: let it arrive before clearing (a race under load otherwise)
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    expect(await call(s, 'ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(s.station.auth.cache.get({ idToken: 'TAG1', type: 'ISO14443' })).toBeUndefined();
    await call(s, 'ChangeConfiguration', { key: 'AuthorizationCacheEnabled', value: 'false' });
    expect(await call(s, 'ClearCache', {})).toEqual({ status: 'Rejected' });
  });
});

describe('OCPP 1.6J: reservations', () => {
  it('1.6: ReserveNow connector 1 → Accepted and StatusNotification Reserved; another card may not use it, the reserved idTag starts with reservationId; CancelReservation unknown → Rejected', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    const mark = s.csms.mark();
    expect(await call(s, 'ReserveNow', { connectorId: 1, expiryDate: inAnHour(s), idTag: 'RES1', reservationId: 42 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1 && p.status === 'Reserved', { after: mark });
    expect(await call(s, 'ReserveNow', { connectorId: 1, expiryDate: inAnHour(s), idTag: 'OTHER', reservationId: 43 })).toEqual({ status: 'Occupied' });
    expect(await call(s, 'CancelReservation', { reservationId: 99 })).toEqual({ status: 'Rejected' });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('RES1', 1);
    const start = await s.csms.waitForCall('StartTransaction', undefined, { after: mark });
    expect(start).toMatchObject({ connectorId: 1, idTag: 'RES1', reservationId: 42 });
    // 2.0.1's ReservationStatusUpdate has no 1.6 counterpart.
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
  });

  it('1.6: CancelReservation → Accepted and the connector is Available again; ReserveNow connectorId 0 reserves any connector', async () => {
    s = await ready16();
    const mark = s.csms.mark();
    await call(s, 'ReserveNow', { connectorId: 2, expiryDate: inAnHour(s), idTag: 'RES2', reservationId: 7 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 2 && p.status === 'Reserved', { after: mark });
    expect(await call(s, 'CancelReservation', { reservationId: 7 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 2 && p.status === 'Available', { after: mark });
    expect(await call(s, 'ReserveNow', { connectorId: 0, expiryDate: inAnHour(s), idTag: 'ANY', reservationId: 8 })).toEqual({ status: 'Accepted' });
    expect(s.station.reservations.list()).toEqual([expect.objectContaining({ id: 8, idToken: { idToken: 'ANY', type: 'ISO14443' } })]);
    expect(statuses(s, mark)).toEqual(['2 Reserved NoError', '2 Available NoError']);
  });
});

describe('OCPP 1.6J: smart charging', () => {
  const maxProfile = (limit: number, id = 1) => ({
    chargingProfileId: id,
    stackLevel: 0,
    chargingProfilePurpose: 'ChargePointMaxProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: { startSchedule: '2020-01-01T00:00:00Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit }] },
  });

  it('1.6: SetChargingProfile (csChargingProfiles ChargePointMaxProfile on connector 0) → Accepted; GetCompositeSchedule in 1.6 shape; ClearChargingProfile by id → Accepted, again → Unknown', async () => {
    s = await ready16();
    expect(await call(s, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: maxProfile(16) })).toEqual({ status: 'Accepted' });
    const schedule = await call(s, 'GetCompositeSchedule', { connectorId: 1, duration: 3600, chargingRateUnit: 'A' });
    expect(schedule).toMatchObject({ status: 'Accepted', connectorId: 1, chargingSchedule: { duration: 3600, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] } });
    expect(schedule.scheduleStart).toBe(schedule.chargingSchedule.startSchedule);
    expect(await call(s, 'ClearChargingProfile', { id: 1 })).toEqual({ status: 'Accepted' });
    expect(await call(s, 'ClearChargingProfile', { id: 1 })).toEqual({ status: 'Unknown' });
    expect(await call(s, 'GetCompositeSchedule', { connectorId: 5, duration: 60 })).toEqual({ status: 'Rejected' });
  });

  it('1.6: a TxProfile names its transaction by the 1.6 id (unknown id → Rejected) or, without one, applies to the transaction on the connector; numberPhases beyond the EVSE → Rejected, not a CALLERROR', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    const tx = (transactionId?: number, numberPhases?: number) => ({
      chargingProfileId: 9,
      stackLevel: 1,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      ...(transactionId !== undefined ? { transactionId } : {}),
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8, ...(numberPhases ? { numberPhases } : {}) }] },
    });
    expect(await call(s, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: tx() })).toEqual({ status: 'Rejected' });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    expect(await call(s, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: tx(555) })).toEqual({ status: 'Rejected' });
    expect(await call(s, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: tx(1, 5) })).toEqual({ status: 'Rejected' });
    expect(await call(s, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: tx(1) })).toEqual({ status: 'Accepted' });
    await waitFor(() => evse(s!, 1).offeredA === 8, 'limited to 8 A');
    expect(await call(s, 'SetChargingProfile', { connectorId: 1, csChargingProfiles: { ...tx(), chargingProfileId: 10, stackLevel: 2 } })).toEqual({ status: 'Accepted' });
  });

  it('1.6: with smart charging disabled SetChargingProfile answers NotSupported (1.6 has the status where 2.0.1 has a CALLERROR)', async () => {
    s = await ready16();
    setVar(s, 'SmartChargingCtrlr.Enabled', 'false');
    expect(await call(s, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: maxProfile(10) })).toEqual({ status: 'NotSupported' });
  });
});

describe('OCPP 1.6J: DataTransfer and unknown requests', () => {
  it('1.6: DataTransfer → UnknownVendorId for another vendor, UnknownMessageId for an NG9 message it does not know (docs/datatransfer.md)', async () => {
    s = await ready16();
    expect(await call(s, 'DataTransfer', { vendorId: 'com.acme', messageId: 'x', data: 'y' })).toEqual({ status: 'UnknownVendorId' });
    expect(await call(s, 'DataTransfer', { vendorId: 'NG9' })).toEqual({ status: 'UnknownMessageId' });
  });

  it('1.6: an unknown action or a 2.0.1-only one (GetVariables) → CALLERROR NotImplemented; a 1.6 action this station does not answer (Heartbeat, one it sends itself) → NotSupported; the station keeps running', async () => {
    s = await ready16();
    expect(await raw(s, 'u1', '[2,"u1","FlyToTheMoon",{}]')).toEqual([4, 'u1', 'NotImplemented', expect.any(String), {}]);
    expect(await raw(s, 'u2', '[2,"u2","GetVariables",{"getVariableData":[]}]')).toEqual([4, 'u2', 'NotImplemented', expect.any(String), {}]);
    expect(await raw(s, 'u3', '[2,"u3","Heartbeat",{}]')).toEqual([4, 'u3', 'NotSupported', expect.any(String), {}]);
    expect((await raw(s, 'u4', '[2,"u4","ChangeConfiguration",{"key":"HeartbeatInterval"}]'))[2]).toBe('OccurenceConstraintViolation');
    expect(await call(s, 'GetConfiguration', { key: ['HeartbeatInterval'] })).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] });
    expect(s.station.connected).toBe(true);
    expect(txMessages(s)).toEqual([]);
  });

  it('1.6 (OCPP-J 1.6 4.2.3, errata 5.2 "will not be fixed"): a request that breaks a field\'s format or is no object → CALLERROR FormationViolation, the 1.6 spelling; nothing changes', async () => {
    s = await ready16();
    const key = 'K'.repeat(51); // CiString50Type
    expect(await raw(s, 'f1', `[2,"f1","ChangeConfiguration",{"key":"${key}","value":"1"}]`)).toEqual([4, 'f1', 'FormationViolation', expect.any(String), {}]);
    expect(await raw(s, 'f2', '[2,"f2","Reset","Hard"]')).toEqual([4, 'f2', 'FormationViolation', expect.any(String), {}]);
    expect(await raw(s, 'f3', '[2,"f3","ReserveNow",{"connectorId":1,"expiryDate":"tomorrow","idTag":"T","reservationId":1}]')).toEqual([4, 'f3', 'FormationViolation', expect.any(String), {}]);
    expect(s.station.connected).toBe(true);
    expect(await call(s, 'GetConfiguration', { key: ['HeartbeatInterval'] })).toEqual({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] });
  });
});

describe('OCPP 1.6J: meter values outside the transaction messages', () => {
  it('1.6 J01: ClockAlignedDataInterval → MeterValues Sample.Clock per idle connector, no transactionId; during a transaction they carry its 1.6 id', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    // Heartbeats answer with the station's own time: a real-time currentTime would move the wall clock off the aligned instants.
    s.csms.handle('Heartbeat', () => ({ currentTime: new Date(s!.station.clock.now()).toISOString() }));
    expect(await call(s, 'ChangeConfiguration', { key: 'ClockAlignedDataInterval', value: '900' })).toEqual({ status: 'Accepted' });
    evse(s, 2).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    const mark = s.csms.mark();
    await s.clock.advance(900_000);
    await waitFor(() => s!.csms.calls.slice(mark).filter((c) => c.action === 'MeterValues').length === 2, 'two clock-aligned MeterValues');
    const mv = s.csms.calls.slice(mark).filter((c) => c.action === 'MeterValues').map((c) => c.payload);
    const byConnector = new Map(mv.map((p) => [p.connectorId, p]));
    expect(byConnector.get(1).transactionId).toBeUndefined();
    expect(byConnector.get(2).transactionId).toBe(1);
    for (const p of mv) expect(p.meterValue[0].sampledValue[0]).toMatchObject({ context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register', unit: 'Wh' });
  });

  it('1.6 F06: TriggerMessage MeterValues for a connector with a transaction → Accepted, MeterValues Trigger with its transactionId', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 1).plug();
    s.csms.handle('StartTransaction', () => ({ transactionId: 321, idTagInfo: { status: 'Accepted' } }));
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    const mark = s.csms.mark();
    expect(await call(s, 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 })).toEqual({ status: 'Accepted' });
    const mv = await s.csms.waitForCall('MeterValues', undefined, { after: mark });
    expect(mv).toMatchObject({ connectorId: 1, transactionId: 321 });
    expect(mv.meterValue[0].sampledValue[0]).toMatchObject({ context: 'Trigger' });
  });
});
