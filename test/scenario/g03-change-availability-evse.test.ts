import { describe, expect, it } from 'vitest';
import { type Scenario, acceptedScenario, scenario } from '../support/scenario.js';
import { tempDir } from '../support/test-end.js';
import { settleWire, statusesSince } from '../support/wire.js';

describe('G03 Change Availability EVSE', () => {
  it('G03: Inoperative for an EVSE → Accepted and StatusNotification Unavailable for that connector only; Operative → Available', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    expect(res).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Unavailable', { after: mark });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([[1, 'Unavailable']]);
    expect(s.station.connectors.isOperational(1)).toBe(false);
    expect(s.station.connectors.isOperational(2)).toBe(true);
    expect(s.station.model.getString('EVSE/1.AvailabilityState')).toBe('Unavailable');
    expect(s.station.model.getString('Connector/1/1.AvailabilityState')).toBe('Unavailable');
    expect(s.station.model.getString('ChargingStation.AvailabilityState')).toBe('Available');
    expect(s.station.availability.rows.all()).toEqual([{ evse: 1, operational: 0, scheduled: null }]);

    const back = s.csms.mark();
    expect(await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Available', { after: back });
    expect(statusesSince(s, back)).toEqual([[1, 'Available']]);
    expect(s.station.model.getString('EVSE/1.AvailabilityState')).toBe('Available');
  });

  it('G03: the connector (evse + connectorId 1) can be addressed too; the reply goes out before the StatusNotification', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.frames.length;
    expect(await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2, connectorId: 1 } })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable');
    const wire = s.csms.frames.slice(mark).filter((f) => f.direction === 'in').map((f) => JSON.parse(f.raw));
    expect(wire[0][0]).toBe(3); // the CALLRESULT first
    expect(wire[1][2]).toBe('StatusNotification');
  });

  it('G03: asking for the state it is already in → Accepted and nothing is sent', async () => {
    const s = await acceptedScenario();
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } })).status).toBe('Accepted');
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Unavailable');
    const mark = s.csms.mark();
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Accepted');
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(s.csms.callsOf('StatusNotification')).toHaveLength(3);
  });

  it('G03: an unknown EVSE or connector → Rejected, and nothing changes', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    const unknownEvse = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 3 } });
    expect(unknownEvse).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse' } });
    const unknownConnector = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 2 } });
    expect(unknownConnector).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnknownConnector' } });
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(s.station.availability.rows.all()).toEqual([]);
    expect(s.station.connectors.isOperational(1)).toBe(true);
  });

  it('G03: an Inoperative EVSE stays Unavailable with a cable in, and is not operational for a transaction', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Unavailable');
    const mark = s.csms.mark();
    s.station.hardware.sim!.evse(1)!.plug();
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(s.station.connectors.status(1)).toBe('Unavailable');
    expect(s.station.connectors.isOperational(1)).toBe(false);
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 1 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied', { after: mark });
    expect(statusesSince(s, mark)).toEqual([[1, 'Occupied']]);
  });

  it('G03: the availability survives a reboot (restart in place and a fresh start from the state dir)', async () => {
    const dir = tempDir('ng9-g03-');
    let s = await acceptedScenario({ stateDir: dir });
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } });
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable');

    let mark = s.csms.mark();
    await s.station.restart('LocalReset');
    await s.csms.waitForCall('SecurityEventNotification', undefined, { after: mark });
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Available'],
      [2, 'Unavailable'],
    ]);
    expect(s.station.model.getString('EVSE/2.AvailabilityState')).toBe('Unavailable');

    const csms = s.csms;
    await s.station.stop();
    mark = csms.mark();
    s = await scenario({ csms, stateDir: dir });
    await csms.waitForCall('SecurityEventNotification', undefined, { after: mark });
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Available'],
      [2, 'Unavailable'],
    ]);
    expect(s.station.connectors.isOperational(2)).toBe(false);
  });
});

async function startTransaction(sc: Scenario, evseId: number, card: string): Promise<any> {
  const mark = sc.csms.mark();
  sc.station.hardware.sim!.evse(evseId)!.plug();
  sc.station.hardware.sim!.nfc.swipe(card, evseId);
  return sc.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started', { after: mark });
}

describe('G03 with a transaction (release notes: Scheduled)', () => {
  it('release notes: Inoperative during a transaction on the EVSE → Scheduled, not Accepted; it keeps charging and becomes Unavailable when the transaction ends', async () => {
    const s = await acceptedScenario();
    await startTransaction(s, 1, 'ALICE001');
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    expect(res.status).toBe('Scheduled');
    await settleWire(s);
    expect(statusesSince(s, mark)).toEqual([]);
    expect(s.station.availability.rows.all()).toEqual([{ evse: 1, operational: 1, scheduled: 0 }]);
    await s.clock.advance(60_000);
    expect(s.station.hardware.sim!.evse(1)!.closed).toBe(true);
    expect(s.station.connectors.status(1)).toBe('Occupied');
    expect(s.station.transactions.active(1)?.chargingState).toBe('Charging');

    // Asked again while still waiting: Scheduled again.
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } })).status).toBe('Scheduled');

    s.station.hardware.sim!.nfc.swipe('ALICE001', 1);
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Ended', { after: mark });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Unavailable', { after: mark });
    const order = s.csms.calls.slice(mark).filter((c) => c.action !== 'Heartbeat').map((c) => c.payload.eventType ?? c.payload.connectorStatus);
    expect(order.slice(-2)).toEqual(['Ended', 'Unavailable']);
    expect(s.station.availability.rows.all()).toEqual([{ evse: 1, operational: 0, scheduled: null }]);
    expect(s.station.connectors.isOperational(1)).toBe(false);
  });

  it('G03: a scheduled change is kept in the store and applies after a power cut ended the transaction', async () => {
    const dir = tempDir('ng9-g03-');
    let s = await acceptedScenario({ stateDir: dir });
    await startTransaction(s, 2, 'ALICE001');
    expect((await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })).status).toBe('Scheduled');
    const csms = s.csms;
    await s.station.stop();
    const mark = csms.mark();
    s = await scenario({ csms, stateDir: dir });
    await csms.waitForCall('SecurityEventNotification', undefined, { after: mark });
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Available'],
      [2, 'Unavailable'],
    ]);
    expect(s.station.availability.rows.all()).toEqual([{ evse: 2, operational: 0, scheduled: null }]);
  });

  it('G03: an Inoperative EVSE starts no transaction (cable and an accepted card)', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
    s.station.hardware.sim!.evse(1)!.plug();
    s.station.hardware.sim!.nfc.swipe('ALICE001', 1);
    await s.clock.advance(1_000);
    await settleWire(s);
    expect(s.csms.callsOf('TransactionEvent')).toEqual([]);
    expect(s.station.hardware.sim!.evse(1)!.closed).toBe(false);
    expect(s.station.connectors.status(1)).toBe('Unavailable');
  });
});
