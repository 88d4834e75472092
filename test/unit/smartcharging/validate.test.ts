import { describe, expect, it } from 'vitest';
import { type ValidationContext, validateSetChargingProfile } from '../../../src/station/smartcharging/validate.js';
import { profile, T0 } from './builders.js';

/** A station of two 3-phase EVSEs that can switch to one phase (Phases3to1). */
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  now: T0,
  evses: [
    { id: 1, phases: 3, phaseSwitching: true, maxCurrentA: 32 },
    { id: 2, phases: 3, phaseSwitching: true, maxCurrentA: 32 },
  ],
  installed: [],
  maxStackLevel: 8,
  periodsPerSchedule: 24,
  maxProfiles: 10,
  rateUnits: ['A', 'W'],
  acPhaseSwitchingSupported: false,
  ...over,
});

const withPhaseToUse = () => {
  const p = profile({ startSchedule: new Date(T0).toISOString(), periods: [[0, 16, 1]] });
  p.chargingSchedule[0]!.chargingSchedulePeriod[0]!.phaseToUse = 2;
  return { evseId: 1, chargingProfile: p };
};

describe('K01 validation rules', () => {
  it('K01.FR.20: phaseToUse only where ACPhaseSwitchingSupported is true', () => {
    expect(validateSetChargingProfile(withPhaseToUse(), ctx())).toEqual({
      status: 'Rejected',
      statusInfo: { reasonCode: 'UnsupportedParam', additionalInfo: expect.stringMatching(/K01\.FR\.20/) },
    });
    expect(validateSetChargingProfile(withPhaseToUse(), ctx({ acPhaseSwitchingSupported: true }))).toMatchObject({ status: 'Accepted' });
  });

  it('K01 (release notes, errata "Avoiding Phase Conflicts"): numberPhases 1 on a 3-phase EVSE only where it can switch; 2, or more than it has, never', () => {
    const phases = (n: number) => ({ evseId: 1, chargingProfile: profile({ startSchedule: new Date(T0).toISOString(), periods: [[0, 16, n]] }) });
    expect(validateSetChargingProfile(phases(1), ctx())).toMatchObject({ status: 'Accepted' });
    expect(validateSetChargingProfile(phases(3), ctx())).toMatchObject({ status: 'Accepted' });
    expect(validateSetChargingProfile(phases(2), ctx())).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedParam' } });
    const fixed = ctx({ evses: [{ id: 1, phases: 3, phaseSwitching: false, maxCurrentA: 32 }] });
    expect(validateSetChargingProfile(phases(1), fixed)).toMatchObject({ status: 'Rejected', statusInfo: { additionalInfo: expect.stringContaining('numberPhases 1') } });
    const singlePhase = ctx({ evses: [{ id: 1, phases: 1, maxCurrentA: 32 }] });
    expect(validateSetChargingProfile(phases(1), singlePhase)).toMatchObject({ status: 'Accepted' });
    expect(validateSetChargingProfile(phases(3), singlePhase)).toMatchObject({ status: 'Rejected' });
  });
});
