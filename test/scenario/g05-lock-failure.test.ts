import { consoleOf } from '../../src/station/console/index.js';
import { describe, expect, it } from 'vitest';
import { acceptedScenario } from '../support/scenario.js';
import { statusesSince } from '../support/wire.js';

describe('G05 Lock Failure', () => {
  it('G05: the lock does not engage → false, connector Faulted and a NotifyEvent ConnectorPlugRetentionLock Problem true (hard-wired, Delta)', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    const mark = s.csms.mark();
    evse.lockFails = true;
    expect(await s.station.connectors.lockCable(1)).toBe(false);
    expect(evse.locked).toBe(false);
    const event = await s.csms.waitForCall('NotifyEvent', undefined, { after: mark });
    expect(event).toMatchObject({ seqNo: 0, eventData: [{
      trigger: 'Delta',
      actualValue: 'true',
      eventNotificationType: 'HardWiredNotification',
      component: { name: 'ConnectorPlugRetentionLock', evse: { id: 1, connectorId: 1 } },
      variable: { name: 'Problem' },
    }] });
    expect(event.eventData[0].cleared).toBeUndefined();
    expect(statusesSince(s, mark)).toEqual([[1, 'Faulted']]);
    expect(s.station.connectors.isFaulted(1)).toBe(true);
    expect(s.station.model.getString('Connector/1/1.AvailabilityState')).toBe('Faulted');

    // A second failed attempt is no news.
    expect(await s.station.connectors.lockCable(1)).toBe(false);
    await s.clock.advance(0);
    expect(s.csms.callsOf('NotifyEvent')).toHaveLength(1);
  });

  it('G05: taking the cable out clears the fault: Available and NotifyEvent Problem false, cleared', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(2)!;
    evse.plug();
    evse.lockFails = true;
    expect(await s.station.connectors.lockCable(2)).toBe(false);
    await s.csms.waitForCall('NotifyEvent');
    const mark = s.csms.mark();
    evse.unplug();
    const cleared = await s.csms.waitForCall('NotifyEvent', undefined, { after: mark });
    expect(cleared.eventData[0]).toMatchObject({ actualValue: 'false', cleared: true, component: { name: 'ConnectorPlugRetentionLock', evse: { id: 2 } } });
    expect(cleared.eventData[0].eventId).toBeGreaterThan(s.csms.callsOf('NotifyEvent')[0].eventData[0].eventId);
    expect(statusesSince(s, mark)).toEqual([[2, 'Available']]);
    expect(s.station.connectors.isFaulted(2)).toBe(false);
  });

  it('G05: a lock that engages → true, locked, nothing sent', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    const mark = s.csms.mark();
    expect(await s.station.connectors.lockCable(1)).toBe(true);
    expect(evse.locked).toBe(true);
    await s.clock.advance(0);
    expect(s.csms.calls.slice(mark)).toEqual([]);
  });
});

describe('G05 Lock Failure with a driver', () => {
  it('G05: `lock fail 1`, cable in, accepted card → no charging, no transaction, Faulted and NotifyEvent; cable out → Available', async () => {
    const s = await acceptedScenario();
    const session = { json: false, trace: false, service: false };
    expect((await consoleOf(s.station).execute('lock fail 1', session)).ok).toBe(true);
    const evse = s.station.hardware.sim!.evse(1)!;
    const mark = s.csms.mark();
    evse.plug();
    s.station.hardware.sim!.nfc.swipe('ALICE001', 1);
    const event = await s.csms.waitForCall('NotifyEvent', undefined, { after: mark });
    expect(event.eventData[0]).toMatchObject({ actualValue: 'true', variable: { name: 'Problem' }, component: { name: 'ConnectorPlugRetentionLock' } });
    await s.clock.advance(60_000);
    expect(evse.closed).toBe(false);
    expect(evse.read().energyWh).toBe(0);
    expect(s.csms.callsOf('TransactionEvent').filter((p) => p.eventType === 'Started')).toEqual([]);
    expect(statusesSince(s, mark)).toEqual([
      [1, 'Occupied'],
      [1, 'Faulted'],
    ]);
    const out = await consoleOf(s.station).execute('status', session);
    expect(out.ok && out.reply.text?.find((l) => /^1\s/.test(l))).toMatch(/^1\s+Faulted/);

    const cleared = s.csms.mark();
    evse.unplug();
    await s.csms.waitForCall('NotifyEvent', (p) => p.eventData[0].cleared === true, { after: cleared });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Available', { after: cleared });
  });
});
