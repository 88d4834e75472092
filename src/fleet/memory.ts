/**
 * Giving back the memory of stations gone to sleep. A hibernated station
 * leaves its socket's objects scattered over heap pages its engine no longer
 * fills; V8 keeps such pages, and Node 24's V8 also keeps the pages it frees
 * in a pool instead of returning them to the system. A last-resort full
 * collection, compacting every page, empties that pool: at 10,000 idle
 * stations it is the difference between 20 and 54 KiB of RSS per station
 * on Node 24 (docs/fleet.md). It pauses the process (some 100 ms at 10,000
 * stations, up to a second with thousands awake), so the fleet asks for it
 * only once a wave of stations has gone to sleep and nine in ten of them
 * sleep, at most once a minute: a busy fleet, whose stations sleep now and
 * then (before their first session, between two), is not paused.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A fleet in sessions fills its old generation with garbage (session data
 * that lived a few seconds, promoted on the way) without reaching the limit
 * that starts V8's regular full collection: incremental, with pauses of some
 * 25 ms. V8's memory reducer then starts one of its own 100 s after the last
 * (its watchdog), in the memory-reducing flavour that compacts: at 10,000
 * stations in transactions, 700 MiB, and the event loop stops for 0.5–1 s
 * (bench/fleet --transactions, docs/fleet.md). Without the reducer the
 * regular collections do that work; a sleeping fleet gives its memory back
 * through releaseMemory(). V8 reads the flag when it sets up a heap: it
 * holds for the worker threads started after it, not for the main thread
 * that is already running (hence `--workers` for fleets in sessions). So
 * WorkerFleet sets it as it starts its threads. It is the process's flag:
 * a program that embeds a Fleet (this thread) keeps V8's default.
 */
export function collectIncrementally(): void {
  setFlagsFromString('--no-memory-reducer');
}

type GcFunction = (options?: { type?: 'major'; execution?: 'sync'; flavor?: 'last-resort' }) => void;

let gc: GcFunction | undefined;

/** V8 12 and later (Node 22+): a last-resort collection compacts everything and empties the page pool. */
const LAST_RESORT = Number(process.versions.v8.split('.')[0]) >= 12;

/** A full, compacting collection that returns freed pages to the system. */
export function releaseMemory(): void {
  if (!gc) {
    // V8's gc() is only exposed by a flag: expose it for a fresh context, without touching the global one
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as GcFunction;
  }
  if (LAST_RESORT) {
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    return;
  }
  // Node 20's V8 has no last-resort flavour (the options make it a cheap collection): a full
  // collection, compacting every page instead of those V8 picks as fragmented
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** When a wave of hibernations is over, big enough, and nine in ten stations sleep (at most once a minute). */
export class ReleasePolicy {
  private asleepSince = 0;
  private lastRelease = -Infinity;

  constructor(
    private readonly stations: number,
    private readonly minIntervalMs = 60_000,
  ) {}

  /** After a sweep that put `asleep` stations to sleep, `sleeping` in all: true when the memory should be released now. */
  afterSweep(asleep: number, sleeping: number, now: number): boolean {
    this.asleepSince += asleep;
    const wave = Math.max(100, this.stations / 10);
    if (this.asleepSince < wave || sleeping < this.stations * 0.9 || now - this.lastRelease < this.minIntervalMs) return false;
    // the wave is over once a sweep puts few stations to sleep
    if (asleep > this.stations / 100) return false;
    this.asleepSince = 0;
    this.lastRelease = now;
    return true;
  }
}
