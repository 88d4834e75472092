import { describe, expect, it } from 'vitest';
import { Sleeper, type WakeReason } from '../../src/fleet/hibernation.js';
import { type Hibernation, Station } from '../../src/station/station.js';
import { type Scenario, acceptedScenario } from '../support/scenario.js';
import { atTestEnd } from '../support/test-end.js';
import { plugAndCharge, txEvents, txStation } from '../support/tx-helpers.js';
import { makeRoot } from '../support/pki.js';
import { waitFor } from '../support/wait.js';
import { ready16 } from './v16-helpers.js';

/** Hibernate as soon as the station is idle (the answers to its boot messages may still be on their way). */
function hibernated(s: Scenario): Promise<Hibernation> {
  return waitFor(() => s.station.hibernate(), 'the station idle and hibernated');
}

/** Station.wake; the woken station stops when the test ends, before the scenario's end closes the CSMS. */
function wake(h: Hibernation): Station {
  const station = Station.wake(h);
  atTestEnd(() => station.stop());
  return station;
}

/** A Sleeper keeping the socket as the fleet does (fleet.ts): it wakes the station with Station.wake(sleeper.end()). */
function sleeper(h: Hibernation): { woken: () => Station | undefined; why: () => WakeReason | undefined } {
  let woken: Station | undefined;
  let why: WakeReason | undefined;
  const keeper: Sleeper = new Sleeper(h, (reason) => {
    why = reason;
    woken = wake(keeper.end());
  });
  atTestEnd(() => keeper.end());
  return { woken: () => woken, why: () => why };
}

/** The actions the station sent from call index `after` on. */
const sentSince = (s: Scenario, after: number) => s.csms.calls.slice(after).map((c) => c.action);

const getVariable = (s: Scenario, component: string, variable: string) =>
  s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: component }, variable: { name: variable } }] }).then((r) => r.getVariableResult[0]);

/** Let real I/O run, so that a frame the station might have sent reaches the CSMS. */
const settleIo = () => new Promise((resolve) => setTimeout(resolve, 50));

/** Something that keeps a station from being idle; resolves with what ends it. */
type NotIdle = (s: Scenario) => Promise<() => Promise<void>>;

const notIdle: Record<string, NotIdle> = {
  'a cable plugged': async (s) => {
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorStatus === 'Occupied');
    return async () => {
      const mark = s.csms.mark();
      evse.unplug();
      expect(await s.csms.waitForCall('StatusNotification', undefined, { after: mark })).toMatchObject({ evseId: 1, connectorStatus: 'Available' });
    };
  },
  'the link down': async (s) => {
    await s.station.setLinkWanted(false);
    await s.csms.waitForDisconnect('CS001');
    return async () => {
      await s.station.setLinkWanted(true);
      await s.csms.waitForConnection('CS001', 5000, { count: 2 });
      await waitFor(() => s.station.connected, 'the station connected again');
    };
  },
  'a CALL of its own awaiting its answer': async (s) => {
    let answer!: (value: object) => void;
    s.csms.handle('Heartbeat', () => new Promise((resolve) => (answer = resolve)));
    await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'Heartbeat' });
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'the triggered Heartbeat');
    return async () => {
      answer({ currentTime: new Date(s.clock.now()).toISOString() });
      await s.csms.waitForCall('Heartbeat');
    };
  },
  'a timer of unknown work pending': async (s) => {
    s.station.clock.setTimeout(() => undefined, 1000);
    return () => s.clock.advance(1000);
  },
};

