/** `ng9 sim fleet` against the strict fake CSMS: many stations, one process, one summary. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, ROOT, tempDir } from './helpers.js';

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

  it("a session's energy: the EV stops drawing once it has it (SuspendedEV on the wire), and leaves after its duration", async () => {
    const file = join(tempDir(), 'energy.json');
    // 5 Wh: under a second at 22 kW; the EV stays 2.5 s
    writeFileSync(file, JSON.stringify({ idTokens: ['TAG-0001'], sessions: [{ arrival: 1.5, duration: 2.5, energy: 0.005 }], variables: { 'SampledDataCtrlr.TxUpdatedInterval': 1 } }));
    const mark = csms.calls.length;
    const r = await ng9(['sim', 'fleet', '--stations', '2', '--evses', '1', '--id-prefix', 'NRG-', '--csms', csms.url, '--scenario', file, '--duration', '5', '--json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stations: 2, booted: 2, errors: 0 });
    const events = csms.calls.slice(mark).filter((c) => c.action === 'TransactionEvent');
    const energy = (p: any, context: string) => Number(p.meterValue?.flatMap((m: any) => m.sampledValue).find((v: any) => v.context === context)?.value);
    for (const id of ['NRG-0001', 'NRG-0002']) {
      const mine = events.filter((c) => c.stationId === id).map((c) => c.payload);
      const started = mine.find((p) => p.eventType === 'Started');
      expect(started, id).toBeDefined();
      const tx = mine.filter((p) => p.transactionInfo.transactionId === started.transactionInfo.transactionId);
      const states = tx.map((p) => p.transactionInfo.chargingState);
      expect(states, id).toContain('Charging');
      expect(states.indexOf('SuspendedEV'), id).toBeGreaterThan(states.indexOf('Charging'));
      expect(tx.find((p) => p.transactionInfo.chargingState === 'SuspendedEV').triggerReason).toBe('ChargingStateChanged');
      const ended = tx.find((p) => p.eventType === 'Ended');
      expect(ended, id).toBeDefined();
      expect(ended.transactionInfo.stoppedReason).toBe('EVDisconnected');
      const delivered = energy(ended, 'Transaction.End') - energy(started, 'Transaction.Begin');
      expect(delivered, id).toBeGreaterThanOrEqual(5);
      expect(delivered, id).toBeLessThan(5.5);
    }
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

  it("out of file handles: each station that cannot connect is one error, naming the handles and 'ulimit -n'", async () => {
    // 150 sockets cannot fit in 120 handles; the station retries on its back-off, the error is counted once
    const mark = csms.calls.length;
    const script = `ulimit -n 120; exec node bin/run.js sim fleet --stations 150 --id-prefix FD- --ramp 500 --csms ${csms.url} --json --duration 4`;
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, timeout: 40_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
      ),
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.stations).toBe(150);
    expect(summary.started).toBe(150);
    // the stations that got a socket boot (their schemas were read before the handles ran out)
    expect(summary.booted).toBeGreaterThan(20);
    expect(summary.booted).toBeGreaterThanOrEqual(summary.connected - 5); // (a few may still be booting at the stop)
    const without = 150 - summary.connected;
    expect(without).toBeGreaterThan(0);
    expect(summary.errors).toBe(without);
    expect(summary.errorSamples).toHaveLength(5);
    for (const e of summary.errorSamples) expect(e).toMatch(/^FD-\d{4}: out of file handles \(connect EMFILE\); raise 'ulimit -n' \(now 120\)$/);
    const boots = new Set(csms.calls.slice(mark).filter((c) => c.action === 'BootNotification').map((c) => c.stationId));
    expect(boots.size).toBe(summary.booted);
    csms.assertNoViolations();
  });

  it('a scenario with a typo is refused with its line and field (exit 2)', async () => {
    const file = join(tempDir(), 'typo.json');
    writeFileSync(file, JSON.stringify({ idTokens: ['TAG-1'], sessions: [{ arrival: 10, duration: 'long' }] }, null, 2));
    const r = await ng9(['sim', 'fleet', '--stations', '2', '--csms', csms.url, '--scenario', file]);
    expect(r.code).toBe(2);
    // JSON.stringify(…, null, 2): "duration" is on line 8
    expect(r.stderr).toBe(`Error: scenario ${file} line 8: sessions[0].duration: expected a number or [min, max] (seconds, each ≥ 0), got "long"\n`);
  });
});
