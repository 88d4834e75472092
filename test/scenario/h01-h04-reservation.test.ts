import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { type Scenario, type ScenarioOptions, acceptedScenario, linkDown, runConsole } from '../support/scenario.js';
import { tempDir } from '../support/test-end.js';
import { waitFor } from '../support/wait.js';
import { settleWire, statusesSince } from '../support/wire.js';

const ALICE = { idToken: 'ALICE001', type: 'ISO14443' } as const;
const BOB = { idToken: 'BOB00002', type: 'ISO14443' } as const;
const FLEET = { idToken: 'FLEET-7', type: 'Central' } as const;

/** Accepted station whose CSMS tells the FakeClock's time (Boot, Heartbeat), so expiries follow the FakeClock. */
async function accepted(options: ScenarioOptions = {}): Promise<Scenario> {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const csms = await startFakeCsms({ now: () => new Date(clock.now()) });
  return acceptedScenario({ ...options, clock, csms });
}

function inMinutes(sc: Scenario, minutes: number): string {
  return new Date(sc.station.clock.now() + minutes * 60_000).toISOString();
}

function reserve(sc: Scenario, payload: Record<string, unknown>) {
  return sc.csms.call('CS001', 'ReserveNow', { idToken: ALICE, expiryDateTime: inMinutes(sc, 30), ...payload });
}

function rows(sc: Scenario) {
  return sc.station.reservations.store.history();
}

