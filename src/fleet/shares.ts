/**
 * How `--workers n` splits a fleet: station i (0-based) runs in worker
 * i mod n (round-robin, so every worker ramps through the ids in the same
 * order as one thread would), each worker ramps at `ramp / n` per second, and
 * with `--state <dir>` worker k keeps its stations under `<dir>/worker-<k>`.
 */
import { join } from 'node:path';

/** A worker's part: every `of`-th station from the `index`-th (0-based). */
export interface Share {
  index: number;
  of: number;
}

export function inShare(i: number, share: Share | undefined): boolean {
  return !share || i % share.of === share.index;
}

/** The worker (0-based) that runs station i (0-based). */
export function workerOf(i: number, workers: number): number {
  return i % workers;
}

/** How many of `stations` fall to worker `index` of `of`. */
export function shareSize(stations: number, share: Share): number {
  return Math.max(0, Math.ceil((stations - share.index) / share.of));
}

/** Worker k's own state folder (1-based in the name). */
export function workerStateDir(stateDir: string | undefined, share: Share): string | undefined {
  return stateDir === undefined ? undefined : join(stateDir, `worker-${share.index + 1}`);
}

/**
 * Stations per worker thread that `--workers auto` aims at: a thread's heap
 * stays small enough that its full collections stop its stations briefly
 * (a one-thread fleet of 10,000 in sessions stops for up to a second).
 */
export const STATIONS_PER_WORKER = 2500;

/** `--workers`: a whole number ≥ 1, or `auto` (one per core, at least one per 2,500 stations); never more than the stations. */
export function parseWorkers(text: string, cores: number, stations: number): { workers: number } | { error: string } {
  const t = text.trim().toLowerCase();
  let n: number;
  if (t === 'auto') n = Math.max(1, cores, Math.ceil(stations / STATIONS_PER_WORKER));
  else if (/^\d+$/.test(t) && Number(t) >= 1) n = Number(t);
  else return { error: `--workers must be a whole number of worker threads ≥ 1 or 'auto' (${cores} cores here), got '${text}'` };
  if (n > 256) return { error: `--workers: at most 256 worker threads, got ${n}` };
  return { workers: Math.min(n, stations) };
}
