/** The fleet's figures: live counts, and the final summary (`--json`). */
import type { Lag } from './lag.js';
import { rampBar } from './ramp-bar.js';

/** What the fleet looks like now. */
export interface FleetCounts {
  stations: number;
  /** stations opened and powered up so far (the ramp) */
  started: number;
  /** registration Accepted at least once */
  booted: number;
  /** link to the CSMS up now */
  connected: number;
  /** transactions under way */
  inTransaction: number;
  /** idle stations put away to their socket now (hibernation.ts) */
  hibernated: number;
  /** OCPP frames */
  sent: number;
  received: number;
  /** CALLERRORs either way, stations that failed to open, boots refused */
  errors: number;
}

export interface FleetSummary extends Omit<FleetCounts, 'sent' | 'received'> {
  bootLatencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  messages: { sent: number; received: number };
  /** the process's RSS growth since before the first station, divided by the stations started, KiB */
  rssPerStationKiB: number | null;
  rssMiB: number;
  durationSec: number;
  seed: number;
  /** the first few distinct errors, for a person to read */
  errorSamples: string[];
  /** threads that ran the stations */
  workers: number;
  /** event-loop delay of the stations' thread (with workers: the worst one) from the end of the ramp to the stop, ms */
  eventLoopLagMs: Lag;
}

/** Nearest-rank percentile of `values` (not sorted in place); null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** `rss`: the process's RSS now, and before the first station was opened (bytes). */
export function summarize(
  counts: FleetCounts,
  bootLatenciesMs: readonly number[],
  rss: { now: number; before: number },
  durationMs: number,
  seed: number,
  errorSamples: string[] = [],
  threads: { workers: number; lag: Lag } = { workers: 1, lag: { p99: null, max: null } },
): FleetSummary {
  const { sent, received, ...rest } = counts;
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    ...rest,
    bootLatencyMs: {
      p50: round(percentile(bootLatenciesMs, 50)),
      p95: round(percentile(bootLatenciesMs, 95)),
      p99: round(percentile(bootLatenciesMs, 99)),
      max: round(bootLatenciesMs.length ? Math.max(...bootLatenciesMs) : null),
    },
    messages: { sent, received },
    rssPerStationKiB: counts.started > 0 ? Math.round(Math.max(0, rss.now - rss.before) / 1024 / counts.started) : null,
    rssMiB: Math.round(rss.now / 1024 / 1024),
    durationSec: Math.round(durationMs / 100) / 10,
    seed,
    errorSamples,
    workers: threads.workers,
    eventLoopLagMs: threads.lag,
  };
}

/** Messages per second between two counts `ms` apart. */
export function rate(before: Pick<FleetCounts, 'sent' | 'received'>, now: Pick<FleetCounts, 'sent' | 'received'>, ms: number): number {
  if (ms <= 0) return 0;
  return ((now.sent + now.received - before.sent - before.received) * 1000) / ms;
}

/**
 * One line of the live view / the periodic log. During the ramp it ends with
 * `(starting n/N)`, or on a terminal (`bar`: its width in cells) with a
 * progress bar `[████░░░░] n/N`.
 */
export function countsLine(c: FleetCounts, perSecond: number, bar?: number): string {
  const line = `booted ${c.booted}/${c.stations}  connected ${c.connected}  in transaction ${c.inTransaction}${c.hibernated ? `  hibernated ${c.hibernated}` : ''}  msg/s ${perSecond.toFixed(0)}  errors ${c.errors}`;
  if (c.started >= c.stations) return line;
  return `${line}  ${bar ? `starting ${rampBar(c.started, c.stations, bar)}` : `(starting ${c.started}/${c.stations})`}`;
}

/** The summary for a person. */
export function summaryLines(s: FleetSummary): string[] {
  const ms = (v: number | null) => (v === null ? '-' : `${v} ms`);
  return [
    `stations ${s.stations}, started ${s.started}, booted ${s.booted}, connected ${s.connected}, in transaction ${s.inTransaction}${s.hibernated ? `, hibernated ${s.hibernated}` : ''}`,
    `boot latency p50 ${ms(s.bootLatencyMs.p50)}, p95 ${ms(s.bootLatencyMs.p95)}, p99 ${ms(s.bootLatencyMs.p99)}, max ${ms(s.bootLatencyMs.max)}`,
    `messages sent ${s.messages.sent}, received ${s.messages.received}; errors ${s.errors}`,
    `memory ${s.rssMiB} MiB RSS${s.rssPerStationKiB === null ? '' : `, ${s.rssPerStationKiB} KiB per station`}; ran ${s.durationSec} s (seed ${s.seed})`,
    `event loop lag after the ramp p99 ${ms(s.eventLoopLagMs.p99)}, max ${ms(s.eventLoopLagMs.max)}${s.workers > 1 ? ` (the worst of ${s.workers} worker threads)` : ''}`,
    ...s.errorSamples.map((e) => `error: ${e}`),
  ];
}
