import { consoleOf } from '../../src/station/console/index.js';
import { describe, expect, it } from 'vitest';
import { acceptedScenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { settleWire, statusesSince } from '../support/wire.js';

describe('G04 Change Availability Charging Station', () => {
  it('G04: Inoperative without evse → Accepted and every connector Unavailable; Operative → all Available', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => statusesSince(s, mark).length === 2, 'two StatusNotifications');
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Unavailable'],
      [2, 'Unavailable'],
    ]);
    expect(s.station.model.getString('ChargingStation.AvailabilityState')).toBe('Unavailable');
    expect(s.station.connectors.isOperational(0)).toBe(false);
    expect(s.station.availability.rows.all()).toEqual([{ evse: 0, operational: 0, scheduled: null }]);

    const back = s.csms.mark();
    expect(await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative' })).toEqual({ status: 'Accepted' });
    await waitFor(() => statusesSince(s, back).length === 2, 'two StatusNotifications');
    expect(statusesSince(s, back)).toEqual([
      [1, 'Available'],
      [2, 'Available'],
    ]);
    expect(s.station.model.getString('ChargingStation.AvailabilityState')).toBe('Available');
  });

  it('G04: an EVSE set Inoperative on its own stays Unavailable when the station becomes Operative again', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable');
    const mark = s.csms.mark();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 1, { after: mark });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([[1, 'Unavailable']]);
    const back = s.csms.mark();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative' });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 1, { after: back });
    await settleWire(s);
    expect(statusesSince(s, back)).toEqual([[1, 'Available']]);
    expect(s.station.connectors.status(2)).toBe('Unavailable');
  });

  it('G04: already Inoperative → Accepted, nothing sent; console `availability` does the same locally', async () => {
    const s = await acceptedScenario();
    const session = { json: false, trace: false, service: false };
    const out = await consoleOf(s.station).execute('availability inoperative', session);
    expect(out.ok && out.reply.text).toEqual(['station Inoperative: Accepted']);
    await waitFor(() => s.csms.callsOf('StatusNotification').length === 4, 'Unavailable x2');
    const mark = s.csms.mark();
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' })).status).toBe('Accepted');
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
  });
});

describe('G04 with a transaction (release notes: Scheduled)', () => {
  it('release notes: station Inoperative during a transaction → Scheduled; the idle EVSE is Unavailable at once, the busy one when its transaction ends (TC_G_14)', async () => {
    const s = await acceptedScenario();
    const sim = s.station.hardware.sim!;
    sim.evse(2)!.plug();
    sim.nfc.swipe('ALICE001', 2);
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' });
    expect(res.status).toBe('Scheduled');
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 1, { after: mark });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([[1, 'Unavailable']]);
    expect(s.station.connectors.isOperational(1)).toBe(false);
    expect(s.station.connectors.isOperational(2)).toBe(true);
    expect(sim.evse(2)!.closed).toBe(true);
    expect(s.station.availability.rows.all()).toEqual([{ evse: 0, operational: 1, scheduled: 0 }]);

    sim.nfc.swipe('ALICE001', 2);
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable', { after: mark });
    expect(s.station.availability.rows.all()).toEqual([{ evse: 0, operational: 0, scheduled: null }]);
    expect(s.station.model.getString('ChargingStation.AvailabilityState')).toBe('Unavailable');
  });

  it('G04: Operative while a scheduled Inoperative waits → Accepted, the schedule is dropped and the idle EVSE is Available again', async () => {
    const s = await acceptedScenario();
    const sim = s.station.hardware.sim!;
    sim.evse(1)!.plug();
    sim.nfc.swipe('ALICE001', 1);
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative' })).status).toBe('Scheduled');
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable');
    const mark = s.csms.mark();
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative' })).status).toBe('Accepted');
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Available', { after: mark });
    expect(s.station.availability.rows.all()).toEqual([]);
    sim.nfc.swipe('ALICE001', 1);
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Ended');
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([[2, 'Available']]);
    expect(s.station.connectors.status(1)).toBe('Occupied');
  });
});
