import { describe, expect, it } from 'vitest';
import { Fleet, stationIds } from '../../../src/fleet/fleet.js';
import { fleetConsoleLine } from '../../../src/fleet/console.js';
import { countsLine, percentile, rate, summarize, summaryLines } from '../../../src/fleet/stats.js';
import { openFileLimit } from '../../../src/fleet/handles.js';

const counts = { stations: 4, started: 4, booted: 3, connected: 3, inTransaction: 1, hibernated: 0, sent: 40, received: 38, errors: 2 };

describe('fleet figures', () => {
  it('percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(values[0]).toBe(100); // not sorted in place
  });

  it('the summary: latencies, messages, RSS growth per station', () => {
    const s = summarize(counts, [10, 20, 30], { now: 100 * 1024 * 1024, before: 96 * 1024 * 1024 }, 3049, 7, ['x']);
    expect(s).toEqual({
      stations: 4, started: 4, booted: 3, connected: 3, inTransaction: 1, hibernated: 0, errors: 2,
      bootLatencyMs: { p50: 20, p95: 30, p99: 30, max: 30 },
      messages: { sent: 40, received: 38 },
      rssPerStationKiB: 1024,
      rssMiB: 100,
      durationSec: 3,
      seed: 7,
      errorSamples: ['x'],
      workers: 1,
      eventLoopLagMs: { p99: null, max: null },
    });
    expect(summarize({ ...counts, started: 0, booted: 0 }, [], { now: 1, before: 2 }, 0, 1).rssPerStationKiB).toBeNull();
    expect(summaryLines(s).join('\n')).toMatch(/boot latency p50 20 ms, p95 30 ms, p99 30 ms[\s\S]*error: x/);
    const threads = summarize(counts, [10], { now: 1, before: 0 }, 1000, 1, [], { workers: 2, lag: { p99: 12.5, max: 80 } });
    expect(threads).toMatchObject({ workers: 2, eventLoopLagMs: { p99: 12.5, max: 80 } });
    expect(summaryLines(threads)).toContain('event loop lag after the ramp p99 12.5 ms, max 80 ms (the worst of 2 worker threads)');
    expect(summaryLines(s)).toContain('event loop lag after the ramp p99 -, max -');
  });

  it('messages per second and the live line', () => {
    expect(rate({ sent: 0, received: 0 }, { sent: 10, received: 10 }, 2000)).toBe(10);
    expect(rate({ sent: 0, received: 0 }, { sent: 10, received: 10 }, 0)).toBe(0);
    expect(countsLine({ ...counts, started: 2 }, 12.4)).toBe('booted 3/4  connected 3  in transaction 1  msg/s 12  errors 2  (starting 2/4)');
  });
});

describe('a fleet station out of file handles', () => {
  it('one error per station however often its connect fails, naming the limit; the console says so', async () => {
    const fleet = new Fleet({ stations: 2, csmsUrl: 'ws://127.0.0.1:1/ocpp', idPrefix: 'H-', evses: 1, ocppVersion: '2.0.1', ramp: 1000, seed: 1 });
    fleet.start();
    await fleet.ramped;
    try {
      const before = fleet.counts().errors;
      const emfile = () => Object.assign(new Error('connect EMFILE 127.0.0.1:1 - Local (undefined:undefined)'), { code: 'EMFILE', errno: -24, syscall: 'connect' });
      // the station retries on its back-off: each retry fails the same way
      for (let i = 0; i < 3; i++) fleet.members[0]!.station!.link.emit('connectError', emfile());
      fleet.members[1]!.station!.link.emit('connectError', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
      expect(fleet.counts().errors - before).toBe(1);
      const limit = openFileLimit();
      expect(fleet.errorsSeen()).toContain(`H-0001: out of file handles (connect EMFILE); raise 'ulimit -n'${limit === undefined ? '' : ` (now ${limit})`}`);
      expect((await fleetConsoleLine(fleet, 'stations'))[0]).toMatch(/^H-0001  .*link down .*\(out of file handles\)$/);
      expect((await fleetConsoleLine(fleet, 'stations'))[1]).not.toMatch(/file handles/);
    } finally {
      await fleet.stop();
    }
  });
});

describe('fleet ids and console', () => {
  it('ids are <prefix><0001..>, wider for fleets past 9999', () => {
    expect(stationIds('NG9-', 2)).toEqual(['NG9-0001', 'NG9-0002']);
    expect(stationIds('CP', 10_000).at(-1)).toBe('CP10000');
    expect(stationIds('CP', 10_000)[0]).toBe('CP00001');
  });

  it('stations lists them; station <id> reaches one; unknown ids and words are said so', async () => {
    const fleet = new Fleet({ stations: 2, csmsUrl: 'ws://127.0.0.1:1/ocpp', idPrefix: 'T-', evses: 1, ocppVersion: '2.0.1', ramp: 1000, seed: 1 });
    expect(await fleetConsoleLine(fleet, 'stations')).toEqual(['T-0001  not started', 'T-0002  not started']);
    expect(await fleetConsoleLine(fleet, 'station X-1 status')).toEqual(['no station X-1 in this fleet (T-0001 … T-0002)']);
    expect((await fleetConsoleLine(fleet, 'frobnicate'))[0]).toMatch(/unknown command 'frobnicate'/);
    fleet.start();
    await fleet.ramped;
    try {
      expect((await fleetConsoleLine(fleet, 'stations'))[0]).toMatch(/^T-0001  \S+\s+link (up|down)\s+transactions 0$/);
      expect(await fleetConsoleLine(fleet, 'station T-0002 plug 1')).toEqual(['EVSE 1 plugged']);
      expect((await fleetConsoleLine(fleet, 'station T-0002 plug 9'))[0]).toMatch(/^ERR BAD_ARGUMENT/);
    } finally {
      await fleet.stop();
    }
  });
});
