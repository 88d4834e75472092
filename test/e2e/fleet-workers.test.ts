/**
 * `ng9 sim fleet --workers 2` against the strict fake CSMS: the stations run
 * in two worker threads of the BUILT ng9 (dist/fleet/worker.js), one summary,
 * the console reaching a station in the second worker.
 */
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, ROOT } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 sim fleet --workers', () => {
  let csms: FakeCsms;
  beforeAll(async () => {
    csms = await startFakeCsms();
  });
  afterAll(() => csms.close());

  it('20 stations in 2 worker threads: all boot on the wire, each with its own id; one summary of both', async () => {
    const mark = csms.calls.length;
    const r = await ng9(['sim', 'fleet', '--stations', '20', '--workers', '2', '--csms', csms.url, '--duration', '3', '--json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ stations: 20, started: 20, booted: 20, connected: 20, inTransaction: 0, errors: 0, workers: 2, seed: 1, errorSamples: [] });
    expect(summary.bootLatencyMs.p50).toBeGreaterThan(0);
    expect(summary.messages.sent).toBeGreaterThanOrEqual(40); // a BootNotification and StatusNotifications each
    expect(summary.eventLoopLagMs.p99).toBeGreaterThan(0);
    const boots = csms.calls.slice(mark).filter((c) => c.action === 'BootNotification');
    const ids = new Set(boots.map((c) => c.stationId));
    expect(ids.size).toBe(20);
    expect([...ids].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `NG9-${String(i + 1).padStart(4, '0')}`));
    csms.assertNoViolations();
  });

  it('the plain lines name the workers; Ctrl-C stops both and prints the summary, exit 0', async () => {
    const fleet = new LongRunning(['sim', 'fleet', '--stations', '4', '--workers', '2', '--id-prefix', 'WINT-', '--csms', csms.url]);
    try {
      await fleet.waitFor(/all 4 stations started/);
      expect(fleet.stdout).toMatch(/^fleet of 4 stations \(WINT-…\) against .*, 2 worker threads, state in memory, seed 1/m);
      // a StatusNotification follows the BootNotification's Accepted at the station
      for (const id of ['WINT-0001', 'WINT-0002', 'WINT-0003', 'WINT-0004']) await csms.waitForCall('StatusNotification', undefined, { stationId: id, timeoutMs: 10_000 });
      expect(await fleet.stop()).toBe(0);
      expect(fleet.stdout).toMatch(/SIGINT: stopping 4 stations/);
      expect(fleet.stdout).toMatch(/^stations 4, started 4, booted 4, connected 4, in transaction 0$/m);
      expect(fleet.stdout).toMatch(/^event loop lag after the ramp p99 .* \(the worst of 2 worker threads\)$/m);
      for (const id of ['WINT-0001', 'WINT-0004']) await csms.waitForDisconnect(id);
    } finally {
      await fleet.stop();
    }
  });

  it('console lines: station <id> reaches the worker holding it; stations lists both workers in id order', async () => {
    const { WorkerFleet } = await import(pathToFileURL(join(ROOT, 'dist/fleet/pool.js')).href);
    const fleet = new WorkerFleet({ stations: 6, csmsUrl: csms.url, idPrefix: 'WCON-', evses: 2, ocppVersion: '2.0.1', ramp: 100, seed: 1 }, 2);
    try {
      fleet.start();
      await fleet.ramped;
      // WCON-0002 is the second worker's (round-robin: 1, 3, 5 | 2, 4, 6)
      await csms.waitForCall('BootNotification', undefined, { stationId: 'WCON-0002', timeoutMs: 10_000 });
      await csms.waitForCall('StatusNotification', undefined, { stationId: 'WCON-0002', timeoutMs: 10_000 });
      const status = await fleet.consoleLine('station WCON-0002 status');
      expect(status).toContain('station       WCON-0002');
      expect(status).toContain('registration  Accepted');
      expect(await fleet.consoleLine('station WCON-0002 plug 1')).toEqual(['EVSE 1 plugged']);
      await csms.waitForCall('StatusNotification', (p) => p.evseId === 1 && p.connectorStatus === 'Occupied', { stationId: 'WCON-0002', timeoutMs: 10_000 });
      const list = await fleet.consoleLine('stations');
      expect(list.map((l: string) => l.split(' ')[0])).toEqual(['WCON-0001', 'WCON-0002', 'WCON-0003', 'WCON-0004', 'WCON-0005', 'WCON-0006']);
      expect(await fleet.consoleLine('station WCON-0099 status')).toEqual(['no station WCON-0099 in this fleet (WCON-0001 … WCON-0006)']);
    } finally {
      await fleet.stop();
    }
    await csms.waitForDisconnect('WCON-0002');
    csms.assertNoViolations();
  });

  it("out of file handles with workers: whatever runs out (a station's socket, a worker loading its modules) is said so, with 'ulimit -n'", async () => {
    const script = `ulimit -n 120; exec node bin/run.js sim fleet --stations 150 --id-prefix WFD- --workers 2 --ramp 500 --csms ${csms.url} --json --duration 4`;
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 40_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ stations: 150, workers: 2 });
    expect(summary.connected).toBeLessThan(150);
    expect(summary.errors).toBeGreaterThan(0);
    expect(summary.errorSamples.length).toBeGreaterThan(0);
    for (const e of summary.errorSamples) expect(e).toMatch(/^(WFD-\d{4}|worker [12]): out of file handles \(.*EMFILE.*\); raise 'ulimit -n' \(now 120\)$/);
  });

  it('--workers 0 and --workers x are refused (exit 2)', async () => {
    for (const bad of ['0', 'x']) {
      const r = await ng9(['sim', 'fleet', '--stations', '2', '--csms', csms.url, '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Error: --workers must be a whole number of worker threads ≥ 1 or 'auto'`);
      expect(r.stderr).toContain(`got '${bad}'`);
    }
  });
});
