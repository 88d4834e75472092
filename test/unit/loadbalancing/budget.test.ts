import { describe, expect, it } from 'vitest';
import { lbLine } from '../../../src/cli/lines.js';
import { UsageError } from '../../../src/cli/lines.js';
import { parseTelegram } from '../../../src/hardware/p1/parser.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { steadyLoad, type Triple } from '../../../src/hardware/sim/sim-p1-load.js';
import { SimP1Meter } from '../../../src/hardware/sim/sim-p1.js';
import { FakeClock } from '../../../src/station/clock.js';
import { decideLimit, fallbackBudget, HYSTERESIS_A, readingFor, signedMeterCurrents } from '../../../src/station/loadbalancing/budget.js';
import { isSignificant } from '../../../src/station/loadbalancing/notifier.js';

/** A telegram from the simulated meter for this per-phase power (W) at 230 V. */
function telegramFor(powerW: Triple): Telegram {
  const meter = new SimP1Meter(new FakeClock('2026-03-02T10:00:00Z'), { load: steadyLoad(powerW, [230, 230, 230]) });
  const parsed = parseTelegram(meter.telegram());
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.telegram;
}

describe('load balancing budget', () => {
  it('load balancing: the meter current gets the sign of the phase power: a phase feeding back (solar) is negative', () => {
    expect(signedMeterCurrents(telegramFor([2300, -1150, 0]))).toEqual([10, -5, 0]);
  });

  it('load balancing: a phase the meter does not report counts as 0 A; a telegram without currents gives nothing to balance on', () => {
    const t = telegramFor([2300, 2300, 2300]);
    expect(signedMeterCurrents({ ...t, phases: { ...t.phases, currentA: [10, null, null] } })).toEqual([10, 0, 0]);
    expect(signedMeterCurrents({ ...t, phases: { ...t.phases, currentA: [null, null, null] } })).toBeUndefined();
  });

  it("load balancing: budget per phase = max − household; with IncludesStation the station's own draw is taken out of the meter's current", () => {
    expect(readingFor([10, 5, 2], [0, 0, 0], 25, false)).toEqual({ meterA: [10, 5, 2], ownDrawA: [0, 0, 0], householdA: [10, 5, 2], budgetA: [15, 20, 23], stationA: 15 });
    expect(readingFor([26, 21, 18], [16, 16, 16], 25, true)).toMatchObject({ householdA: [10, 5, 2], budgetA: [15, 20, 23], stationA: 15 });
    // without IncludesStation the meter is the household, whatever the station draws
    expect(readingFor([10, 5, 2], [16, 16, 16], 25, false)).toMatchObject({ householdA: [10, 5, 2], stationA: 15 });
  });

  it('load balancing: the budget is never negative, whole amps, and solar fed back does not widen it beyond the fuse', () => {
    expect(readingFor([30, 24.5, -8], [0, 0, 0], 25, false)).toMatchObject({ budgetA: [0, 0, 25], stationA: 0 });
    // the meter measures the station: 6 A imported on L1 while the EV draws 16 A means the house feeds back 10 A
    expect(readingFor([6, 0, 0], [16, 16, 16], 25, true)).toMatchObject({ householdA: [-10, -16, -16], budgetA: [25, 25, 25] });
  });

  it('load balancing: the safe current is the budget while P1 is missing, never above the fuse', () => {
    expect(fallbackBudget(6, 25)).toBe(6);
    expect(fallbackBudget(40, 25)).toBe(25);
  });
});

describe('load balancing: when the limit changes', () => {
  const CAP = 64;
  it('load balancing: a budget below what the EVSEs can draw sets a limit; at or above it nothing is set', () => {
    expect(decideLimit(null, 15, CAP)).toEqual({ action: 'set', limitA: 15 });
    expect(decideLimit(null, 64, CAP)).toEqual({ action: 'keep' });
    expect(decideLimit(null, 0, CAP)).toEqual({ action: 'set', limitA: 0 });
  });

  it('load balancing: lowering is immediate, raising needs HYSTERESIS_A of room, releasing needs it above the capacity', () => {
    expect(HYSTERESIS_A).toBe(2);
    expect(decideLimit(15, 14, CAP)).toEqual({ action: 'set', limitA: 14 });
    expect(decideLimit(15, 16, CAP)).toEqual({ action: 'keep' });
    expect(decideLimit(15, 17, CAP)).toEqual({ action: 'set', limitA: 17 });
    expect(decideLimit(60, 65, CAP)).toEqual({ action: 'set', limitA: 64 });
    expect(decideLimit(64, 65, CAP)).toEqual({ action: 'keep' });
    expect(decideLimit(64, 66, CAP)).toEqual({ action: 'release' });
  });

  it('load balancing: exact (fallback in or out, a new setting) follows the budget without hysteresis', () => {
    expect(decideLimit(15, 16, CAP, true)).toEqual({ action: 'set', limitA: 16 });
    expect(decideLimit(15, 15, CAP, true)).toEqual({ action: 'keep' });
    expect(decideLimit(15, 64, CAP, true)).toEqual({ action: 'release' });
  });
});

describe('K11: LimitChangeSignificance', () => {
  it('K11: a first limit is always told; later ones when they differ by more than the significance from what the CSMS heard', () => {
    expect(isSignificant(null, 15, 10)).toBe(true);
    expect(isSignificant(15, 15, 0)).toBe(false);
    expect(isSignificant(15, 14, 10)).toBe(false); // 6.7 %
    expect(isSignificant(15, 13, 10)).toBe(true); // 13.3 %
    expect(isSignificant(10, 11, 10)).toBe(false); // exactly 10 %: not more than it
    expect(isSignificant(0, 1, 10)).toBe(true);
    expect(isSignificant(15, 14, 0)).toBe(true);
  });
});

describe('ng9 lb', () => {
  it('flags and arguments make one console line', () => {
    expect(lbLine()).toBe('lb');
    expect(lbLine('limit', '25')).toBe('lb limit 25');
    expect(lbLine('on')).toBe('lb on');
    expect(lbLine('includes', 'off')).toBe('lb includes off');
    expect(() => lbLine('limit')).toThrow(UsageError);
    expect(() => lbLine('off', '1')).toThrow(/takes no value/);
    expect(() => lbLine('safe', '6 7')).toThrow(/single word/);
  });
});
