/**
 * A running fleet as `ng9 sim fleet` drives it, whether its stations live in
 * this thread (LocalFleet) or in worker threads (WorkerFleet).
 */
import { fleetConsoleLine } from './console.js';
import { Fleet, type FleetOptions } from './fleet.js';
import { type Lag, LagMonitor } from './lag.js';
import type { FleetCounts } from './stats.js';

/** The figures of the summary, taken before the stations stop. */
export interface FleetFigures {
  counts: FleetCounts;
  bootLatencies: number[];
  errorSamples: string[];
  /** event-loop delay of the stations' thread (the worst thread) since the ramp ended */
  lag: Lag;
}

export interface RunningFleet {
  /** how many threads run the stations */
  readonly workers: number;
  /** resolves once every station is started (or the fleet stopped first) */
  readonly ramped: Promise<void>;
  start(): void;
  /** the live counts (of worker threads: as of their last report, at most a second old) */
  counts(): FleetCounts;
  figures(): Promise<FleetFigures>;
  /** the reply lines to a fleet console line (`stations`, `station <id> …`, `help`) */
  consoleLine(line: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** The stations in this thread, with this thread's event-loop delay. */
export class LocalFleet implements RunningFleet {
  readonly workers = 1;
  readonly fleet: Fleet;
  readonly ramped: Promise<void>;
  private readonly lag = new LagMonitor();

  constructor(options: FleetOptions) {
    this.fleet = new Fleet(options);
    this.ramped = this.fleet.ramped;
    // the ramp blocks the loop on purpose (opening stations); what counts is the loop once they run
    void this.ramped.then(() => this.lag.reset());
  }

  start(): void {
    this.lag.start();
    this.fleet.start();
  }

  counts(): FleetCounts {
    return this.fleet.counts();
  }

  async figures(): Promise<FleetFigures> {
    return { counts: this.fleet.counts(), bootLatencies: this.fleet.bootLatencies(), errorSamples: this.fleet.errorsSeen(), lag: this.lag.figures() };
  }

  consoleLine(line: string): Promise<string[]> {
    return fleetConsoleLine(this.fleet, line);
  }

  async stop(): Promise<void> {
    this.lag.stop();
    await this.fleet.stop();
  }
}
