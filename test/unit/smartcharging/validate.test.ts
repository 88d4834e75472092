import { describe, expect, it } from 'vitest';
import { type ValidationContext, validateSetChargingProfile } from '../../../src/station/smartcharging/validate.js';
import { profile, T0 } from './builders.js';

/** A station of two 3-phase EVSEs that can switch to one phase (Phases3to1). */
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({
  now: T0,
  evses: [
    { id: 1, phases: 3, maxCurrentA: 32 },
    { id: 2, phases: 3, maxCurrentA: 32 },
  ],
  installed: [],
  maxStackLevel: 8,
  periodsPerSchedule: 24,
  maxProfiles: 10,
  rateUnits: ['A', 'W'],
  acPhaseSwitchingSupported: false,
  phases3to1: true,
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
});
