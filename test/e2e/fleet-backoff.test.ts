/**
 * `ng9 sim fleet` against a CSMS that will not have its stations: every
 * station retries on its own back-off (OCPPCommCtrlr.RetryBackOff*, seeded
 * per station) — never a tight loop, and not all at once. The CSMS here
 * records the time of each WebSocket upgrade request per station.
 */
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { cleanupTemps, ensureBuilt, ng9, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

const STATIONS = 40;
// short back-off for a short test: first wait 1 s + 0..2 s, then doubled + 0..2 s, twice
const MIN_MS = 1000;
const RANGE_MS = 2000;
const VARIABLES = { 'OCPPCommCtrlr.RetryBackOffWaitMinimum': 1, 'OCPPCommCtrlr.RetryBackOffRandomRange': 2, 'OCPPCommCtrlr.RetryBackOffRepeatTimes': 2 };
/** timer and network slack on a busy machine */
const SLACK_MS = 60;

/** A server that refuses (HTTP 503) or accepts and at once drops every station; the upgrade requests' times by station id. */
async function unwelcomingCsms(mode: 'refuse' | 'drop') {
  const attempts = new Map<string, number[]>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => [...protocols][0] ?? false,
    verifyClient: (info, cb) => {
      const id = decodeURIComponent(info.req.url!.split('/').at(-1)!);
      attempts.set(id, [...(attempts.get(id) ?? []), Date.now()]);
      if (mode === 'refuse') cb(false, 503, 'Service Unavailable');
      else cb(true);
    },
  });
  wss.on('connection', (ws) => ws.terminate());
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
    attempts,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

async function runFleet(url: string, prefix: string, seconds: number) {
  const file = join(tempDir(), 'backoff.json');
  writeFileSync(file, JSON.stringify({ variables: VARIABLES }));
  const r = await ng9(['sim', 'fleet', '--stations', String(STATIONS), '--id-prefix', prefix, '--ramp', '1000', '--csms', url, '--scenario', file, '--duration', String(seconds), '--json'], {
    timeoutMs: 30_000,
  });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

/** The most attempts of different stations that fall within any `windowMs`. */
function densest(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! > windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('ng9 sim fleet against a CSMS that refuses or drops every connection', () => {
  it('refused (HTTP 503): each station backs off, doubling its wait, each with its own jitter', async () => {
    const csms = await unwelcomingCsms('refuse');
    try {
      const summary = await runFleet(csms.url, 'RF-', 5);
      expect(summary).toMatchObject({ stations: STATIONS, started: STATIONS, booted: 0, connected: 0 });
      expect(csms.attempts.size).toBe(STATIONS);
      const firstRetries: number[] = [];
      for (const [id, times] of csms.attempts) {
        const g = gaps(times);
        // ~4.5 s of running: 1 + 2 waits at most (1 s, then ≥ 2 s, then ≥ 4 s); at least one retry (the first wait is < 3 s)
        expect(times.length, `${id}: ${g.join(', ')} ms`).toBeGreaterThanOrEqual(2);
        expect(times.length, `${id}: ${g.join(', ')} ms`).toBeLessThanOrEqual(3);
        expect(g[0]!, id).toBeGreaterThanOrEqual(MIN_MS - SLACK_MS);
        expect(g[0]!, id).toBeLessThanOrEqual(MIN_MS + RANGE_MS + 500);
        if (g[1] !== undefined) expect(g[1], `${id}: doubled`).toBeGreaterThanOrEqual(2 * g[0]! - SLACK_MS);
        firstRetries.push(times[1]!);
      }
      // jitter: the first retries spread over the random range, not together
      const spread = Math.max(...firstRetries) - Math.min(...firstRetries);
      expect(spread).toBeGreaterThan(RANGE_MS / 2);
      expect(densest(firstRetries, 50)).toBeLessThanOrEqual(8);
    } finally {
      await csms.close();
    }
  }, 60_000);

  it('accepted and dropped at once: each station waits its minimum plus jitter before connecting again', async () => {
    const csms = await unwelcomingCsms('drop');
    try {
      const summary = await runFleet(csms.url, 'DR-', 5);
      expect(summary).toMatchObject({ stations: STATIONS, started: STATIONS, booted: 0 });
      expect(csms.attempts.size).toBe(STATIONS);
      const retries: number[] = [];
      for (const [id, times] of csms.attempts) {
        const g = gaps(times);
        // each connection that opened resets the back-off to its first wait: 1..3 s
        expect(times.length, `${id}: ${g.join(', ')} ms`).toBeGreaterThanOrEqual(2);
        expect(times.length, `${id}: ${g.join(', ')} ms`).toBeLessThanOrEqual(5);
        for (const gap of g) expect(gap, id).toBeGreaterThanOrEqual(MIN_MS - SLACK_MS);
        retries.push(...times.slice(1));
      }
      expect(densest(retries, 50)).toBeLessThanOrEqual(8);
    } finally {
      await csms.close();
    }
  }, 60_000);
});