describe('H01 Reservation', () => {
  it('H01 + release notes: ReserveNow for an EVSE → Accepted and StatusNotification Reserved for that connector', async () => {
    const s = await accepted();
    const mark = s.csms.mark();
    expect(await reserve(s, { id: 7, evseId: 1 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved', { after: mark });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([[1, 'Reserved']]);
    expect(s.station.model.getString('Connector/1/1.AvailabilityState')).toBe('Reserved');
    expect(rows(s)).toEqual([{ id: 7, evse_id: 1, ended: null }]);
    expect(s.station.reservations.holding(1)).toMatchObject({ id: 7, idToken: ALICE });
    expect(s.station.reservations.holding(2)).toBeUndefined();

    const out = await runConsole(s, 'reservations');
    expect(out.ok && out.reply.text?.join('\n')).toMatch(/^7\s+1\s+ALICE001 \(ISO14443\)/m);
  });

  it('H01.FR: the same id replaces the reservation: it moves from EVSE 1 to EVSE 2', async () => {
    const s = await accepted();
    await reserve(s, { id: 7, evseId: 1 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const mark = s.csms.mark();
    expect(await reserve(s, { id: 7, evseId: 2, idToken: BOB })).toEqual({ status: 'Accepted' });
    await waitFor(() => statusesSince(s, mark).length === 2, 'two StatusNotifications');
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Available'],
      [2, 'Reserved'],
    ]);
    expect(rows(s)).toEqual([{ id: 7, evse_id: 2, ended: null }]);
    expect(s.station.reservations.holding(2)?.idToken).toEqual(BOB);
  });

  it('H01: Occupied (cable in or reserved by another), Faulted (lock fault), Unavailable (Inoperative); nothing is stored', async () => {
    const s = await accepted();
    const sim = s.station.hardware.sim!;
    sim.evse(1)!.plug();
    expect((await reserve(s, { id: 1, evseId: 1 })).status).toBe('Occupied');
    sim.evse(1)!.lockFails = true;
    await s.station.connectors.lockCable(1);
    expect((await reserve(s, { id: 1, evseId: 1 })).status).toBe('Faulted');
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
    expect((await reserve(s, { id: 2, evseId: 2 })).status).toBe('Unavailable');
    expect(rows(s)).toEqual([]);
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 2 } });
    expect((await reserve(s, { id: 2, evseId: 2 })).status).toBe('Accepted');
    expect((await reserve(s, { id: 3, evseId: 2, idToken: BOB })).status).toBe('Occupied');
    expect(rows(s)).toEqual([{ id: 2, evse_id: 2, ended: null }]);
  });

  it('H01: Rejected when ReservationCtrlr.Enabled is false, for an unknown EVSE, another connector type or an expiry in the past; nothing changes', async () => {
    const s = await accepted();
    const mark = s.csms.mark();
    expect(await reserve(s, { id: 1, evseId: 9 })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    expect(await reserve(s, { id: 1, evseId: 1, connectorType: 'cCCS2' })).toMatchObject({ status: 'Rejected' });
    expect(await reserve(s, { id: 1, evseId: 1, expiryDateTime: inMinutes(s, -1) })).toMatchObject({ status: 'Rejected' });
    s.station.model.setVariables([{ component: { name: 'ReservationCtrlr' }, variable: { name: 'Enabled' }, attributeValue: 'false' }], 'csms');
    expect(await reserve(s, { id: 1, evseId: 1 })).toMatchObject({ status: 'Rejected' });
    expect(await reserve(s, { id: 1 })).toMatchObject({ status: 'Rejected' });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(rows(s)).toEqual([]);
    expect(await reserve(s, { id: 1, evseId: 1, connectorType: 'sType2' })).toEqual({ status: 'Rejected', statusInfo: expect.anything() });
  });

  it('H01: only the reserved idToken may use the EVSE; using it ends the reservation (admits / consume)', async () => {
    const s = await accepted();
    await reserve(s, { id: 5, evseId: 1 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const reservations = s.station.reservations;
    expect(reservations.admits(1, BOB)).toEqual({ allowed: false });
    expect(reservations.admits(1, { idToken: 'alice001', type: 'ISO14443' })).toMatchObject({ allowed: true, reservation: { id: 5 } });
    expect(reservations.admits(2, BOB)).toEqual({ allowed: true });
    const mark = s.csms.mark();
    reservations.consume(5, 1);
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Available', { after: mark });
    await settleWire(s);
    expect(rows(s)).toEqual([]);
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
    expect(reservations.admits(1, BOB)).toEqual({ allowed: true });
  });

  it('H01 non-EVSE-specific: Accepted while an EVSE is free; the last free EVSE becomes Reserved and admits only the holder', async () => {
    const s = await accepted();
    let mark = s.csms.mark();
    expect(await reserve(s, { id: 11 })).toEqual({ status: 'Accepted' });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(s.station.reservations.admits(1, BOB)).toEqual({ allowed: true });

    mark = s.csms.mark();
    s.station.hardware.sim!.evse(1)!.plug();
    await waitFor(() => statusesSince(s, mark).length === 2, 'Occupied + Reserved');
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Occupied'],
      [2, 'Reserved'],
    ]);
    const reservations = s.station.reservations;
    // The driver who plugged in at EVSE 1 may charge there; EVSE 2 stays for the holder.
    expect(reservations.admits(1, BOB)).toEqual({ allowed: true });
    expect(reservations.admits(2, BOB)).toEqual({ allowed: false });
    expect(reservations.admits(2, ALICE)).toMatchObject({ allowed: true, reservation: { id: 11 } });
    expect(reservations.holding(2)?.id).toBe(11);
    // No room for a second reservation for any EVSE.
    expect((await reserve(s, { id: 12, idToken: BOB })).status).toBe('Occupied');
    expect((await reserve(s, { id: 12, evseId: 2, idToken: BOB })).status).toBe('Occupied');
  });

  it('H01 non-EVSE-specific (OCTT TC_H_14): as many reservations as free EVSEs → all of them Reserved; one more → Occupied', async () => {
    const s = await accepted();
    const mark = s.csms.mark();
    expect((await reserve(s, { id: 21 })).status).toBe('Accepted');
    expect((await reserve(s, { id: 22, idToken: BOB })).status).toBe('Accepted');
    await waitFor(() => statusesSince(s, mark).length === 2, 'both Reserved');
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Reserved'],
      [2, 'Reserved'],
    ]);
    expect((await reserve(s, { id: 23, idToken: FLEET })).status).toBe('Occupied');
  });
});

