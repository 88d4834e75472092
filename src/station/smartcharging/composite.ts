/**
 * K08 composite schedule: what an EVSE (or the whole station, evseId 0) may
 * draw over [start, start + duration), from the installed profiles.
 *
 * For one EVSE at each instant:
 * - per purpose the highest stackLevel that applies wins; a profile whose
 *   schedule has not started, has run past its duration or is outside
 *   validFrom/validTo does not apply, and the next lower level does;
 * - during a transaction its TxProfile overrides the TxDefaultProfile (EVSE
 *   or station-wide); where no TxProfile applies the TxDefaultProfile does.
 *   Without a transaction the TxDefaultProfile is shown as it would apply to
 *   a transaction starting at the schedule start (Relative ones start there);
 * - the result is the minimum of that, ChargingStationExternalConstraints
 *   (EVSE or station-wide), ChargingStationMaxProfile and the EVSE's hardware
 *   maximum (which is also the answer when no profile applies).
 * For evseId 0: the sum of the EVSEs, capped by ChargingStationMaxProfile and
 * station-wide external constraints.
 *
 * Limits convert between A and W with SupplyVoltage × numberPhases (default:
 * the EVSE's phases); results are floored to one decimal (the schema allows
 * one digit of fraction) so the composite never exceeds a limit; equal
 * adjacent periods are merged. Pure: no clock, no store.
 */
import { convertLimit, profileSegments, type Segment, SegmentCursor, toSeconds } from './segments.js';
import type { ChargingRateUnit, CompositePeriod, CompositeSchedule, EvseContext, InstalledProfile } from './types.js';

export const DEFAULT_SUPPLY_VOLTAGE = 230;
export const DEFAULT_STATION_PHASES = 3;

export interface CompositeContext {
  /** Installed profiles; invalidated ones are ignored. */
  profiles: readonly InstalledProfile[];
  evses: readonly EvseContext[];
  supplyVoltage?: number;
  /** Phases of the station's supply (station-wide limits without numberPhases). */
  stationPhases?: number;
}

export interface CompositeRequest {
  /** 0 = the station. */
  evseId: number;
  /** Epoch ms; floored to the second. */
  start: number;
  durationS: number;
  unit: ChargingRateUnit;
}

type Candidate = { limit: number; phases: number };

/** Profiles of the candidate lists that decide one EVSE's limit, in precedence order. */
interface EvseProfiles {
  tx: InstalledProfile[];
  txDefault: InstalledProfile[];
  external: InstalledProfile[];
  stationMax: InstalledProfile[];
}

const byStackDesc = (a: InstalledProfile, b: InstalledProfile) =>
  b.profile.stackLevel - a.profile.stackLevel || b.evseId - a.evseId; // tie: EVSE-specific before station-wide

function selectProfiles(profiles: readonly InstalledProfile[], evse: EvseContext, stationLimits: boolean): EvseProfiles {
  const out: EvseProfiles = { tx: [], txDefault: [], external: [], stationMax: [] };
  for (const row of profiles) {
    if (!row.valid) continue;
    const here = row.evseId === evse.id;
    const stationWide = row.evseId === 0;
    switch (row.profile.chargingProfilePurpose) {
      case 'TxProfile':
        if (here && evse.transaction && row.transactionId === evse.transaction.id) out.tx.push(row);
        break;
      case 'TxDefaultProfile':
        if (here || stationWide) out.txDefault.push(row);
        break;
      case 'ChargingStationExternalConstraints':
        if (here || (stationWide && stationLimits)) out.external.push(row);
        break;
      case 'ChargingStationMaxProfile':
        if (stationWide && stationLimits) out.stationMax.push(row);
        break;
    }
  }
  out.tx.sort(byStackDesc);
  out.txDefault.sort(byStackDesc);
  out.external.sort(byStackDesc);
  out.stationMax.sort(byStackDesc);
  return out;
}

/** The instants in [lo, hi) where any of the segment lists may change, sorted, lo first. */
function breakpoints(lists: ReadonlyArray<readonly Segment[]>, lo: number, hi: number): number[] {
  const points = [lo];
  for (const list of lists) {
    for (const seg of list) {
      if (seg.from > lo && seg.from < hi) points.push(seg.from);
      if (seg.to > lo && seg.to < hi) points.push(seg.to);
    }
  }
  points.sort((a, b) => a - b);
  const out: number[] = [];
  for (const p of points) if (out[out.length - 1] !== p) out.push(p);
  return out;
}

/** First segment covering t among cursors ordered by precedence (highest stack level first). */
function firstAt(cursors: readonly SegmentCursor[], t: number): Segment | undefined {
  for (const c of cursors) {
    const seg = c.at(t);
    if (seg) return seg;
  }
  return undefined;
}

/** Sweep [lo, hi): at each breakpoint ask `value`; adjacent equal results are joined. */
function sweep(points: readonly number[], hi: number, value: (t: number) => Candidate): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1] ?? hi;
    const { limit, phases } = value(from);
    const last = out[out.length - 1];
    if (last && last.limit === limit && last.phases === phases) last.to = to;
    else out.push({ from, to, limit, phases });
  }
  return out;
}

