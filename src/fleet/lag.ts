/** This thread's event-loop delay (perf_hooks), in ms: how late the stations' timers and sockets are served. */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface Lag {
  p99: number | null;
  max: number | null;
}

export class LagMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  start(): void {
    this.histogram.enable();
  }

  /** Forget what was seen so far (e.g. the ramp, when opening stations blocks the loop on purpose). */
  reset(): void {
    this.histogram.reset();
  }

  figures(): Lag {
    if (this.histogram.count === 0) return { p99: null, max: null };
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    return { p99: ms(this.histogram.percentile(99)), max: ms(this.histogram.max) };
  }

  stop(): void {
    this.histogram.disable();
  }
}

/** The worst of several threads' figures. */
export function worstLag(lags: readonly Lag[]): Lag {
  const worst = (values: (number | null)[]) => values.reduce<number | null>((a, b) => (b === null ? a : a === null ? b : Math.max(a, b)), null);
  return { p99: worst(lags.map((l) => l.p99)), max: worst(lags.map((l) => l.max)) };
}
