import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { Station } from '../../src/station/station.js';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import type { Scenario } from '../support/scenario.js';
import { evse } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { drained, ready16, setVar, statuses, txMessages } from './v16-helpers.js';

let s: Scenario | undefined;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await s?.end();
  s = undefined;
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function offline(sc: Scenario): Promise<void> {
  await sc.station.setLinkWanted(false);
  await sc.csms.waitForDisconnect('CS001');
}

async function online(sc: Scenario): Promise<void> {
  await sc.station.setLinkWanted(true);
  await sc.csms.waitForConnection('CS001', 5000, { count: sc.csms.connectionCount('CS001') + 1 });
}

const swipe = async (sc: Scenario, idTag: string) => {
  sc.station.hardware.sim!.nfc.swipe(idTag);
  await sc.clock.advance(0);
};

describe('OCPP 1.6J: offline sessions', () => {
  it('1.6: a session while offline is delivered after the reconnect in order: StartTransaction (offline timestamp), MeterValues and StopTransaction with the id the CSMS assigned', async () => {
    s = await ready16();
    setVar(s, 'AuthCtrlr.OfflineTxForUnknownIdEnabled', 'true');
    s.csms.handle('StartTransaction', () => ({ transactionId: 77, idTagInfo: { status: 'Accepted' } }));
    await offline(s);
    const startedAt = new Date(s.station.clock.now()).toISOString();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.clock.advance(60_000);
    await swipe(s, 'TAG1');
    expect(s.station.transactions.ongoing()).toEqual([]);
    expect(s.station.transactions.queuedCount()).toBe(4);
    const mark = s.csms.mark();
    await online(s);
    await s.csms.waitForCall('StopTransaction', undefined, { after: mark });
    await drained(s);
    expect(txMessages(s, mark)).toEqual(['StartTransaction 1 TAG1', 'MeterValues 1 77', 'StopTransaction 77 Local TAG1']);
    const start = s.csms.callsOf('StartTransaction')[0];
    expect(start.timestamp).toBe(startedAt);
    const stop = s.csms.callsOf('StopTransaction')[0];
    expect(Date.parse(stop.timestamp) - Date.parse(startedAt)).toBe(60_000);
    expect(stop.meterStop).toBe(368);
    // No new boot on a reconnect; the connector tells what changed while away.
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
    await waitFor(() => statuses(s!, mark).includes('1 Finishing NoError'), 'Finishing after the reconnect');
    expect(s.station.link.transactions16.all()).toEqual([]);
  });

  it('1.6: started online, stopped offline: the queued StopTransaction carries the mapped id', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 2).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    await offline(s);
    await swipe(s, 'TAG1');
    expect(s.station.transactions.queuedCount()).toBe(1);
    await online(s);
    await s.csms.waitForCall('StopTransaction');
    expect(txMessages(s)).toEqual(['StartTransaction 2 TAG1', 'StopTransaction 1 Local TAG1']);
  });
});

describe('OCPP 1.6J: restarts', () => {
  let csms: FakeCsms;
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ng9-v16-'));
    cleanup.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  };
  const open = (stateDir: string, ocppVersion?: '1.6' | '2.0.1') =>
    Station.open({ id: 'CS001', stateDir, csmsUrl: csms.url, clock: new FakeClock('2026-03-01T10:00:00Z'), random: () => 0, ...(ocppVersion ? { ocppVersion } : {}) });

  async function csmsUp(): Promise<void> {
    csms = await startFakeCsms();
    cleanup.push(async () => {
      await csms.close();
      csms.assertNoViolations();
    });
  }

  it('1.6: a StopTransaction still queued when the station dies is sent after the restart with the mapped id; the network profile keeps the version (OCPP16)', async () => {
    await csmsUp();
    csms.handle('StartTransaction', () => ({ transactionId: 31, idTagInfo: { status: 'Accepted' } }));
    const stateDir = dir();
    const first = open(stateDir, '1.6');
    first.model.setByKey('SampledDataCtrlr.TxUpdatedInterval', '0', 'console');
    first.start();
    await waitFor(() => first.registration === 'Accepted', 'first boot');
    first.hardware.sim!.evse(1)!.plug();
    first.hardware.sim!.nfc.swipe('TAG1');
    await csms.waitForCall('StartTransaction');
    await waitFor(() => first.transactions.queuedCount() === 0, 'start delivered');
    await first.setLinkWanted(false);
    await csms.waitForDisconnect('CS001');
    first.hardware.sim!.nfc.swipe('TAG1');
    await waitFor(() => first.transactions.queuedCount() === 1, 'Ended queued');
    await first.stop();

    // No --ocpp this time: the stored profile says OCPP16 and wins.
    const second = open(stateDir);
    cleanup.push(() => second.stop());
    second.start();
    await csms.waitForCall('StopTransaction');
    await waitFor(() => second.transactions.queuedCount() === 0, 'queue drained');
    expect(csms.handshakes.filter((h) => h.accepted).map((h) => h.protocol)).toEqual(['ocpp1.6', 'ocpp1.6']);
    expect(csms.callsOf('StartTransaction')).toHaveLength(1);
    expect(csms.callsOf('StopTransaction')).toEqual([expect.objectContaining({ transactionId: 31, reason: 'Local', idTag: 'TAG1' })]);
    expect(second.ocppVersion).toBe('1.6');
  });

  it('1.6: a transaction open when the power went is stopped after the restart with StopTransaction reason PowerLoss and the mapped id', async () => {
    await csmsUp();
    const stateDir = dir();
    const first = open(stateDir, '1.6');
    first.model.setByKey('SampledDataCtrlr.TxUpdatedInterval', '0', 'console');
    first.start();
    await waitFor(() => first.registration === 'Accepted', 'first boot');
    first.hardware.sim!.evse(2)!.plug();
    first.hardware.sim!.nfc.swipe('TAG9');
    await csms.waitForCall('StartTransaction');
    await waitFor(() => first.transactions.queuedCount() === 0, 'start delivered');
    await first.stop();

    const second = open(stateDir);
    cleanup.push(() => second.stop());
    second.start();
    const stop = await csms.waitForCall('StopTransaction');
    expect(stop).toMatchObject({ transactionId: 1, reason: 'PowerLoss' });
    expect(stop.idTag).toBeUndefined();
  });

  it('1.6: Reset Soft during a transaction → Accepted, StopTransaction reason SoftReset, then a new BootNotification; Reset Hard idle → Accepted and a reboot', async () => {
    s = await ready16();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.csms.waitForCall('StartTransaction');
    await drained(s);
    expect(await s.csms.call('CS001', 'Reset', { type: 'Soft' })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StopTransaction');
    await waitFor(() => s!.csms.callsOf('BootNotification').length === 2, 'boot after the reset');
    expect(txMessages(s)).toEqual(['StartTransaction 1 TAG1', 'StopTransaction 1 SoftReset']);
    await waitFor(() => s!.station.registration === 'Accepted', 'accepted again');
    await s.csms.waitForConnection('CS001');
    evse(s, 1).unplug();
    await drained(s);
    expect(await s.csms.call('CS001', 'Reset', { type: 'Hard' })).toEqual({ status: 'Accepted' });
    await waitFor(() => s!.csms.callsOf('BootNotification').length === 3, 'boot after the hard reset');
  });
});
