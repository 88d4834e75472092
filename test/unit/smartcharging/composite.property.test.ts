/**
 * Property tests of the composite schedule against a deliberately naive
 * oracle that looks at one instant at a time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompositeContext, compositeSchedule, floorLimit, supplyAt } from '../../../src/station/smartcharging/composite.js';
import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit, CompositeSchedule, EvseContext, InstalledProfile } from '../../../src/station/smartcharging/types.js';
import { T0, at, installed, profile } from './builders.js';

const V = 230;
const S = T0 / 1000;

/** The limit of one profile at instant t (epoch s), in `unit`, or undefined when it does not apply. */
function oracleLimit(p: ChargingProfile, t: number, anchorS: number, unit: ChargingRateUnit, phases: number): { limit: number; phases: number } | undefined {
  if (p.validFrom && t < Date.parse(p.validFrom) / 1000) return undefined;
  if (p.validTo && t >= Date.parse(p.validTo) / 1000) return undefined;
  const sch = p.chargingSchedule[0]!;
  let start: number;
  if (p.chargingProfileKind === 'Relative') start = anchorS;
  else {
    const ss = Date.parse(sch.startSchedule!) / 1000;
    if (p.chargingProfileKind === 'Absolute') start = ss;
    else {
      const period = p.recurrencyKind === 'Weekly' ? 604_800 : 86_400;
      start = ss + Math.floor((t - ss) / period) * period;
    }
  }
  const elapsed = t - start;
  if (elapsed < 0) return undefined;
  if (sch.duration !== undefined && elapsed >= sch.duration) return undefined;
  const period = [...sch.chargingSchedulePeriod].reverse().find((q) => q.startPeriod <= elapsed)!;
  const n = period.numberPhases ?? phases;
  const raw = period.limit;
  const limit = sch.chargingRateUnit === unit ? raw : unit === 'A' ? raw / (V * n) : raw * V * n;
  return { limit, phases: n };
}

/** Highest stack level that applies at t, per purpose. */
function winner(rows: InstalledProfile[], purpose: ChargingProfilePurpose, t: number, anchorS: number, unit: ChargingRateUnit, phases: number) {
  const sorted = rows.filter((r) => r.profile.chargingProfilePurpose === purpose).sort((a, b) => b.profile.stackLevel - a.profile.stackLevel);
  for (const r of sorted) {
    const v = oracleLimit(r.profile, t, anchorS, unit, phases);
    if (v) return v;
  }
  return undefined;
}

/** The EVSE's own limit at t: TxProfile (else TxDefaultProfile), its own external constraints, its hardware. */
function oracleOwn(ctx: CompositeContext, evse: EvseContext, t: number, unit: ChargingRateUnit) {
  const anchor = evse.transaction ? Math.floor(evse.transaction.startedAt / 1000) : S;
  const rows = ctx.profiles.filter((r) => r.valid);
  const mine = rows.filter((r) => r.evseId === evse.id);
  const station = rows.filter((r) => r.evseId === 0);
  const tx = evse.transaction ? winner(mine.filter((r) => r.transactionId === evse.transaction!.id), 'TxProfile', t, anchor, unit, evse.phases) : undefined;
  const charging = tx ?? winner([...mine, ...station], 'TxDefaultProfile', t, anchor, unit, evse.phases);
  const ext = winner(mine, 'ChargingStationExternalConstraints', t, anchor, unit, evse.phases);
  const hw = unit === 'A' ? evse.maxCurrentA : evse.maxCurrentA * V * evse.phases;
  const applicable = [charging, ext].filter((x): x is { limit: number; phases: number } => x !== undefined).map((x) => x.limit);
  return { applicable, expected: Math.min(hw, ...applicable) };
}

/** The station-wide limit at t (ChargingStationMaxProfile, station-wide external constraints), converted with `phases`. */
function oracleCap(ctx: CompositeContext, t: number, unit: ChargingRateUnit, phases: number): number | undefined {
  const station = ctx.profiles.filter((r) => r.valid && r.evseId === 0);
  const caps = [winner(station, 'ChargingStationMaxProfile', t, S, unit, phases), winner(station, 'ChargingStationExternalConstraints', t, S, unit, phases)];
  const limits = caps.filter((x) => x !== undefined).map((x) => x!.limit);
  return limits.length ? Math.min(...limits) : undefined;
}

/** Water filling, one round at a time: whoever wants less than an equal part gets it, the rest share what is left. */
function oracleShare(demands: number[], cap: number): number[] {
  const out = demands.map(() => NaN);
  let open = demands.map((_, i) => i);
  let left = cap;
  for (;;) {
    const level = left / open.length;
    const satisfied = open.filter((i) => demands[i]! <= level);
    if (satisfied.length === 0 || open.length === 0) {
      for (const i of open) out[i] = level;
      return out;
    }
    for (const i of satisfied) {
      out[i] = demands[i]!;
      left -= demands[i]!;
    }
    open = open.filter((i) => !satisfied.includes(i));
    if (open.length === 0) return out;
  }
}

