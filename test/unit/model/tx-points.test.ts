import { describe, expect, it } from 'vitest';
import {
  formatMask,
  maskError,
  maskNames,
  maskToPoints,
  parseMask,
  pointsToMask,
  TX_AUTHORIZED,
  TX_DATA_SIGNED,
  TX_EV_CONNECTED,
  TX_POINT_ORDER,
} from '../../../src/station/model/tx-points.js';

describe('reasons bitmask', () => {
  it('has the bit order of the release notes', () => {
    expect(maskNames(0x3f)).toEqual([
      'TX_ENERGY_TRANSFER',
      'TX_POWER_PATH_CLOSED',
      'TX_DATA_SIGNED',
      'TX_AUTHORIZED',
      'TX_EV_CONNECTED',
      'TX_PARKING_BAY_OCCUPANCY',
    ]);
    expect(maskToPoints(1)).toBe('EnergyTransfer');
    expect(maskToPoints(2)).toBe('PowerPathClosed');
    expect(maskToPoints(4)).toBe('DataSigned');
    expect(maskToPoints(8)).toBe('Authorized');
    expect(maskToPoints(16)).toBe('EVConnected');
    expect(maskToPoints(32)).toBe('ParkingBayOccupancy');
  });

  it('parses decimal, hex and binary', () => {
    expect(parseMask('24')).toEqual({ ok: true, mask: 0x18 });
    expect(parseMask('0x18')).toEqual({ ok: true, mask: 0x18 });
    expect(parseMask('0X3f')).toEqual({ ok: true, mask: 0x3f });
    expect(parseMask('0b11000')).toEqual({ ok: true, mask: 0x18 });
    expect(parseMask('0')).toEqual({ ok: true, mask: 0 });
  });

  it('parses TX_ names and OCPP names, case-insensitive', () => {
    expect(parseMask('TX_AUTHORIZED,TX_EV_CONNECTED')).toEqual({ ok: true, mask: 0x18 });
    expect(parseMask('tx_ev_connected')).toEqual({ ok: true, mask: TX_EV_CONNECTED });
    expect(parseMask('Authorized, EVConnected')).toEqual({ ok: true, mask: 0x18 });
    expect(parseMask('powerpathclosed')).toEqual({ ok: true, mask: 2 });
    expect(parseMask('TX_PARKING_BAY_OCCUPANCY|EnergyTransfer')).toEqual({ ok: true, mask: 0x21 });
  });

  it('gives a clear error for bad input', () => {
    for (const bad of ['0x40', '64', '0b1000000', '99999999999999999999', '', 'TX_NOPE', 'Authorized,,EVConnected', '-1', '0xZZ', '1.5']) {
      const r = parseMask(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
    const r = parseMask('0x40');
    expect(!r.ok && r.error).toMatch(/out of range/);
    const n = parseMask('TX_NOPE');
    expect(!n.ok && n.error).toMatch(/TX_NOPE/);
  });

  it('maps masks to MemberList values in OCPP order and back', () => {
    expect(maskToPoints(0x18)).toBe('EVConnected,Authorized');
    expect(maskToPoints(0x3f)).toBe(TX_POINT_ORDER.join(','));
    expect(maskToPoints(0)).toBe('');
    for (let m = 0; m <= 0x3f; m++) expect(pointsToMask(maskToPoints(m))).toBe(m);
    expect(pointsToMask('Authorized,EVConnected')).toBe(TX_AUTHORIZED | TX_EV_CONNECTED);
    expect(formatMask(0x18)).toBe('0x18');
  });

  it('refuses DataSigned as a stop point and empty masks', () => {
    expect(maskError('stop', TX_DATA_SIGNED | TX_AUTHORIZED)).toMatch(/DataSigned/);
    expect(maskError('start', TX_DATA_SIGNED)).toBeUndefined();
    expect(maskError('stop', 0x18)).toBeUndefined();
    expect(maskError('start', 0)).toMatch(/at least one/);
  });
});
