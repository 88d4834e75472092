/** `ng9 sim fleet` against the strict fake CSMS: many stations, one process, one summary. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 sim fleet', () => {
  let csms: FakeCsms;
  beforeAll(async () => {
    csms = await startFakeCsms();
  });
  afterAll(() => csms.close());

  it('20 stations, each its own connection, all boot (Accepted); --json prints the summary', async () => {
    const r = await ng9(['sim', 'fleet', '--stations', '20', '--csms', csms.url, '--duration', '3', '--json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ stations: 20, started: 20, booted: 20, connected: 20, errors: 0, seed: 1 });
    expect(summary.bootLatencyMs.p50).toBeGreaterThan(0);
    expect(summary.bootLatencyMs.p99).toBeGreaterThanOrEqual(summary.bootLatencyMs.p95);
    expect(summary.messages.sent).toBeGreaterThanOrEqual(20);
    expect(summary.messages.received).toBeGreaterThanOrEqual(20);
    expect(summary.rssPerStationKiB).toBeGreaterThan(0);
    expect(summary.durationSec).toBeGreaterThanOrEqual(3);
    const boots = csms.calls.filter((c) => c.action === 'BootNotification');
    const ids = new Set(boots.map((c) => c.stationId));
    expect(ids.size).toBe(20);
    expect(ids).toContain('NG9-0001');
    expect(ids).toContain('NG9-0020');
    csms.assertNoViolations();
  });

  it('a scenario drives sessions (plug, card, unplug) and link drops on real time', async () => {
    const file = join(tempDir(), 'busy.json');
    writeFileSync(
      file,
      JSON.stringify({ idTokens: ['TAG-0001'], sessions: [{ arrival: [0.3, 0.6], duration: 1.5 }], linkDrops: { every: 2.5, duration: 0.5 }, variables: { 'SampledDataCtrlr.TxUpdatedInterval': 1 } }),
    );
    const mark = csms.calls.length;
    const r = await ng9(['sim', 'fleet', '--stations', '3', '--id-prefix', 'SCN-', '--csms', csms.url, '--scenario', file, '--seed', '4', '--duration', '4', '--json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stations: 3, booted: 3, errors: 0, seed: 4 });
    const calls = csms.calls.slice(mark);
    const started = calls.filter((c) => c.action === 'TransactionEvent' && c.payload.eventType === 'Started');
    const ended = calls.filter((c) => c.action === 'TransactionEvent' && c.payload.eventType === 'Ended');
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(ended.length).toBeGreaterThanOrEqual(1);
    // the scenario's variables: meter values every second while charging
    expect(calls.some((c) => c.action === 'TransactionEvent' && c.payload.triggerReason === 'MeterValuePeriodic')).toBe(true);
    // each station reconnected after its link drop: a second connection
    for (const id of ['SCN-0001', 'SCN-0002', 'SCN-0003']) expect(csms.connectionCount(id)).toBeGreaterThanOrEqual(2);
    csms.assertNoViolations();
  });

  it('Ctrl-C (SIGINT) stops every station and prints the summary, exit 0', async () => {
    const fleet = new LongRunning(['sim', 'fleet', '--stations', '2', '--id-prefix', 'INT-', '--csms', csms.url]);
    try {
      await fleet.waitFor(/all 2 stations started/);
      await csms.waitForConnection('INT-0002');
      await csms.waitForCall('BootNotification', undefined, { stationId: 'INT-0002', timeoutMs: 5000 });
      expect(await fleet.stop()).toBe(0);
      expect(fleet.stdout).toMatch(/SIGINT: stopping 2 stations/);
      expect(fleet.stdout).toMatch(/^stations 2, started 2, /m);
      await csms.waitForDisconnect('INT-0001');
    } finally {
      await fleet.stop();
    }
  });

  it('a scenario with a typo is refused with its field (exit 2)', async () => {
    const file = join(tempDir(), 'typo.json');
    writeFileSync(file, JSON.stringify({ sessions: [{ arrival: 10, duration: 'long' }] }));
    const r = await ng9(['sim', 'fleet', '--stations', '2', '--csms', csms.url, '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sessions\[0\]\.duration: expected a number or \[min, max\]/);
  });
});