describe('H02 Cancel Reservation', () => {
  it('H02: CancelReservation → Accepted and the connector back to Available; unknown id → Rejected', async () => {
    const s = await accepted();
    await reserve(s, { id: 3, evseId: 2 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    let mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'CancelReservation', { reservationId: 3 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Available', { after: mark });
    expect(statusesSince(s, mark)).toEqual([[2, 'Available']]);
    expect(rows(s)).toEqual([]);

    mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'CancelReservation', { reservationId: 3 })).toMatchObject({ status: 'Rejected' });
    await settleWire(s);
    expect(s.csms.calls.slice(mark)).toEqual([]);
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
  });
});

describe('H03 Use a reserved EVSE with GroupId', () => {
  it('H03: a different idToken with the reservation\'s groupIdToken is admitted; another group is not', async () => {
    const s = await accepted();
    await reserve(s, { id: 4, evseId: 1, groupIdToken: FLEET });
    const reservations = s.station.reservations;
    expect(reservations.admits(1, BOB, { idToken: 'fleet-7', type: 'Local' })).toMatchObject({ allowed: true, reservation: { id: 4 } });
    expect(reservations.admits(1, BOB, { idToken: 'OTHER', type: 'Central' })).toEqual({ allowed: false });
    expect(reservations.admits(1, BOB)).toEqual({ allowed: false });
  });
});

describe('H04 Reservation Ended, not used', () => {
  it('H04: at expiryDateTime the connector goes back to Available and ReservationStatusUpdate Expired is sent', async () => {
    const s = await accepted();
    await s.csms.call('CS001', 'ReserveNow', { id: 9, evseId: 1, idToken: ALICE, expiryDateTime: inMinutes(s, 5) });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const mark = s.csms.mark();
    await s.clock.advance(5 * 60_000 - 1_000);
    await settleWire(s);
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
    await s.clock.advance(1_000);
    const update = await s.csms.waitForCall('ReservationStatusUpdate');
    expect(update).toEqual({ reservationId: 9, reservationUpdateStatus: 'Expired' });
    expect(s.csms.calls.slice(mark).map((c) => c.action).filter((a) => a !== 'Heartbeat')).toEqual(['StatusNotification', 'ReservationStatusUpdate']);
    expect(statusesSince(s, mark)).toEqual([[1, 'Available']]);
    await waitFor(() => rows(s).length === 0, 'row deleted once told');
  });

  it('H04: a reservation whose EVSE becomes Inoperative is removed → ReservationStatusUpdate Removed', async () => {
    const s = await accepted();
    await reserve(s, { id: 10, evseId: 2 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const mark = s.csms.mark();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
    expect(await s.csms.waitForCall('ReservationStatusUpdate')).toEqual({ reservationId: 10, reservationUpdateStatus: 'Removed' });
    expect(s.csms.calls.slice(mark).map((c) => c.action)).toEqual(['StatusNotification', 'ReservationStatusUpdate']);
    expect(statusesSince(s, mark)).toEqual([[2, 'Unavailable']]);
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 2 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Available', { after: mark });
  });

  it('H04: a reservation whose EVSE becomes Faulted (lock failure) is removed → ReservationStatusUpdate Removed', async () => {
    const s = await accepted();
    await reserve(s, { id: 12, evseId: 1 });
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    evse.lockFails = true;
    await s.station.connectors.lockCable(1);
    expect(await s.csms.waitForCall('ReservationStatusUpdate')).toEqual({ reservationId: 12, reservationUpdateStatus: 'Removed' });
    expect(s.station.reservations.holding(1)).toBeUndefined();
  });

  it('H04: the station set Inoperative removes a reservation for any EVSE too', async () => {
    const s = await accepted();
    await reserve(s, { id: 13 });
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' });
    expect(await s.csms.waitForCall('ReservationStatusUpdate')).toEqual({ reservationId: 13, reservationUpdateStatus: 'Removed' });
  });

  it('H01/H04: reservations survive a reboot: Reserved again after boot, and the expiry still fires', async () => {
    const s = await accepted({ stateDir: tempDir('ng9-h01-') });
    await s.csms.call('CS001', 'ReserveNow', { id: 30, evseId: 2, idToken: ALICE, expiryDateTime: inMinutes(s, 10) });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const mark = s.csms.mark();
    await s.station.restart('LocalReset');
    await s.csms.waitForCall('SecurityEventNotification', undefined, { after: mark });
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Available'],
      [2, 'Reserved'],
    ]);
    await s.clock.advance(10 * 60_000);
    expect(await s.csms.waitForCall('ReservationStatusUpdate')).toEqual({ reservationId: 30, reservationUpdateStatus: 'Expired' });
  });

  it('H04: a reservation that expires while offline is reported after the reconnect', async () => {
    const s = await accepted();
    await s.csms.call('CS001', 'ReserveNow', { id: 31, evseId: 1, idToken: ALICE, expiryDateTime: inMinutes(s, 2) });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    await linkDown(s);
    await s.clock.advance(3 * 60_000);
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
    expect(rows(s)).toEqual([{ id: 31, evse_id: 1, ended: 'Expired' }]);
    expect(s.station.reservations.holding(1)).toBeUndefined();
    await s.station.setLinkWanted(true);
    expect(await s.csms.waitForCall('ReservationStatusUpdate')).toEqual({ reservationId: 31, reservationUpdateStatus: 'Expired' });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Available');
    await waitFor(() => rows(s).length === 0, 'row deleted once told');
  });
});

describe('H01 / H03 with a driver', () => {
  it('H01: the reserved idToken starts at the reserved EVSE; Started carries reservationId and the reservation ends without ReservationStatusUpdate', async () => {
    const s = await accepted();
    await reserve(s, { id: 40, evseId: 1 });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Reserved');
    const mark = s.csms.mark();
    s.station.hardware.sim!.evse(1)!.plug();
    s.station.hardware.sim!.nfc.swipe(ALICE.idToken, 1);
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started', { after: mark });
    expect(started.reservationId).toBe(40);
    await settleWire(s);
    expect(rows(s)).toEqual([]);
    expect(s.csms.callsOf('ReservationStatusUpdate')).toEqual([]);
    expect(statusesSince(s, mark)).toEqual([[1, 'Occupied']]);
    expect(s.station.transactions.active(1)?.reservationId).toBe(40);
  });

  it('H01: another idToken at the reserved EVSE starts nothing; the reservation stays', async () => {
    const s = await accepted();
    await reserve(s, { id: 41, evseId: 2 });
    s.station.hardware.sim!.evse(2)!.plug();
    s.station.hardware.sim!.nfc.swipe(BOB.idToken, 2);
    await s.csms.waitForCall('Authorize');
    await s.clock.advance(1_000);
    await settleWire(s);
    expect(s.csms.callsOf('TransactionEvent')).toEqual([]);
    expect(s.station.hardware.sim!.evse(2)!.closed).toBe(false);
    expect(rows(s)).toEqual([{ id: 41, evse_id: 2, ended: null }]);
  });

  it('H03: a card of the reservation\'s group (groupIdToken from Authorize) starts at the reserved EVSE with the reservationId', async () => {
    const s = await accepted();
    s.csms.handle('Authorize', (p) => ({ idTokenInfo: { status: 'Accepted', groupIdToken: p.idToken.idToken === BOB.idToken ? FLEET : undefined } }));
    await reserve(s, { id: 42, evseId: 1, groupIdToken: FLEET });
    s.station.hardware.sim!.evse(1)!.plug();
    s.station.hardware.sim!.nfc.swipe(BOB.idToken, 1);
    const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    expect(started).toMatchObject({ reservationId: 42, idToken: { idToken: BOB.idToken } });
    expect(rows(s)).toEqual([]);
  });
});
