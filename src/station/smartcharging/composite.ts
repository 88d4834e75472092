/**
 * K08 composite schedule: what an EVSE (or the whole station, evseId 0) may
 * draw over [start, start + duration), from the installed profiles. It is the
 * one place that decides a limit: the limit tracker offers the EV exactly this.
 *
 * For one EVSE at each instant:
 * - per purpose the highest stackLevel that applies wins; a profile whose
 *   schedule has not started, has run past its duration or is outside
 *   validFrom/validTo does not apply, and the next lower level does;
 * - during a transaction its TxProfile overrides the TxDefaultProfile (EVSE
 *   or station-wide); where no TxProfile applies the TxDefaultProfile does.
 *   Without a transaction the TxDefaultProfile is shown as it would apply to
 *   a transaction starting at the schedule start (Relative ones start there);
 * - its own limit is the minimum of that, its own
 *   ChargingStationExternalConstraints and its hardware maximum (which is
 *   also the answer when no profile applies);
 * - the station-wide limit (the lower of ChargingStationMaxProfile and the
 *   station-wide ChargingStationExternalConstraints) is shared (K04 internal
 *   load balancing): equal parts for the EVSEs with a transaction, none above
 *   its own limit, what one cannot use going to the others, never more than
 *   the station-wide limit in sum. An EVSE without a transaction gets the
 *   part it would have if its transaction started now.
 * For evseId 0: the sum of the EVSEs' own limits, capped by the station-wide limit.
 *
 * An EVSE's numberPhases at each instant is the lowest of the limits in force
 * (its profiles, its hardware, the station-wide limit): OCPP 2.0.1 Edition 3
 * errata, "Avoiding Phase Conflicts". A 1-phase TxProfile on a 3-phase EVSE
 * that can switch makes it charge on one phase, whatever the station maximum
 * says (validate.ts accepts it only where the EVSE can).
 *
 * Limits convert between A and W with SupplyVoltage × numberPhases (default:
 * the EVSE's phases); results are floored to one decimal (the schema allows
 * one digit of fraction) so the composite never exceeds a limit; equal
 * adjacent periods are merged. Sharing adds per-phase currents (or powers) of
 * the EVSEs as they are; the NG9xx EVSEs share the station's three phases.
 * Pure: no clock, no store.
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

/** Two limits in force at once: the lower limit, on the fewer phases (errata "Avoiding Phase Conflicts"). */
function tighter(a: Candidate, b: Candidate | undefined): Candidate {
  return b ? { limit: Math.min(a.limit, b.limit), phases: Math.min(a.phases, b.phases) } : a;
}

/** An EVSE's own profiles, highest stack level first: what decides its limit before the station's share. */
interface OwnProfiles {
  tx: InstalledProfile[];
  txDefault: InstalledProfile[];
  external: InstalledProfile[];
}

const byStackDesc = (a: InstalledProfile, b: InstalledProfile) =>
  b.profile.stackLevel - a.profile.stackLevel || b.evseId - a.evseId; // tie: EVSE-specific before station-wide

