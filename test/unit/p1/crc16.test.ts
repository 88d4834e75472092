import { describe, expect, it } from 'vitest';
import { crc16Arc, formatCrc, withCrc } from '../../../src/hardware/p1/crc16.js';
import { PUBLISHED_SAGEMCOM, PUBLISHED_V42, PUBLISHED_V5 } from './fixtures.js';

/** The CRC a published telegram carries, and the one we compute over its `/`..`!`. */
function crcs(telegram: string): { carried: string; computed: string } {
  const bang = telegram.indexOf('!');
  return { carried: telegram.slice(bang + 1, bang + 5), computed: formatCrc(crc16Arc(Buffer.from(telegram.slice(0, bang + 1), 'latin1'))) };
}

describe('DSMR P1 CRC-16/ARC (poly 0xA001 reflected, init 0, over / .. ! inclusive)', () => {
  it('has the catalogued CRC-16/ARC check value for "123456789"', () => {
    expect(crc16Arc(Buffer.from('123456789'))).toBe(0xbb3d);
    expect(crc16Arc(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with the CRC of published DSMR 5.0 and 4.2 telegrams', () => {
    for (const telegram of [PUBLISHED_V5, PUBLISHED_V42, PUBLISHED_SAGEMCOM]) {
      const { carried, computed } = crcs(telegram);
      expect(computed).toBe(carried);
    }
    expect(crcs(PUBLISHED_V5).computed).toBe('6EEE');
    expect(crcs(PUBLISHED_V42).computed).toBe('6796');
  });

  it('is written as 4 upper-case hex digits, leading zeros kept', () => {
    expect(formatCrc(0x0a)).toBe('000A');
    expect(formatCrc(0xbeef)).toBe('BEEF');
    expect(withCrc('/X!')).toMatch(/^\/X![0-9A-F]{4}$/);
  });

  it('covers a sub-range of the bytes only', () => {
    const bytes = Buffer.from('xx123456789yy');
    expect(crc16Arc(bytes, 2, 11)).toBe(0xbb3d);
  });
});
