import { describe, expect, it } from 'vitest';
import { Fleet } from '../../../src/fleet/fleet.js';
import { worstLag } from '../../../src/fleet/lag.js';
import { parseWorkers, shareSize, workerOf, workerStateDir } from '../../../src/fleet/shares.js';

const options = { stations: 5, csmsUrl: 'ws://127.0.0.1:1/ocpp', idPrefix: 'S-', evses: 1, ocppVersion: '2.0.1' as const, ramp: 10, seed: 1 };

describe('a fleet split over worker threads', () => {
  it('round-robin: each station keeps its id and its place (seed index) in the whole fleet', () => {
    const second = new Fleet({ ...options, share: { index: 1, of: 2 } });
    expect(second.members.map((m) => [m.id, m.index])).toEqual([['S-0002', 2], ['S-0004', 4]]);
    const first = new Fleet({ ...options, share: { index: 0, of: 2 } });
    expect(first.members.map((m) => m.id)).toEqual(['S-0001', 'S-0003', 'S-0005']);
    expect(first.counts().stations).toBe(3);
    expect(new Fleet(options).members.map((m) => m.index)).toEqual([1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4].map((i) => workerOf(i, 2))).toEqual([0, 1, 0, 1, 0]);
    expect([0, 1, 2].map((index) => shareSize(5, { index, of: 3 }))).toEqual([2, 2, 1]);
    expect(shareSize(1, { index: 1, of: 2 })).toBe(0);
  });

  it('each worker its own state folder', () => {
    expect(workerStateDir('/tmp/fleet', { index: 0, of: 2 })).toBe('/tmp/fleet/worker-1');
    expect(workerStateDir(undefined, { index: 0, of: 2 })).toBeUndefined();
  });

  it('--workers: a number ≥ 1 or auto, at most one per station', () => {
    expect(parseWorkers('2', 8, 100)).toEqual({ workers: 2 });
    expect(parseWorkers('auto', 8, 100)).toEqual({ workers: 8 });
    // at least one thread per 2,500 stations, whatever the cores: short full collections per thread
    expect(parseWorkers('auto', 2, 10_000)).toEqual({ workers: 4 });
    expect(parseWorkers('auto', 2, 10_001)).toEqual({ workers: 5 });
    expect(parseWorkers('AUTO', 0, 100)).toEqual({ workers: 1 });
    expect(parseWorkers('4', 8, 3)).toEqual({ workers: 3 });
    expect(parseWorkers('0', 2, 10)).toEqual({ error: "--workers must be a whole number of worker threads ≥ 1 or 'auto' (2 cores here), got '0'" });
    expect(parseWorkers('x', 2, 10)).toHaveProperty('error');
    expect(parseWorkers('1.5', 2, 10)).toHaveProperty('error');
    expect(parseWorkers('-1', 2, 10)).toHaveProperty('error');
    expect(parseWorkers('1000', 2, 10_000)).toEqual({ error: '--workers: at most 256 worker threads, got 1000' });
  });
});

describe('event-loop lag of several threads', () => {
  it('the summary takes the worst thread; a thread that saw nothing does not count', () => {
    expect(worstLag([{ p99: 12, max: 40 }, { p99: 30, max: 35 }, { p99: null, max: null }])).toEqual({ p99: 30, max: 40 });
    expect(worstLag([])).toEqual({ p99: null, max: null });
  });
});