function selectOwn(profiles: readonly InstalledProfile[], evse: EvseContext): OwnProfiles {
  const out: OwnProfiles = { tx: [], txDefault: [], external: [] };
  for (const row of profiles) {
    if (!row.valid) continue;
    const here = row.evseId === evse.id;
    switch (row.profile.chargingProfilePurpose) {
      case 'TxProfile':
        if (here && evse.transaction && row.transactionId === evse.transaction.id) out.tx.push(row);
        break;
      case 'TxDefaultProfile':
        if (here || row.evseId === 0) out.txDefault.push(row);
        break;
      case 'ChargingStationExternalConstraints':
        if (here) out.external.push(row);
        break;
    }
  }
  out.tx.sort(byStackDesc);
  out.txDefault.sort(byStackDesc);
  out.external.sort(byStackDesc);
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

/** An EVSE's hardware maximum in `unit`: its own limit when no profile applies. */
function hardwareMax(evse: EvseContext, unit: ChargingRateUnit, voltage: number): Candidate {
  return { limit: convertLimit(evse.maxCurrentA, 'A', unit, evse.phases, voltage), phases: evse.phases };
}

/**
 * What an EVSE may draw by its own limits over [lo, hi), as segments covering
 * it completely: its TxProfile (or else TxDefaultProfile), its own external
 * constraints and its hardware maximum. The station-wide limits come on top.
 */
function ownLimits(ctx: CompositeContext, evse: EvseContext, lo: number, hi: number, unit: ChargingRateUnit): Segment[] {
  const voltage = ctx.supplyVoltage ?? DEFAULT_SUPPLY_VOLTAGE;
  const chosen = selectOwn(ctx.profiles, evse);
  const opts = {
    relativeStartS: evse.transaction ? toSeconds(evse.transaction.startedAt) : lo,
    unit,
    voltage,
    defaultPhases: evse.phases,
  };
  const segs = (rows: InstalledProfile[]) => rows.map((row) => profileSegments(row.profile, lo, hi, opts));
  const lists = { tx: segs(chosen.tx), txDefault: segs(chosen.txDefault), external: segs(chosen.external) };
  const cursors = {
    tx: lists.tx.map((l) => new SegmentCursor(l)),
    txDefault: lists.txDefault.map((l) => new SegmentCursor(l)),
    external: lists.external.map((l) => new SegmentCursor(l)),
  };
  const hardware = hardwareMax(evse, unit, voltage);
  const points = breakpoints([...lists.tx, ...lists.txDefault, ...lists.external], lo, hi);
  return sweep(points, hi, (t) => {
    const charging = firstAt(cursors.tx, t) ?? firstAt(cursors.txDefault, t);
    return tighter(tighter(hardware, charging), firstAt(cursors.external, t));
  });
}

/**
 * The station-wide limit over [lo, hi): the lower of the ChargingStationMaxProfile
 * and the station-wide ChargingStationExternalConstraints (each: highest stack
 * level that applies), Infinity where neither does. `phases` converts between
 * A and W where a period does not say.
 */
function stationCap(ctx: CompositeContext, lo: number, hi: number, unit: ChargingRateUnit, phases: number): Segment[] {
  const opts = { relativeStartS: lo, unit, voltage: ctx.supplyVoltage ?? DEFAULT_SUPPLY_VOLTAGE, defaultPhases: phases };
  const capsOf = (purpose: string) =>
    ctx.profiles
      .filter((r) => r.valid && r.evseId === 0 && r.profile.chargingProfilePurpose === purpose)
      .sort(byStackDesc)
      .map((r) => profileSegments(r.profile, lo, hi, opts));
  const external = capsOf('ChargingStationExternalConstraints');
  const stationMax = capsOf('ChargingStationMaxProfile');
  const externalCursors = external.map((l) => new SegmentCursor(l));
  const maxCursors = stationMax.map((l) => new SegmentCursor(l));
  return sweep(breakpoints([...external, ...stationMax], lo, hi), hi, (t) => {
    return tighter(tighter({ limit: Infinity, phases }, firstAt(externalCursors, t)), firstAt(maxCursors, t));
  });
}

/**
 * K04 internal load balancing: `mine`'s part of `cap` shared with `others`.
 * Equal parts, except that an EVSE whose own limit is below its part keeps
 * only that and the rest is shared among the others (water filling): no one
 * gets more than its own limit, and the parts never add up to more than cap.
 */
export function fairShare(mine: number, others: readonly number[], cap: number): number {
  const demands = [...others, mine].sort((a, b) => a - b);
  let remaining = Math.max(0, cap);
  for (let i = 0; i < demands.length; i++) {
    const level = remaining / (demands.length - i);
    if (demands[i]! >= level) return Math.min(mine, level);
    remaining -= demands[i]!;
  }
  return mine;
}

/**
 * One EVSE's limit over [lo, hi): its own limits, and its share of the
 * station-wide limit. K04: the station-wide limit is shared between the
 * EVSEs with a transaction; an EVSE without one is shown (and offered) the
 * share it would get if its transaction started now.
 */
function evseLimits(ctx: CompositeContext, evse: EvseContext, lo: number, hi: number, unit: ChargingRateUnit): Segment[] {
  const own = ownLimits(ctx, evse, lo, hi, unit);
  const cap = stationCap(ctx, lo, hi, unit, evse.phases);
  const others = ctx.evses.filter((e) => e.id !== evse.id && e.transaction).map((e) => ownLimits(ctx, e, lo, hi, unit));
  const ownCursor = new SegmentCursor(own);
  const capCursor = new SegmentCursor(cap);
  const otherCursors = others.map((l) => new SegmentCursor(l));
  return sweep(breakpoints([own, cap, ...others], lo, hi), hi, (t) => {
    const mine = ownCursor.at(t)!;
    const limit = capCursor.at(t)!;
    if (limit.limit === Infinity) return mine;
    const share = fairShare(
      mine.limit,
      otherCursors.map((c) => c.at(t)!.limit),
      limit.limit,
    );
    return tighter(mine, { limit: share, phases: limit.phases });
  });
}

/** The station's limit over [lo, hi): the EVSEs' own limits summed, capped by the station-wide limits. */
function stationLimits(ctx: CompositeContext, lo: number, hi: number, unit: ChargingRateUnit): Segment[] {
  const perEvse = ctx.evses.map((evse) => ownLimits(ctx, evse, lo, hi, unit));
  const stationPhases = ctx.stationPhases ?? DEFAULT_STATION_PHASES;
  const cap = stationCap(ctx, lo, hi, unit, stationPhases);
  const evseCursors = perEvse.map((l) => new SegmentCursor(l));
  const capCursor = new SegmentCursor(cap);
  return sweep(breakpoints([...perEvse, cap], lo, hi), hi, (t) => {
    let best: Candidate = { limit: 0, phases: 0 };
    for (const c of evseCursors) {
      const seg = c.at(t)!;
      best = { limit: best.limit + seg.limit, phases: Math.max(best.phases, seg.phases) };
    }
    if (ctx.evses.length === 0) best = { limit: 0, phases: stationPhases };
    const limit = capCursor.at(t)!;
    return limit.limit < best.limit ? limit : best;
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
    segments = evseLimits(ctx, evse, lo, hi, req.unit);
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
  return supplyAt(ctx, evseId, time, unit).limit;
}

/** The limit in force at `time` and the phases it is on. */
export function supplyAt(ctx: CompositeContext, evseId: number, time: number, unit: ChargingRateUnit = 'A'): { limit: number; phases: number } {
  // No profile in force: an EVSE's hardware maximum, what the sweep below comes to (every station of a fleet asks at its boot).
  if (evseId !== 0 && !ctx.profiles.some((r) => r.valid)) {
    const evse = ctx.evses.find((e) => e.id === evseId);
    if (evse) {
      const { limit, phases } = hardwareMax(evse, unit, ctx.supplyVoltage ?? DEFAULT_SUPPLY_VOLTAGE);
      return { limit: floorLimit(limit), phases };
    }
  }
  const period = compositeSchedule(ctx, { evseId, start: time, durationS: 0, unit }).chargingSchedulePeriod[0]!;
  return { limit: period.limit, phases: period.numberPhases };
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