/** Every own limit of EVSE `evse` at t, the station-wide limit, and the expected composite: its part of the station-wide limit (K04). */
function oracleEvse(ctx: CompositeContext, evse: EvseContext, t: number, unit: ChargingRateUnit) {
  const own = oracleOwn(ctx, evse, t, unit);
  const cap = oracleCap(ctx, t, unit, evse.phases);
  if (cap === undefined) return { ...own, cap };
  const sharing = ctx.evses.filter((e) => e.id === evse.id || e.transaction);
  const parts = oracleShare(sharing.map((e) => (e.id === evse.id ? own.expected : oracleOwn(ctx, e, t, unit).expected)), Math.max(0, cap));
  return { ...own, cap, expected: parts[sharing.findIndex((e) => e.id === evse.id)]! };
}

function periodAt(s: CompositeSchedule, t: number) {
  return [...s.chargingSchedulePeriod].reverse().find((p) => p.startPeriod <= t - S)!;
}

const purposeArb = fc.constantFrom<ChargingProfilePurpose>('TxDefaultProfile', 'TxProfile', 'ChargingStationMaxProfile', 'ChargingStationExternalConstraints');

const profileArb = fc
  .record({
    purpose: purposeArb,
    evse: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom('Absolute', 'Relative', 'Recurring' as const),
    recurrencyKind: fc.constantFrom('Daily', 'Weekly' as const),
    unit: fc.constantFrom<ChargingRateUnit>('A', 'W'),
    startOffset: fc.integer({ min: -200_000, max: 20_000 }),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 4000 }), limit: fc.integer({ min: 0, max: 400 }), phases: fc.option(fc.constantFrom(1, 3), { nil: undefined }) }), { minLength: 1, maxLength: 5 }),
    duration: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    validFrom: fc.option(fc.integer({ min: -5000, max: 10_000 }), { nil: undefined }),
    validFor: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
    tx: fc.boolean(),
  })
  .map((g) => {
    let start = 0;
    const periods = g.steps.map((step, i) => {
      if (i > 0) start += step.gap;
      // A limits 0..40 A, W limits 0..40000 W
      const limit = g.unit === 'A' ? step.limit / 10 : step.limit * 100;
      return (step.phases === undefined ? [start, limit] : [start, limit, step.phases]) as [number, number] | [number, number, number];
    });
    const purpose = g.purpose;
    const evseId = purpose === 'ChargingStationMaxProfile' ? 0 : purpose === 'TxProfile' ? Math.max(1, g.evse) : g.evse;
    const kind = purpose === 'ChargingStationMaxProfile' && g.kind === 'Relative' ? 'Absolute' : g.kind;
    const p = profile({
      purpose,
      kind,
      recurrencyKind: g.recurrencyKind,
      unit: g.unit,
      startSchedule: at(g.startOffset),
      periods,
      ...(g.duration !== undefined ? { duration: g.duration } : {}),
      ...(g.validFrom !== undefined ? { validFrom: at(g.validFrom) } : {}),
      ...(g.validFrom !== undefined && g.validFor !== undefined ? { validTo: at(g.validFrom + g.validFor) } : {}),
      ...(purpose === 'TxProfile' ? { transactionId: g.tx ? `TX${evseId}` : 'TX-OTHER' } : {}),
    });
    return { evseId, p };
  });

const ctxArb = fc
  .record({
    profiles: fc.array(profileArb, { maxLength: 12 }),
    tx1: fc.option(fc.integer({ min: -7200, max: 0 }), { nil: undefined }),
    tx2: fc.option(fc.integer({ min: -7200, max: 0 }), { nil: undefined }),
    phases2: fc.constantFrom(1, 3),
  })
  .map((g): CompositeContext => {
    // unique stack levels per purpose: the winner is never a tie
    const profiles = g.profiles.map(({ evseId, p }, i) => installed(evseId, { ...p, id: i + 1, stackLevel: i }));
    const evses: EvseContext[] = [
      { id: 1, phases: 3, maxCurrentA: 32, ...(g.tx1 !== undefined ? { transaction: { id: 'TX1', startedAt: T0 + g.tx1 * 1000 } } : {}) },
      { id: 2, phases: g.phases2, maxCurrentA: 16, ...(g.tx2 !== undefined ? { transaction: { id: 'TX2', startedAt: T0 + g.tx2 * 1000 } } : {}) },
    ];
    return { profiles, evses, supplyVoltage: V };
  });

const DURATION = 30_000;
const instantsArb = fc.array(fc.integer({ min: 0, max: DURATION - 1 }), { minLength: 1, maxLength: 25 });
const unitArb = fc.constantFrom<ChargingRateUnit>('A', 'W');

