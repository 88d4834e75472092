/**
 * Household loads for the simulated P1 meter: what the house draws (or feeds
 * back) per phase at a given moment. Deterministic, so tests can assert the
 * values a telegram carries.
 */
import { dutchLocal } from '../p1/meter-time.js';

export type Triple = [number, number, number];

export interface HouseholdSample {
  /** Net active power per phase, W: positive drawn from the grid, negative fed back (solar). */
  powerW: Triple;
  voltageV: Triple;
}

/** Wall time (epoch ms) → what the house does then. */
export type HouseholdLoad = (epochMs: number) => HouseholdSample;

const NOMINAL_V = 231;
/** Volts lost per kW drawn on a phase (the feeder's impedance). */
const DROP_V_PER_KW = 0.8;

/** Voltage per phase that sags under load and rises when feeding back. */
export function voltagesFor(powerW: Triple): Triple {
  return powerW.map((w) => Math.round((NOMINAL_V - (w / 1000) * DROP_V_PER_KW) * 10) / 10) as Triple;
}

/** The same draw all the time. */
export function steadyLoad(powerW: Triple, voltageV: Triple = voltagesFor(powerW)): HouseholdLoad {
  const sample = { powerW: [...powerW] as Triple, voltageV: [...voltageV] as Triple };
  return () => ({ powerW: [...sample.powerW] as Triple, voltageV: [...sample.voltageV] as Triple });
}

export interface LoadStep {
  /** Seconds after the script's start when this step begins; it holds until the next step. */
  atSec: number;
  powerW: Triple;
  voltageV?: Triple;
}

/** A script of steps from startMs on; before the first step the house draws nothing. */
export function scriptedLoad(startMs: number, steps: readonly LoadStep[]): HouseholdLoad {
  const sorted = [...steps].sort((a, b) => a.atSec - b.atSec);
  return (epochMs) => {
    const t = (epochMs - startMs) / 1000;
    let step: LoadStep | undefined;
    for (const s of sorted) if (s.atSec <= t) step = s;
    const powerW: Triple = step ? [...step.powerW] : [0, 0, 0];
    return { powerW, voltageV: step?.voltageV ? [...step.voltageV] : voltagesFor(powerW) };
  };
}

/**
 * A Dutch household over a day (local time): a base load around the clock, a
 * kettle at breakfast, an induction hob for dinner and solar panels on L1
 * that feed back around noon.
 */
export function householdDay(): HouseholdLoad {
  return (epochMs) => {
    const local = dutchLocal(epochMs);
    const hour = local.getUTCHours() + local.getUTCMinutes() / 60;
    const powerW: Triple = [180, 120, 90];
    if (hour >= 7 && hour < 7.25) powerW[0] += 2000;
    if (hour >= 12 && hour < 13) powerW[1] += 800;
    if (hour >= 17.5 && hour < 19) {
      powerW[1] += 2800;
      powerW[2] += 2800;
    }
    if (hour >= 8 && hour < 18) powerW[0] -= Math.round(3000 * Math.sin(((hour - 8) / 10) * Math.PI));
    return { powerW, voltageV: voltagesFor(powerW) };
  };
}
