import { describe, expect, it } from 'vitest';
import { formatMeterTime, isEuSummerTime, parseMeterTime } from '../../../src/hardware/p1/meter-time.js';

describe('DSMR meter time YYMMDDhhmmssX (X: W = CET, S = CEST)', () => {
  it('formats and parses winter and summer time', () => {
    expect(formatMeterTime(Date.parse('2026-01-15T11:00:00Z'))).toBe('260115120000W');
    expect(formatMeterTime(Date.parse('2026-07-15T11:00:00Z'))).toBe('260715130000S');
    expect(parseMeterTime('260115120000W')).toBe(Date.parse('2026-01-15T11:00:00Z'));
    expect(parseMeterTime('260715130000S')).toBe(Date.parse('2026-07-15T11:00:00Z'));
  });

  it('switches at 01:00 UTC on the last Sundays of March and October', () => {
    expect(isEuSummerTime(Date.parse('2026-03-29T00:59:59Z'))).toBe(false);
    expect(isEuSummerTime(Date.parse('2026-03-29T01:00:00Z'))).toBe(true);
    expect(isEuSummerTime(Date.parse('2026-10-25T00:59:59Z'))).toBe(true);
    expect(isEuSummerTime(Date.parse('2026-10-25T01:00:00Z'))).toBe(false);
    // the repeated hour 02:00-03:00 local is told apart by the suffix
    expect(parseMeterTime('261025023000S')).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(parseMeterTime('261025023000W')).toBe(Date.parse('2026-10-25T01:30:00Z'));
    expect(formatMeterTime(Date.parse('2026-10-25T00:30:00Z'))).toBe('261025023000S');
    expect(formatMeterTime(Date.parse('2026-10-25T01:30:00Z'))).toBe('261025023000W');
  });

  it('infers the offset of DSMR 2/3 stamps without suffix; refuses what is no time', () => {
    expect(parseMeterTime('090212160000')).toBe(Date.parse('2009-02-12T15:00:00Z'));
    expect(parseMeterTime('090712160000')).toBe(Date.parse('2009-07-12T14:00:00Z'));
    for (const bad of ['', '2601151200W', '261315120000W', '260115250000W', 'abcdefghijklW', '260115120000X']) expect(parseMeterTime(bad), bad).toBeUndefined();
  });
});
