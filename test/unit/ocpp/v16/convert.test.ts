import { describe, expect, it } from 'vitest';
import { energyRegisterWh, idTagOf, toChargingProfile, toCompositeSchedule16, toIdTokenInfo, toMeterValues16 } from '../../../../src/station/ocpp/v16/convert.js';
import { validatorFor } from '../../../../src/station/ocpp/validator.js';

describe('OCPP 1.6 conversions', () => {
  it('1.6: an idTag is an ISO14443 token; a token longer than 20 characters has no idTag', () => {
    expect(idTagOf({ idToken: 'A' })).toBe('A');
    expect(idTagOf({ idToken: 'x'.repeat(20) })).toBe('x'.repeat(20));
    expect(idTagOf({ idToken: 'x'.repeat(21) })).toBeUndefined();
    expect(idTagOf(undefined)).toBeUndefined();
  });

  it('1.6: idTagInfo → idTokenInfo: expiryDate is cacheExpiryDateTime, parentIdTag the groupIdToken', () => {
    expect(toIdTokenInfo({ status: 'Blocked', expiryDate: '2030-01-01T00:00:00Z', parentIdTag: 'G' })).toEqual({
      status: 'Blocked',
      cacheExpiryDateTime: '2030-01-01T00:00:00Z',
      groupIdToken: { idToken: 'G', type: 'ISO14443' },
    });
    expect(toIdTokenInfo({ status: 'Accepted' })).toEqual({ status: 'Accepted' });
  });

  it('1.6: meter values get string values and unit; measurands 1.6 does not know are left out, empty meter values too', () => {
    const out = toMeterValues16([
      {
        timestamp: '2026-03-01T10:00:00Z',
        sampledValue: [
          { value: 1234.5, context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
          { value: 7, measurand: 'Current.Import', phase: 'L2', unitOfMeasure: { unit: 'A' } },
          { value: 1, measurand: 'Energy.Active.Net', unitOfMeasure: { unit: 'Wh' } },
          { value: 2, unitOfMeasure: { unit: 'kWh', multiplier: 3 } },
        ],
      },
      { timestamp: '2026-03-01T10:01:00Z', sampledValue: [{ value: 1, measurand: 'Power.Active.Net' }] },
    ]);
    expect(out).toEqual([
      {
        timestamp: '2026-03-01T10:00:00Z',
        sampledValue: [
          { value: '1234.5', context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          { value: '7', measurand: 'Current.Import', phase: 'L2', unit: 'A' },
          { value: '2000', measurand: 'Energy.Active.Import.Register', unit: 'kWh' },
        ],
      },
    ]);
    expect(validatorFor('1.6').request('MeterValues', { connectorId: 1, meterValue: out })).toBeUndefined();
  });

  it('1.6: the Energy.Active.Import.Register reading in Wh (kWh scaled; per-phase values and other measurands ignored)', () => {
    expect(energyRegisterWh(undefined)).toBeUndefined();
    expect(energyRegisterWh([{ timestamp: 't', sampledValue: [{ value: 5, measurand: 'Power.Active.Import' }, { value: 3, phase: 'L1' }, { value: 1.5, unitOfMeasure: { unit: 'kWh' } }] }])).toBe(1500);
  });

  it('1.6: csChargingProfiles → a 2.0.1 profile: ChargePointMaxProfile is ChargingStationMaxProfile, the schedule a list of one, the transaction id the engine one', () => {
    const p = toChargingProfile(
      {
        chargingProfileId: 3,
        transactionId: 12,
        stackLevel: 2,
        chargingProfilePurpose: 'ChargePointMaxProfile',
        chargingProfileKind: 'Recurring',
        recurrencyKind: 'Daily',
        validTo: '2030-01-01T00:00:00Z',
        chargingSchedule: { duration: 3600, startSchedule: '2026-01-01T00:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000, numberPhases: 3 }], minChargingRate: 1000 },
      },
      'engine-tx',
    );
    expect(p).toEqual({
      id: 3,
      stackLevel: 2,
      chargingProfilePurpose: 'ChargingStationMaxProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      validTo: '2030-01-01T00:00:00Z',
      transactionId: 'engine-tx',
      chargingSchedule: [{ id: 3, duration: 3600, startSchedule: '2026-01-01T00:00:00Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000, numberPhases: 3 }], minChargingRate: 1000 }],
    });
    expect(validatorFor('2.0.1').request('SetChargingProfile', { evseId: 0, chargingProfile: p })).toBeUndefined();
  });

  it('1.6: a composite schedule in GetCompositeSchedule.conf shape, limits to a tenth', () => {
    const out = toCompositeSchedule16(1, {
      evseId: 1,
      duration: 600,
      scheduleStart: '2026-03-01T10:00:00.000Z',
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [{ startPeriod: 0, limit: 7359.99999, numberPhases: 3 }],
    });
    expect(out).toEqual({
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2026-03-01T10:00:00.000Z',
      chargingSchedule: { duration: 600, startSchedule: '2026-03-01T10:00:00.000Z', chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7360, numberPhases: 3 }] },
    });
    expect(validatorFor('1.6').response('GetCompositeSchedule', out)).toBeUndefined();
  });
});
