import { describe, expect, it } from 'vitest';
import { bootloaderRefuses, isTwoStage, withStage2 } from '../../../src/station/firmware/versions.js';

describe('bootloader versions (release notes 3)', () => {
  it('1.2.0 is stage 1 version 1 and stage 2 version 2.0; 0.1.6 is the old one-stage bootloader', () => {
    expect(isTwoStage('1.2.0')).toBe(true);
    expect(isTwoStage('0.1.6')).toBe(false);
  });

  it('a stage 2 update keeps stage 1: 1.2.0 + 2.1 → 1.2.1, 1.2.0 + 1.3.0 (full form) → 1.3.0', () => {
    expect(withStage2('1.2.0', '2.1')).toBe('1.2.1');
    expect(withStage2('1.2.0', '1.3.0')).toBe('1.3.0');
    expect(withStage2('2.2.0', '3.0')).toBe('2.3.0');
  });

  it('the old bootloader recognises no firmware above 5.x and says to install the minimal firmware', () => {
    expect(bootloaderRefuses('0.1.6', '5.9.9')).toBeUndefined();
    expect(bootloaderRefuses('0.1.6', '6.0.0')).toMatch(/bootloader 0\.1\.6 does not recognise firmware 6\.0\.0: install the minimal firmware/);
    expect(bootloaderRefuses('1.2.0', '7.0.0')).toBeUndefined();
  });
});
