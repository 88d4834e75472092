import { describe, expect, it } from 'vitest';
import { fell, NO_CONDITIONS, rose, startPoints, stopPoints, stoppedReasonFor } from '../../../src/station/transactions/conditions.js';
import type { DeviceModelApi } from '../../../src/station/model/types.js';

const model = (start: string, stop: string) => ({ getString: (k: string) => (k.endsWith('TxStartPoint') ? start : stop) }) as unknown as DeviceModelApi;

describe('TxStartPoint / TxStopPoint edges (E01, E06)', () => {
  it('E01: the configured points, case-insensitive; DataSigned is never a stop point', () => {
    expect(startPoints(model('evconnected,Authorized', ''))).toEqual(['EVConnected', 'Authorized']);
    expect(stopPoints(model('', 'DataSigned,EnergyTransfer'))).toEqual(['EnergyTransfer']);
  });

  it('E01: a start point starts only when it rises, not when it already held', () => {
    const before = { ...NO_CONDITIONS, EVConnected: true };
    expect(rose(['EVConnected'], before, { ...before })).toEqual([]);
    expect(rose(['EVConnected', 'Authorized'], before, { ...before, Authorized: true })).toEqual(['Authorized']);
  });

  it('E06: a stop point ends only when it falls; one that never held does not', () => {
    const before = { ...NO_CONDITIONS, EVConnected: true };
    expect(fell(['Authorized'], before, { ...before })).toEqual([]);
    expect(fell(['EVConnected', 'Authorized'], before, { ...before, EVConnected: false })).toEqual(['EVConnected']);
  });

  it('E06: the stoppedReason follows what made the point fall', () => {
    expect(stoppedReasonFor('Authorized', 'StopAuthorized')).toBe('Local');
    expect(stoppedReasonFor('PowerPathClosed', 'Deauthorized')).toBe('DeAuthorized');
    expect(stoppedReasonFor('EVConnected', 'EVCommunicationLost')).toBe('EVDisconnected');
    expect(stoppedReasonFor('EnergyTransfer', 'ChargingStateChanged')).toBe('StoppedByEV');
    expect(stoppedReasonFor('ParkingBayOccupancy', 'EVDeparted')).toBe('Other');
  });
});
