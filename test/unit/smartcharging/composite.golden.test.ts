import { describe, expect, it } from 'vitest';
import { compositeSchedule, limitAt, nextLimitChange } from '../../../src/station/smartcharging/composite.js';
import type { CompositeContext } from '../../../src/station/smartcharging/composite.js';
import type { ChargingRateUnit } from '../../../src/station/smartcharging/types.js';
import { T0, at, evses, installed, iso, profile } from './builders.js';

const periods = (ctx: CompositeContext, evseId: number, durationS: number, unit: ChargingRateUnit = 'A') =>
  compositeSchedule(ctx, { evseId, start: T0, durationS, unit }).chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit, p.numberPhases]);

describe('K08 composite schedule, golden cases', () => {
  it('K08: no profile → each EVSE its hardware maximum, evse 0 the sum of the EVSEs', () => {
    const ctx: CompositeContext = { profiles: [], evses: evses(2) };
    expect(periods(ctx, 1, 3600)).toEqual([[0, 32, 3]]);
    expect(periods(ctx, 0, 3600)).toEqual([[0, 64, 3]]);
    expect(periods(ctx, 1, 3600, 'W')).toEqual([[0, 22080, 3]]);
    const s = compositeSchedule(ctx, { evseId: 2, start: T0 + 250, durationS: 60, unit: 'A' });
    expect(s).toEqual({ evseId: 2, duration: 60, scheduleStart: '2026-03-01T10:00:00.000Z', chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 32, numberPhases: 3 }] });
  });

  it('K08 stacked: the highest stackLevel wins while its schedule runs, the lower one before and after', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(1, profile({ stackLevel: 0, periods: [[0, 20]] })),
        installed(1, profile({ stackLevel: 1, startSchedule: at(1800), duration: 3600, periods: [[0, 10], [1800, 12]] })),
        installed(0, profile({ stackLevel: 2, startSchedule: at(6000), duration: 600, periods: [[0, 25]] })),
      ],
      evses: evses(2),
    };
    // stack 2 (station-wide TxDefault) lifts the limit to 25 A from 6000 s to 6600 s, above stack 0's 20 A
    expect(periods(ctx, 1, 7200)).toEqual([
      [0, 20, 3],
      [1800, 10, 3],
      [3600, 12, 3],
      [5400, 20, 3],
      [6000, 25, 3],
      [6600, 20, 3],
    ]);
    // EVSE 2 only sees the station-wide TxDefaultProfile
    expect(periods(ctx, 2, 7200)).toEqual([
      [0, 32, 3],
      [6000, 25, 3],
      [6600, 32, 3],
    ]);
  });

  it('K08 recurring daily: a ChargingStationMaxProfile from 18:00 for 4 h each day caps evse 0 and each EVSE', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(
          0,
          profile({ purpose: 'ChargingStationMaxProfile', kind: 'Recurring', recurrencyKind: 'Daily', startSchedule: '2026-02-01T18:00:00Z', duration: 14_400, periods: [[0, 8], [7200, 12]] }),
        ),
      ],
      evses: evses(2),
    };
    expect(periods(ctx, 0, 48 * 3600)).toEqual([
      [0, 64, 3],
      [28_800, 8, 3],
      [36_000, 12, 3],
      [43_200, 64, 3],
      [115_200, 8, 3],
      [122_400, 12, 3],
      [129_600, 64, 3],
    ]);
    expect(periods(ctx, 1, 24 * 3600)).toEqual([
      [0, 32, 3],
      [28_800, 8, 3],
      [36_000, 12, 3],
      [43_200, 32, 3],
    ]);
  });

  it('K08 recurring weekly: repeats 7 days after its startSchedule', () => {
    const ctx: CompositeContext = {
      profiles: [installed(1, profile({ kind: 'Recurring', recurrencyKind: 'Weekly', startSchedule: at(-7 * 86_400 + 3600), duration: 3600, periods: [[0, 6]] }))],
      evses: evses(1),
    };
    expect(periods(ctx, 1, 3 * 3600)).toEqual([
      [0, 32, 3],
      [3600, 6, 3],
      [7200, 32, 3],
    ]);
  });

  it('K08 relative: a TxProfile runs from the transaction start, then the EVSE is back to its maximum', () => {
    const tx = { id: 'TX1', startedAt: T0 - 600_000 };
    const ctx: CompositeContext = {
      profiles: [installed(1, profile({ purpose: 'TxProfile', kind: 'Relative', transactionId: 'TX1', duration: 3600, periods: [[0, 6], [1800, 16]] }))],
      evses: evses(2, { 1: tx }),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 6, 3],
      [1200, 16, 3],
      [3000, 32, 3],
    ]);
    // a TxProfile of another transaction does not apply
    const other: CompositeContext = { ...ctx, evses: evses(2, { 1: { id: 'TX2', startedAt: T0 } }) };
    expect(periods(other, 1, 3600)).toEqual([[0, 32, 3]]);
  });

  it('K08 relative TxDefaultProfile: from the transaction start, or from the schedule start without a transaction', () => {
    const ctx: CompositeContext = {
      profiles: [installed(0, profile({ kind: 'Relative', periods: [[0, 10], [600, 20]] }))],
      evses: evses(2, { 1: { id: 'TX1', startedAt: T0 - 300_000 } }),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 10, 3],
      [300, 20, 3],
    ]);
    expect(periods(ctx, 2, 3600)).toEqual([
      [0, 10, 3],
      [600, 20, 3],
    ]);
  });

  it('K08: a TxProfile overrides the TxDefaultProfile where it applies, even at a lower stackLevel', () => {
    const tx = { id: 'TX1', startedAt: T0 };
    const ctx: CompositeContext = {
      profiles: [
        installed(1, profile({ stackLevel: 5, periods: [[0, 10]] })),
        installed(1, profile({ purpose: 'TxProfile', kind: 'Relative', stackLevel: 0, transactionId: 'TX1', duration: 900, periods: [[0, 24]] })),
      ],
      evses: evses(1, { 1: tx }),
    };
    expect(periods(ctx, 1, 1800)).toEqual([
      [0, 24, 3],
      [900, 10, 3],
    ]);
  });

  it('K08 mixed A/W: watts convert with 230 V × phases, the lowest limit wins in the requested unit', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(1, profile({ unit: 'W', periods: [[0, 11_000]] })),
        installed(0, profile({ purpose: 'ChargingStationMaxProfile', startSchedule: at(1800), periods: [[0, 14]] })),
        installed(1, profile({ purpose: 'ChargingStationExternalConstraints', unit: 'W', startSchedule: at(3600), duration: 600, periods: [[0, 2300, 1]] })),
      ],
      evses: evses(2),
    };
    // 11000 W / (230 V × 3) = 15.94 A, floored to 15.9; 2300 W on 1 phase = 10 A
    expect(periods(ctx, 1, 7200)).toEqual([
      [0, 15.9, 3],
      [1800, 14, 3],
      [3600, 10, 1],
      [4200, 14, 3],
    ]);
    expect(periods(ctx, 1, 7200, 'W')).toEqual([
      [0, 11_000, 3],
      [1800, 9660, 3],
      [3600, 2300, 1],
      [4200, 9660, 3],
    ]);
    // evse 0: 11000 W + 22080 W, capped by the station's 14 A = 9660 W
    expect(periods(ctx, 0, 7200, 'W')).toEqual([
      [0, 33_080, 3],
      [1800, 9660, 3],
    ]);
  });

  it('K08 duration 0: the one period in force at the start; a schedule of duration 0 never applies', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(1, profile({ stackLevel: 1, duration: 0, periods: [[0, 6]] })),
        installed(1, profile({ stackLevel: 0, periods: [[0, 13]] })),
      ],
      evses: evses(2),
    };
    const s = compositeSchedule(ctx, { evseId: 1, start: T0, durationS: 0, unit: 'A' });
    expect(s.duration).toBe(0);
    expect(s.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 13, numberPhases: 3 }]);
  });

  it('K08 a 0 A limit: the EVSE offers nothing during that period (and evse 0 counts it as 0)', () => {
    const ctx: CompositeContext = {
      profiles: [installed(2, profile({ startSchedule: at(600), duration: 900, periods: [[0, 0]] }))],
      evses: evses(2),
    };
    expect(periods(ctx, 2, 3600)).toEqual([
      [0, 32, 3],
      [600, 0, 3],
      [1500, 32, 3],
    ]);
    expect(periods(ctx, 0, 3600)).toEqual([
      [0, 64, 3],
      [600, 32, 3],
      [1500, 64, 3],
    ]);
    expect(limitAt(ctx, 2, T0 + 700_000)).toBe(0);
    expect(nextLimitChange(ctx, 2, T0 + 700_000, 3600)).toBe(T0 + 1_500_000);
  });

  it('K08: validFrom / validTo bound a profile; merged equal adjacent periods', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(1, profile({ stackLevel: 1, validFrom: at(600), validTo: at(1200), periods: [[0, 10]] })),
        installed(1, profile({ stackLevel: 0, startSchedule: at(0), periods: [[0, 10], [900, 10], [1500, 20]] })),
      ],
      evses: evses(1),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 10, 3],
      [1500, 20, 3],
    ]);
    expect(compositeSchedule(ctx, { evseId: 1, start: T0, durationS: 60, unit: 'A' }).scheduleStart).toBe(iso(T0));
  });

  it('errata "Avoiding Phase Conflicts": the composite runs on the lowest numberPhases of the limits in force, each limit converted on its own phases', () => {
    const ctx: CompositeContext = {
      profiles: [
        installed(0, profile({ purpose: 'ChargingStationMaxProfile', periods: [[0, 25, 3]] })),
        // 16 A on one phase for the first 30 min, then 20 A on three
        installed(1, profile({ startSchedule: at(0), periods: [[0, 16, 1], [1800, 20, 3]] })),
      ],
      evses: evses(2).map((e) => ({ ...e, phaseSwitching: true })),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 16, 1],
      [1800, 20, 3],
    ]);
    // in W each limit converts on its own phases: 16 A × 230 V × 1 against the 3-phase 25 A maximum
    expect(periods(ctx, 1, 3600, 'W')).toEqual([
      [0, 3680, 1],
      [1800, 13800, 3],
    ]);
    // a 1-phase station maximum makes every EVSE charge on one phase, even with a 3-phase profile of its own
    const oneWire: CompositeContext = { profiles: [installed(0, profile({ purpose: 'ChargingStationMaxProfile', periods: [[0, 40, 1]] })), installed(1, profile({ periods: [[0, 10, 3]] }))], evses: evses(2) };
    expect(periods(oneWire, 1, 60)).toEqual([[0, 10, 1]]);
  });
});