describe('K08 composite schedule, properties', () => {
  it('K08/K04: per EVSE, the composite never exceeds any applicable profile nor the station-wide limit, and is its fair part of it at every instant', () => {
    fc.assert(
      fc.property(ctxArb, unitArb, fc.constantFrom(1, 2), instantsArb, (ctx, unit, evseId, instants) => {
        const s = compositeSchedule(ctx, { evseId, start: T0, durationS: DURATION, unit });
        const evse = ctx.evses.find((e) => e.id === evseId)!;
        for (const offset of instants) {
          const t = S + offset;
          const got = periodAt(s, t).limit;
          const { applicable, cap, expected } = oracleEvse(ctx, evse, t, unit);
          for (const limit of [...applicable, ...(cap === undefined ? [] : [cap])]) expect(got).toBeLessThanOrEqual(Math.max(0, limit) + 1e-9);
          expect(got).toBe(floorLimit(expected));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('K04: the EVSEs with a transaction never get more than the station-wide limit in sum (A, 3-phase EVSEs)', () => {
    fc.assert(
      fc.property(ctxArb, instantsArb, (ctx0, instants) => {
        const ctx = { ...ctx0, evses: ctx0.evses.map((e) => ({ ...e, phases: 3 })) };
        const charging = ctx.evses.filter((e) => e.transaction);
        const schedules = charging.map((e) => compositeSchedule(ctx, { evseId: e.id, start: T0, durationS: DURATION, unit: 'A' }));
        for (const offset of instants) {
          const t = S + offset;
          const cap = oracleCap(ctx, t, 'A', 3);
          if (cap === undefined) continue;
          const sum = schedules.reduce((acc, s) => acc + periodAt(s, t).limit, 0);
          expect(sum).toBeLessThanOrEqual(Math.max(0, cap) + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('K08: evse 0 never exceeds the ChargingStationMaxProfile and is the capped sum of the EVSEs', () => {
    fc.assert(
      fc.property(ctxArb, unitArb, instantsArb, (ctx, unit, instants) => {
        const s = compositeSchedule(ctx, { evseId: 0, start: T0, durationS: DURATION, unit });
        const stationRows = ctx.profiles.filter((r) => r.evseId === 0);
        for (const offset of instants) {
          const t = S + offset;
          const got = periodAt(s, t).limit;
          const max = winner(stationRows, 'ChargingStationMaxProfile', t, S, unit, 3);
          const ext = winner(stationRows, 'ChargingStationExternalConstraints', t, S, unit, 3);
          if (max) expect(got).toBeLessThanOrEqual(max.limit + 1e-9);
          if (ext) expect(got).toBeLessThanOrEqual(ext.limit + 1e-9);
          const sum = ctx.evses.reduce((acc, evse) => acc + oracleOwn(ctx, evse, t, unit).expected, 0);
          expect(got).toBe(floorLimit(Math.min(sum, max?.limit ?? Infinity, ext?.limit ?? Infinity)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('K08: supplyAt is the period in force at the start, also with no profile in force (where it skips the sweep)', () => {
    fc.assert(
      fc.property(
        ctxArb,
        unitArb,
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom('as generated', 'all invalidated', 'none'),
        fc.constantFrom(120, 230, 400),
        (generated, unit, evseId, profiles, voltage) => {
          const ctx: CompositeContext = {
            ...generated,
            supplyVoltage: voltage,
            profiles: profiles === 'none' ? [] : profiles === 'all invalidated' ? generated.profiles.map((r) => ({ ...r, valid: false })) : generated.profiles,
          };
          const first = compositeSchedule(ctx, { evseId, start: T0, durationS: 0, unit }).chargingSchedulePeriod[0]!;
          expect(supplyAt(ctx, evseId, T0, unit)).toEqual({ limit: first.limit, phases: first.numberPhases });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('K08: periods start at 0, strictly increase, stay inside the duration, and adjacent periods differ', () => {
    fc.assert(
      fc.property(ctxArb, unitArb, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 100_000 }), (ctx, unit, evseId, duration) => {
        const s = compositeSchedule(ctx, { evseId, start: T0, durationS: duration, unit });
        const ps = s.chargingSchedulePeriod;
        expect(ps[0]!.startPeriod).toBe(0);
        for (let i = 1; i < ps.length; i++) {
          expect(ps[i]!.startPeriod).toBeGreaterThan(ps[i - 1]!.startPeriod);
          expect(ps[i]!.startPeriod).toBeLessThan(Math.max(duration, 1));
          expect([ps[i]!.limit, ps[i]!.numberPhases]).not.toEqual([ps[i - 1]!.limit, ps[i - 1]!.numberPhases]);
        }
        for (const p of ps) expect(Math.round(p.limit * 10)).toBeCloseTo(p.limit * 10, 6);
      }),
      { numRuns: 200 },
    );
  });
});
