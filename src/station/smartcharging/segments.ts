/**
 * When one charging profile applies, and with what limit: its schedule laid
 * out on the time line as segments. All times are whole epoch seconds (OCPP
 * schedules count in seconds; finer times are floored).
 */
import type { ChargingProfile, ChargingRateUnit, ChargingSchedule } from './types.js';

/** [from, to) in epoch seconds with the limit (in the requested unit) and phases in force. */
export interface Segment {
  from: number;
  to: number;
  limit: number;
  phases: number;
}

export interface SegmentOptions {
  /** Start of a Relative schedule (transaction start, or the request start without one), epoch s. */
  relativeStartS: number;
  unit: ChargingRateUnit;
  voltage: number;
  /** numberPhases when a period does not say (the EVSE's, or the station's for station limits). */
  defaultPhases: number;
}

const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

export function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function isoToSeconds(iso: string): number {
  return toSeconds(Date.parse(iso));
}

/** A limit in `from` units as `to` units, with voltage × phases between A and W. */
export function convertLimit(limit: number, from: ChargingRateUnit, to: ChargingRateUnit, phases: number, voltage: number): number {
  if (from === to) return limit;
  return from === 'A' ? limit * voltage * phases : limit / (voltage * phases);
}

/** validFrom .. validTo of a profile in epoch s (open ends are infinite). */
export function validityOf(profile: ChargingProfile): [number, number] {
  return [profile.validFrom ? isoToSeconds(profile.validFrom) : -Infinity, profile.validTo ? isoToSeconds(profile.validTo) : Infinity];
}

/**
 * The starts and ends of the schedule's runs that can touch [from, to): one
 * for Absolute and Relative, one per day / week for Recurring. A run lasts
 * `duration` seconds (for ever without one) and a Recurring run ends where
 * the next one begins. Recurrence counts from startSchedule in both
 * directions: a "daily from 18:00" pattern also covers the days before the
 * startSchedule date (validFrom is how a CSMS delays a profile).
 */
function runs(profile: ChargingProfile, schedule: ChargingSchedule, from: number, to: number, relativeStartS: number): Array<[number, number]> {
  const length = schedule.duration ?? Infinity;
  if (profile.chargingProfileKind === 'Relative' || !schedule.startSchedule) return [[relativeStartS, relativeStartS + length]];
  const anchor = isoToSeconds(schedule.startSchedule);
  if (profile.chargingProfileKind === 'Absolute') return [[anchor, anchor + length]];
  const period = profile.recurrencyKind === 'Weekly' ? WEEK_S : DAY_S;
  const out: Array<[number, number]> = [];
  for (let start = anchor + Math.floor((from - anchor) / period) * period; start < to; start += period) {
    out.push([start, Math.min(start + length, start + period)]);
  }
  return out;
}

/**
 * The segments of [lo, hi) where the profile applies, sorted and not
 * overlapping. Outside them (before validFrom, after validTo, before the
 * schedule starts, after its duration) the profile does not apply at all, so
 * a lower stack level can take over.
 */
export function profileSegments(profile: ChargingProfile, lo: number, hi: number, opts: SegmentOptions): Segment[] {
  const schedule = profile.chargingSchedule[0];
  if (!schedule) return [];
  const [validFrom, validTo] = validityOf(profile);
  const from = Math.max(lo, validFrom);
  const to = Math.min(hi, validTo);
  if (!(from < to)) return [];
  const periods = schedule.chargingSchedulePeriod;
  const out: Segment[] = [];
  for (const [runStart, runEnd] of runs(profile, schedule, from, to, opts.relativeStartS)) {
    const end = Math.min(runEnd, to);
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i]!;
      const a = Math.max(runStart + period.startPeriod, from);
      const next = periods[i + 1];
      const b = Math.min(next ? runStart + next.startPeriod : Infinity, end);
      if (a >= b) continue;
      const phases = period.numberPhases ?? opts.defaultPhases;
      out.push({ from: a, to: b, limit: convertLimit(period.limit, schedule.chargingRateUnit, opts.unit, phases, opts.voltage), phases });
    }
  }
  return out;
}

/** Walks a sorted segment list forward in time: `at(t)` for non-decreasing t. */
export class SegmentCursor {
  private i = 0;

  constructor(private readonly segments: readonly Segment[]) {}

  at(t: number): Segment | undefined {
    const s = this.segments;
    while (this.i < s.length && s[this.i]!.to <= t) this.i++;
    const seg = s[this.i];
    return seg && seg.from <= t ? seg : undefined;
  }
}
