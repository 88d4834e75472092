/** K04 internal load balancing in the composite schedule: golden cases of how the station-wide limit is shared. */
import { describe, expect, it } from 'vitest';
import { type CompositeContext, compositeSchedule, fairShare, limitAt } from '../../../src/station/smartcharging/composite.js';
import type { ChargingRateUnit } from '../../../src/station/smartcharging/types.js';
import { T0, at, evses, installed, profile } from './builders.js';

const periods = (ctx: CompositeContext, evseId: number, durationS: number, unit: ChargingRateUnit = 'A') =>
  compositeSchedule(ctx, { evseId, start: T0, durationS, unit }).chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit, p.numberPhases]);

const max = (limit: number, extra: Parameters<typeof profile>[0] = {}) => installed(0, profile({ purpose: 'ChargingStationMaxProfile', periods: [[0, limit]], ...extra }));
const tx = (id: string, offsetS = -600) => ({ id, startedAt: T0 + offsetS * 1000 });

describe('fairShare (water filling)', () => {
  it('K04: equal parts when everyone wants more than its part', () => {
    expect(fairShare(32, [32], 32)).toBe(16);
    expect(fairShare(32, [32, 32], 30)).toBe(10);
  });

  it('K04: what one EVSE cannot use goes to the others, never above anyone\'s own limit', () => {
    expect(fairShare(32, [10], 32)).toBe(22);
    expect(fairShare(10, [32], 32)).toBe(10);
    expect(fairShare(32, [4, 6], 32)).toBe(22);
    expect(fairShare(20, [4, 32], 32)).toBe(14);
    expect(fairShare(8, [8], 32)).toBe(8);
  });

  it('K04: alone, the lower of its own limit and the station limit; a 0 or negative station limit gives 0', () => {
    expect(fairShare(32, [], 20)).toBe(20);
    expect(fairShare(16, [], 20)).toBe(16);
    expect(fairShare(16, [16], 0)).toBe(0);
    expect(fairShare(16, [], -5)).toBe(0);
  });
});

describe('K04 composite: the station-wide limit shared between charging EVSEs', () => {
  it('K04: two transactions under a 32 A ChargingStationMaxProfile → 16 A each; evse 0 stays at 32 A', () => {
    const ctx: CompositeContext = { profiles: [max(32)], evses: evses(2, { 1: tx('TX1'), 2: tx('TX2') }) };
    expect(periods(ctx, 1, 3600)).toEqual([[0, 16, 3]]);
    expect(periods(ctx, 2, 3600)).toEqual([[0, 16, 3]]);
    expect(periods(ctx, 0, 3600)).toEqual([[0, 32, 3]]);
  });

  it('K04: one transaction: it gets the whole 32 A; the free EVSE is shown the part it would have if it started (16 A)', () => {
    const ctx: CompositeContext = { profiles: [max(32)], evses: evses(2, { 1: tx('TX1') }) };
    expect(periods(ctx, 1, 3600)).toEqual([[0, 32, 3]]);
    expect(periods(ctx, 2, 3600)).toEqual([[0, 16, 3]]);
    // no transaction at all: each alone
    const none: CompositeContext = { profiles: [max(20)], evses: evses(2) };
    expect([limitAt(none, 1, T0), limitAt(none, 2, T0)]).toEqual([20, 20]);
  });

  it('K04: a TxProfile below the part frees the rest for the other EVSE, over time', () => {
    const ctx: CompositeContext = {
      profiles: [max(32), installed(1, profile({ purpose: 'TxProfile', kind: 'Relative', transactionId: 'TX1', periods: [[0, 6], [1200, 20]] }))],
      evses: evses(2, { 1: tx('TX1', 0), 2: tx('TX2', 0) }),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 6, 3],
      [1200, 16, 3],
    ]);
    expect(periods(ctx, 2, 3600)).toEqual([
      [0, 26, 3],
      [1200, 16, 3],
    ]);
  });

  it('K04: a station-wide ChargingStationExternalConstraints (load balancing from outside) is shared the same way, the lower of it and the station maximum', () => {
    const ctx: CompositeContext = {
      profiles: [max(32), installed(0, profile({ purpose: 'ChargingStationExternalConstraints', startSchedule: at(600), periods: [[0, 20]] }))],
      evses: evses(2, { 1: tx('TX1'), 2: tx('TX2') }),
    };
    expect(periods(ctx, 1, 3600)).toEqual([
      [0, 16, 3],
      [600, 10, 3],
    ]);
    expect(periods(ctx, 0, 3600)).toEqual([
      [0, 32, 3],
      [600, 20, 3],
    ]);
  });

  it('K04: an EVSE-specific external constraint is that EVSE\'s own limit (not shared), and both apply', () => {
    const ctx: CompositeContext = {
      profiles: [max(32), installed(2, profile({ purpose: 'ChargingStationExternalConstraints', stackLevel: 0, periods: [[0, 12]] }))],
      evses: evses(2, { 1: tx('TX1'), 2: tx('TX2') }),
    };
    expect(periods(ctx, 2, 60)).toEqual([[0, 12, 3]]);
    expect(periods(ctx, 1, 60)).toEqual([[0, 20, 3]]);
  });

  it('K04: three charging EVSEs share 32 A as 10.6 A each (floored: the sum stays under 32 A); in W the same parts', () => {
    const ctx: CompositeContext = { profiles: [max(32)], evses: evses(3, { 1: tx('A'), 2: tx('B'), 3: tx('C') }) };
    expect(periods(ctx, 3, 60)).toEqual([[0, 10.6, 3]]);
    expect(periods(ctx, 1, 60, 'W')).toEqual([[0, 7360, 3]]);
  });
});