/** One EVSE's limit over [lo, hi) as segments covering it completely. */
function evseLimits(ctx: CompositeContext, evse: EvseContext, lo: number, hi: number, unit: ChargingRateUnit, stationLimits: boolean): Segment[] {
  const voltage = ctx.supplyVoltage ?? DEFAULT_SUPPLY_VOLTAGE;
  const chosen = selectProfiles(ctx.profiles, evse, stationLimits);
  const opts = {
    relativeStartS: evse.transaction ? toSeconds(evse.transaction.startedAt) : lo,
    unit,
    voltage,
    defaultPhases: evse.phases,
  };
  const segs = (rows: InstalledProfile[]) => rows.map((row) => profileSegments(row.profile, lo, hi, opts));
  const lists = { tx: segs(chosen.tx), txDefault: segs(chosen.txDefault), external: segs(chosen.external), stationMax: segs(chosen.stationMax) };
  const cursors = {
    tx: lists.tx.map((l) => new SegmentCursor(l)),
    txDefault: lists.txDefault.map((l) => new SegmentCursor(l)),
    external: lists.external.map((l) => new SegmentCursor(l)),
    stationMax: lists.stationMax.map((l) => new SegmentCursor(l)),
  };
  const hardware: Candidate = { limit: convertLimit(evse.maxCurrentA, 'A', unit, evse.phases, voltage), phases: evse.phases };
  const points = breakpoints([...lists.tx, ...lists.txDefault, ...lists.external, ...lists.stationMax], lo, hi);
  return sweep(points, hi, (t) => {
    let best: Candidate = hardware;
    const charging = firstAt(cursors.tx, t) ?? firstAt(cursors.txDefault, t);
    for (const seg of [charging, firstAt(cursors.external, t), firstAt(cursors.stationMax, t)]) {
      if (seg && seg.limit < best.limit) best = seg;
    }
    return best;
  });
}

/** The station's limit over [lo, hi): the EVSEs summed, capped by the station-wide limits. */
function stationLimits(ctx: CompositeContext, lo: number, hi: number, unit: ChargingRateUnit): Segment[] {
  const perEvse = ctx.evses.map((evse) => evseLimits(ctx, evse, lo, hi, unit, false));
  const stationPhases = ctx.stationPhases ?? DEFAULT_STATION_PHASES;
  const opts = { relativeStartS: lo, unit, voltage: ctx.supplyVoltage ?? DEFAULT_SUPPLY_VOLTAGE, defaultPhases: stationPhases };
  const capsOf = (purpose: string) =>
    ctx.profiles
      .filter((r) => r.valid && r.evseId === 0 && r.profile.chargingProfilePurpose === purpose)
      .sort(byStackDesc)
      .map((r) => profileSegments(r.profile, lo, hi, opts));
  const external = capsOf('ChargingStationExternalConstraints');
  const stationMax = capsOf('ChargingStationMaxProfile');
  const evseCursors = perEvse.map((l) => new SegmentCursor(l));
  const externalCursors = external.map((l) => new SegmentCursor(l));
  const maxCursors = stationMax.map((l) => new SegmentCursor(l));
  const points = breakpoints([...perEvse, ...external, ...stationMax], lo, hi);
  return sweep(points, hi, (t) => {
    let best: Candidate = { limit: 0, phases: 0 };
    for (const c of evseCursors) {
      const seg = c.at(t)!;
      best = { limit: best.limit + seg.limit, phases: Math.max(best.phases, seg.phases) };
    }
    if (ctx.evses.length === 0) best = { limit: 0, phases: stationPhases };
    for (const seg of [firstAt(externalCursors, t), firstAt(maxCursors, t)]) {
      if (seg && seg.limit < best.limit) best = seg;
    }
    return best;
  });
}

/** Floor to one decimal, so rounding never lifts a limit above what a profile allows. */
export function floorLimit(limit: number): number {
  return Math.floor(limit * 10 + 1e-6) / 10;
}

function toPeriods(segments: readonly Segment[], lo: number): CompositePeriod[] {
  const out: CompositePeriod[] = [];
  for (const seg of segments) {
    const limit = floorLimit(seg.limit);
    const last = out[out.length - 1];
    if (last && last.limit === limit && last.numberPhases === seg.phases) continue;
    out.push({ startPeriod: seg.from - lo, limit, numberPhases: seg.phases });
  }
  return out;
}

/**
 * GetCompositeSchedule's schedule. The EVSE must be one of ctx.evses (or 0).
 * A duration of 0 gives the one period in force at the start.
 */
export function compositeSchedule(ctx: CompositeContext, req: CompositeRequest): CompositeSchedule {
  const lo = toSeconds(req.start);
  const duration = Math.max(0, Math.floor(req.durationS));
  const hi = lo + Math.max(duration, 1);
  let segments: Segment[];
  if (req.evseId === 0) segments = stationLimits(ctx, lo, hi, req.unit);
  else {
    const evse = ctx.evses.find((e) => e.id === req.evseId);
    if (!evse) throw new Error(`composite schedule: unknown EVSE ${req.evseId}`);
    segments = evseLimits(ctx, evse, lo, hi, req.unit, true);
  }
  return {
    evseId: req.evseId,
    duration,
    scheduleStart: new Date(lo * 1000).toISOString(),
    chargingRateUnit: req.unit,
    chargingSchedulePeriod: toPeriods(segments, lo),
  };
}

/** The limit in force for an EVSE (or the station) at `time` (epoch ms), in `unit`. */
export function limitAt(ctx: CompositeContext, evseId: number, time: number, unit: ChargingRateUnit = 'A'): number {
  return compositeSchedule(ctx, { evseId, start: time, durationS: 0, unit }).chargingSchedulePeriod[0]!.limit;
}

/**
 * The first instant after `time` (epoch ms) within `horizonS` where the
 * EVSE's limit changes, or undefined.
 */
export function nextLimitChange(ctx: CompositeContext, evseId: number, time: number, horizonS: number): number | undefined {
  const schedule = compositeSchedule(ctx, { evseId, start: time, durationS: horizonS, unit: 'A' });
  const next = schedule.chargingSchedulePeriod[1];
  return next ? (toSeconds(time) + next.startPeriod) * 1000 : undefined;
}