describe('Fleet hibernation (Station.hibernate / Station.wake)', () => {
  it('an accepted idle station hibernates without a frame: the CSMS socket stays open, the station is hibernated, no timer is left and its stop() closes nothing', async () => {
    const s = await acceptedScenario();
    const h = await hibernated(s);
    const frames = s.csms.frames.length;
    expect(h).toMatchObject({ id: 'CS001', store: s.station.store, clock: s.clock, hardware: s.station.hardware, requestedOcppVersion: '2.0.1' });
    expect(s.station.lifecycle.state).toBe('hibernated');
    expect(s.clock.pending).toBe(0);
    await s.station.stop();
    await s.clock.advance(60_000);
    await settleIo();
    expect(s.csms.frames.length).toBe(frames);
    expect(s.csms.connectionCount('CS001')).toBe(1);
    expect(s.csms.isConnected('CS001')).toBe(true);
    expect(h.socket.readyState).toBe(h.socket.OPEN);
    expect(s.station.lifecycle.state).toBe('hibernated');
    // only the woken station closes the socket
    wake(h);
  });

  it('the woken station is Accepted and connected on the same socket without a BootNotification or StatusNotification, and answers GetVariables and TriggerMessage', async () => {
    const s = await acceptedScenario();
    const inventory = s.station.model.report('FullInventory');
    const h = await hibernated(s);
    const mark = s.csms.mark();
    const woken = wake(h);
    expect(woken.lifecycle.state).toBe('running');
    expect(woken.registration).toBe('Accepted');
    expect(woken.connected).toBe(true);
    expect(woken.model.report('FullInventory')).toEqual(inventory);
    await s.clock.advance(0);
    await settleIo();
    expect(sentSince(s, mark)).toEqual([]);
    expect(await getVariable(s, 'OCPPCommCtrlr', 'HeartbeatInterval')).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '300' });
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })).status).toBe('Accepted');
    expect(await s.csms.waitForCall('StatusNotification', undefined, { after: mark })).toMatchObject({ evseId: 2, connectorId: 1, connectorStatus: 'Available' });
    expect(sentSince(s, mark)).toEqual(['StatusNotification']);
    expect(s.csms.connectionCount('CS001')).toBe(1);
  });

  it('G02: the Heartbeat goes when it was due before the station hibernated, not a full interval after the wake', async () => {
    const s = await acceptedScenario();
    await s.clock.advance(100_000);
    const due = s.station.heartbeat.due!;
    expect(due).toBeGreaterThan(s.clock.elapsed());
    const h = await hibernated(s);
    expect(h.heartbeatDue).toBe(due);
    expect(h.expiryCheckDue).toBeGreaterThan(due);
    expect(h.wakeAt).toBe(due);
    // asleep for 100 s (a Sleeper wakes it at wakeAt only)
    await s.clock.advance(100_000);
    const woken = wake(h);
    expect(woken.heartbeat.due).toBe(due);
    await s.clock.advance(due - 1 - s.clock.elapsed());
    await settleIo();
    expect(s.csms.callsOf('Heartbeat')).toHaveLength(0);
    await s.clock.advance(1);
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'the Heartbeat at its due time');
  });

  it.each(Object.keys(notIdle))('not idle (%s): hibernate() is undefined and changes nothing; the station goes on and hibernates once idle', async (what) => {
    const s = await acceptedScenario();
    const done = await notIdle[what]!(s);
    const connected = s.station.connected;
    expect(s.station.hibernate()).toBeUndefined();
    expect(s.station.lifecycle.state).toBe('running');
    expect(s.station.connected).toBe(connected);
    await done();
    wake(await hibernated(s));
  });

  it('the woken station charges (plug and card: TransactionEvent Started, Charging) and does not hibernate while it does', async () => {
    const s = await txStation();
    const woken = wake(await hibernated(s));
    const mark = s.csms.mark();
    await plugAndCharge({ ...s, station: woken });
    expect(txEvents(s).map((e) => `${e.eventType} ${e.transactionInfo.chargingState}`)).toEqual(['Started EVConnected', 'Updated Charging']);
    // one Occupied: the hibernated station no longer listens to the hardware
    const statuses = s.csms.calls.slice(mark).filter((c) => c.action === 'StatusNotification').map((c) => [c.payload.evseId, c.payload.connectorStatus]);
    expect(statuses).toEqual([[1, 'Occupied']]);
    expect(woken.hibernate()).toBeUndefined();
  });

  it('B04: the CSMS closes the socket of a hibernated station: woken by the close, it reconnects after the back-off without a BootNotification and sends nothing', async () => {
    const s = await acceptedScenario();
    const sleep = sleeper(await hibernated(s));
    const mark = s.csms.mark();
    await s.csms.disconnect('CS001');
    const woken = await waitFor(() => sleep.woken(), 'the station woken by the close');
    expect(sleep.why()).toBe('close');
    await waitFor(() => !woken.connected, 'the woken station sees the link drop');
    expect(woken.registration).toBe('Accepted');
    // RetryBackOffWaitMinimum 5 s, random() = 0
    await s.clock.advance(4_999);
    await settleIo();
    expect(s.csms.connectionCount('CS001')).toBe(1);
    await s.clock.advance(1);
    await s.csms.waitForConnection('CS001', 5000, { count: 2 });
    await waitFor(() => woken.connected, 'the woken station connected again');
    await s.clock.advance(0);
    await settleIo();
    expect(sentSince(s, mark)).toEqual([]);
    expect(woken.registration).toBe('Accepted');
    expect(await getVariable(s, 'OCPPCommCtrlr', 'HeartbeatInterval')).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '300' });
  });

  it('OCPP 1.6: the round trip sends no BootNotification or StatusNotification, and the woken station answers GetConfiguration on the same socket', async () => {
    const s = await ready16();
    const h = await hibernated(s);
    expect(h.requestedOcppVersion).toBe('1.6');
    const mark = s.csms.mark();
    const woken = wake(h);
    expect(woken.registration).toBe('Accepted');
    expect(woken.ocppVersion).toBe('1.6');
    await s.clock.advance(0);
    await settleIo();
    expect(sentSince(s, mark)).toEqual([]);
    expect(await s.csms.call('CS001', 'GetConfiguration', { key: ['HeartbeatInterval'] })).toEqual({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
    });
    expect(s.csms.connectionCount('CS001')).toBe(1);
    expect(s.csms.protocolOf('CS001')).toBe('ocpp1.6');
  });

  it('a Sleeper wakes the station on a CSMS CALL, which the woken station answers on the same socket; it hibernates again after', async () => {
    const s = await acceptedScenario();
    const sleep = sleeper(await hibernated(s));
    const mark = s.csms.mark();
    expect(await getVariable(s, 'OCPPCommCtrlr', 'HeartbeatInterval')).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '300' });
    expect(sleep.why()).toBe('frame');
    const woken = sleep.woken()!;
    expect(woken.registration).toBe('Accepted');
    expect(s.csms.connectionCount('CS001')).toBe(1);
    expect(sentSince(s, mark)).toEqual([]);
    const again = await waitFor(() => woken.hibernate(), 'the woken station hibernated again');
    wake(again);
    expect(await getVariable(s, 'OCPPCommCtrlr', 'HeartbeatInterval')).toMatchObject({ attributeStatus: 'Accepted' });
  });

  it('a Sleeper made after the Heartbeat fell due wakes the station at once (due), and the overdue Heartbeat goes', async () => {
    const s = await acceptedScenario();
    const h = await hibernated(s);
    await s.clock.advance(h.wakeAt! - s.clock.elapsed() + 1_000);
    const sleep = sleeper(h);
    await s.clock.advance(0);
    await waitFor(() => sleep.why() === 'due', 'the station woken by its Heartbeat');
    await waitFor(() => s.csms.callsOf('Heartbeat').length === 1, 'the overdue Heartbeat');
  });

  it('a CSMS CALL still being answered keeps the station awake: the answer goes out, then it may hibernate', async () => {
    const s = await acceptedScenario();
    const [r1, r2] = [await makeRoot('CN=root one'), await makeRoot('CN=root two')];
    await s.csms.call('CS001', 'InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: r1.pem });
    // the handler awaits (the certificate checks): try to hibernate while it does
    let tried: Hibernation | undefined | 'not tried' = 'not tried';
    s.station.link.on('frame', (f: { direction: string; raw: string }) => {
      if (f.direction === 'in' && f.raw.includes('InstallCertificate')) setImmediate(() => (tried = s.station.hibernate()));
    });
    const res = await s.csms.call('CS001', 'InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: r2.pem }, { timeoutMs: 3000 });
    expect(res.status).toBe('Accepted');
    expect(tried).toBeUndefined();
    wake(await hibernated(s));
  });
});
