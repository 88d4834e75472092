import { describe, expect, it } from 'vitest';
import { type ConnectorFacts, deriveStatus } from '../../../src/station/availability/status.js';

const idle: ConnectorFacts = { faulted: false, operative: true, transaction: false, cablePlugged: false, reserved: false };

describe('connector status derivation (G01, G03, G05, H01)', () => {
  it('an idle operative connector is Available', () => {
    expect(deriveStatus(idle)).toBe('Available');
  });

  it('G05: a lock fault makes it Faulted, over everything else', () => {
    expect(deriveStatus({ ...idle, faulted: true })).toBe('Faulted');
    expect(deriveStatus({ faulted: true, operative: false, transaction: true, cablePlugged: true, reserved: true })).toBe('Faulted');
  });

  it('G03: Inoperative makes it Unavailable, also with a cable in or a reservation', () => {
    expect(deriveStatus({ ...idle, operative: false })).toBe('Unavailable');
    expect(deriveStatus({ ...idle, operative: false, cablePlugged: true })).toBe('Unavailable');
    expect(deriveStatus({ ...idle, operative: false, reserved: true })).toBe('Unavailable');
  });

  it('G03: an Inoperative connector stays Occupied while its transaction continues', () => {
    expect(deriveStatus({ ...idle, operative: false, transaction: true, cablePlugged: true })).toBe('Occupied');
    expect(deriveStatus({ ...idle, operative: false, transaction: true })).toBe('Occupied');
  });

  it('G01: a cable or a transaction makes it Occupied, over a reservation', () => {
    expect(deriveStatus({ ...idle, cablePlugged: true })).toBe('Occupied');
    expect(deriveStatus({ ...idle, transaction: true })).toBe('Occupied');
    expect(deriveStatus({ ...idle, cablePlugged: true, reserved: true })).toBe('Occupied');
  });

  it('release notes: a reserved connector is Reserved', () => {
    expect(deriveStatus({ ...idle, reserved: true })).toBe('Reserved');
  });
});
