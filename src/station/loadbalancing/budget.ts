/**
 * The load-balancing arithmetic, pure: from a P1 telegram and the station's
 * own draw to the current the EVSEs may share per phase, and whether the
 * external limit in force should change.
 */
import type { Telegram } from '../../hardware/p1/telegram.js';

export type Phases = [number, number, number];

/** Raising the limit waits until the budget is this much above it, so 1 A of meter jitter does not flap it. */
export const HYSTERESIS_A = 2;

export interface Reading {
  /** Per phase as the meter reports it, signed: negative where the phase feeds back (solar). */
  meterA: Phases;
  /** What the station itself draws per phase (all EVSEs). */
  ownDrawA: Phases;
  /** The rest of the house per phase: meterA minus ownDrawA when the meter measures the station too. */
  householdA: Phases;
  /** Per phase: maxCurrent minus the household, never negative, whole amps. */
  budgetA: Phases;
  /** The lowest phase budget: what every EVSE phase together may draw. */
  stationA: number;
}

/**
 * The meter's per-phase current with a sign. DSMR reports current without a
 * direction; a phase that exports power and imports none feeds back. A phase
 * the meter does not report counts as 0 A. Undefined when the telegram has no
 * current at all (nothing to balance on).
 */
export function signedMeterCurrents(telegram: Telegram): Phases | undefined {
  const { currentA, powerImportW, powerExportW } = telegram.phases;
  if (currentA.every((a) => a === null)) return undefined;
  return currentA.map((a, i) => {
    const amps = a ?? 0;
    const feedsBack = (powerExportW[i] ?? 0) > 0 && !((powerImportW[i] ?? 0) > 0);
    return feedsBack ? -amps : amps;
  }) as Phases;
}

export function readingFor(meterA: Phases, ownDrawA: Phases, maxCurrentA: number, includesStation: boolean): Reading {
  const householdA = meterA.map((a, i) => round1(includesStation ? a - ownDrawA[i]! : a)) as Phases;
  // Power fed back (solar) does not widen the budget beyond the fuse: a cloud takes it away within a second.
  const budgetA = householdA.map((h) => Math.max(0, Math.floor(maxCurrentA - Math.max(0, h) + 1e-9))) as Phases;
  return { meterA, ownDrawA, householdA, budgetA, stationA: Math.min(...budgetA) };
}

/** The station budget while P1 data is missing: the safe current, never above the fuse. */
export function fallbackBudget(safeCurrentA: number, maxCurrentA: number): number {
  return Math.max(0, Math.min(safeCurrentA, maxCurrentA));
}

export type LimitDecision = { action: 'keep' } | { action: 'set'; limitA: number } | { action: 'release' };

/**
 * What to do with the external limit in force (`installedA`, null = none)
 * for a new station budget. `capacityA` is what the EVSEs can draw at most
 * together per phase: a limit at or above it constrains nothing and is
 * released (K12). Lowering is immediate (the fuse comes first); raising and
 * releasing wait for HYSTERESIS_A of room unless `exact` (entering or
 * leaving the safe-current fallback, a changed setting).
 */
export function decideLimit(installedA: number | null, budgetA: number, capacityA: number, exact = false): LimitDecision {
  const target = Math.min(budgetA, capacityA);
  const margin = exact ? 0 : HYSTERESIS_A;
  if (installedA === null) return budgetA < capacityA ? { action: 'set', limitA: target } : { action: 'keep' };
  if (budgetA >= capacityA + margin) return { action: 'release' };
  if (target < installedA) return { action: 'set', limitA: target };
  if (target > installedA && target >= installedA + margin) return { action: 'set', limitA: target };
  return { action: 'keep' };
}

export function sumPhases(list: readonly Phases[]): Phases {
  const out: Phases = [0, 0, 0];
  for (const p of list) for (let i = 0; i < 3; i++) out[i] = out[i]! + p[i]!;
  return out.map(round1) as Phases;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
