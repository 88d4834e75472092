/** The messages between `ng9 sim fleet`'s main thread and its worker threads (worker.ts, pool.ts). */
import type { FleetOptions } from './fleet.js';
import type { FleetFigures } from './running.js';
import type { Share } from './shares.js';
import type { FleetCounts } from './stats.js';

/** workerData: the whole fleet's options with this worker's share (and its own ramp and state folder). */
export interface WorkerSetup {
  options: FleetOptions & { share: Share };
  /** ms between two counts reports */
  reportEveryMs: number;
}

export type ToWorker =
  | { type: 'console'; seq: number; line: string }
  | { type: 'figures'; seq: number }
  | { type: 'stop' };

export type FromWorker =
  | { type: 'counts'; counts: FleetCounts }
  | { type: 'ramped'; counts: FleetCounts }
  | { type: 'reply'; seq: number; lines: string[] }
  | { type: 'figures'; seq: number; figures: FleetFigures }
  | { type: 'stopped' };
