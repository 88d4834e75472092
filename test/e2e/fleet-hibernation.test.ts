/**
 * A fleet's idle stations hibernate down to their socket (fleet/hibernation.ts)
 * and wake for whatever needs them, against the strict fake CSMS on real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fleetConsoleLine } from '../../src/fleet/console.js';
import { Fleet, type FleetOptions } from '../../src/fleet/fleet.js';
import { parseScenario } from '../../src/fleet/scenario.js';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { waitFor } from '../support/wait.js';

let csms: FakeCsms;
let fleet: Fleet | undefined;

async function startFleet(options: Partial<FleetOptions> = {}): Promise<Fleet> {
  csms = await startFakeCsms();
  fleet = new Fleet({ stations: 6, csmsUrl: csms.url, idPrefix: 'HIB-', evses: 2, ocppVersion: '2.0.1', ramp: 100, seed: 1, hibernateAfterMs: 300, ...options });
  fleet.start();
  return fleet;
}

const allAsleep = (f: Fleet) => waitFor(() => f.counts().hibernated === f.members.length, 'every station hibernated', 10_000);

afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
  await csms.close();
  csms.assertNoViolations();
});

describe('Fleet hibernation', () => {
  it('idle stations hibernate on their open connection: one BootNotification each, the CSMS sees nothing else', async () => {
    const f = await startFleet();
    await allAsleep(f);
    const mark = csms.mark();
    expect(f.counts()).toMatchObject({ started: 6, booted: 6, connected: 6, hibernated: 6, errors: 0 });
    for (const m of f.members) {
      expect(csms.connectionCount(m.id)).toBe(1);
      expect(csms.isConnected(m.id)).toBe(true);
      expect(csms.callsOf('BootNotification', m.id)).toHaveLength(1);
    }
    expect(await fleetConsoleLine(f, 'stations')).toContain('HIB-0001  Accepted     link up    transactions 0  (hibernating)');
    await new Promise((r) => setTimeout(r, 1500));
    expect(csms.calls.slice(mark)).toEqual([]);
  });

  it('a CSMS request wakes its station, which answers on the same connection and sleeps again', async () => {
    const f = await startFleet();
    await allAsleep(f);
    const res = await csms.call('HIB-0002', 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    expect(res.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '300' });
    expect(f.member('HIB-0002')!.station).toBeDefined();
    expect(csms.connectionCount('HIB-0002')).toBe(1);
    expect(csms.callsOf('BootNotification', 'HIB-0002')).toHaveLength(1);
    await allAsleep(f);
  });

  it("a console line wakes its station: 'station <id> status' answers from the station", async () => {
    const f = await startFleet();
    await allAsleep(f);
    const lines = await fleetConsoleLine(f, 'station HIB-0004 status');
    expect(lines).toContain('registration  Accepted');
    expect(lines.some((l) => /^csms +connected /.test(l))).toBe(true);
    expect(f.counts().hibernated).toBe(5);
    expect(csms.callsOf('StatusNotification', 'HIB-0004')).toHaveLength(2);
  });

  it('the CSMS drops a hibernated station: it wakes, reconnects on its back-off, and is still accepted (B04: no new boot)', async () => {
    const f = await startFleet({ scenario: parseScenario(JSON.stringify({ variables: { 'OCPPCommCtrlr.RetryBackOffWaitMinimum': 1, 'OCPPCommCtrlr.RetryBackOffRandomRange': 0 } }), 2) });
    await allAsleep(f);
    await csms.disconnect('HIB-0003', 1001);
    await csms.waitForConnection('HIB-0003', 8000, { count: 2 });
    await waitFor(() => f.member('HIB-0003')!.connected, 'connected again');
    expect(csms.callsOf('BootNotification', 'HIB-0003')).toHaveLength(1);
    await allAsleep(f);
  });

  it('with a scenario, stations sleep between sessions and wake for the next arrival', async () => {
    const scenario = parseScenario(JSON.stringify({ idTokens: ['TAG-0001'], sessions: [{ arrival: 3, duration: 0.5 }] }), 2);
    const f = await startFleet({ stations: 2, scenario });
    await waitFor(() => f.counts().hibernated === 2, 'asleep before the first arrival', 10_000);
    await waitFor(() => csms.callsOf('TransactionEvent').filter((p) => p.eventType === 'Ended').length >= 2, 'a session on each station', 15_000);
    await waitFor(() => f.counts().hibernated === 2, 'asleep again after the session', 10_000);
    await waitFor(() => csms.callsOf('TransactionEvent').filter((p) => p.eventType === 'Started').length >= 4, 'the next sessions, after a wake', 15_000);
    expect(f.counts().errors).toBe(0);
    for (const m of f.members) expect(csms.callsOf('BootNotification', m.id)).toHaveLength(1);
  }, 40_000);

  it('hibernate: false keeps every station awake', async () => {
    const f = await startFleet({ hibernate: false });
    await waitFor(() => f.counts().booted === 6, 'booted', 10_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(f.counts().hibernated).toBe(0);
    expect(f.members.every((m) => m.station !== undefined)).toBe(true);
  });
});
