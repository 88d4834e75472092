import { describe, expect, it } from 'vitest';
import { parseTelegram } from '../../../src/hardware/p1/parser.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { DSMR3_NO_CRC, GOLDEN_AM550, PUBLISHED_SAGEMCOM, PUBLISHED_V42, PUBLISHED_V5, telegramOf } from './fixtures.js';

function parsed(text: string): Telegram {
  const r = parseTelegram(text);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.telegram;
}

function refusal(text: string | Buffer): string {
  const r = parseTelegram(text);
  if (r.ok) throw new Error('accepted a bad telegram');
  return r.reason;
}

describe('DSMR 5.0 P1 telegram', () => {
  it('reads the golden ISK5\\2M550T-1012 telegram: header, version, time, registers, tariff, per-phase values, gas', () => {
    const t = parsed(GOLDEN_AM550);
    expect(t.header).toBe('ISK5\\2M550T-1012');
    expect(t.dsmrVersion).toBe('5.0');
    expect(t.crc).toMatch(/^[0-9A-F]{4}$/);
    expect(t.raw).toBe(GOLDEN_AM550.trimEnd());
    // 12:30:05 CEST = 10:30:05 UTC
    expect(new Date(t.timestamp!).toISOString()).toBe('2026-06-14T10:30:05.000Z');
    expect(t.equipmentId).toBe('4530303434303037313331363530323137');
    expect(t.energyKwh).toEqual({ importT1: 1234.567, importT2: 2345.678, exportT1: 123.456, exportT2: 234.567 });
    expect(t.tariff).toBe(2);
    expect(t.powerImportW).toBe(1932);
    expect(t.powerExportW).toBe(0);
    expect(t.phases.voltageV).toEqual([232.4, 229.1, 230]);
    expect(t.phases.currentA).toEqual([4, 13, 1]);
    expect(t.phases.powerImportW).toEqual([0, 2978, 184]);
    expect(t.phases.powerExportW).toEqual([1230, 0, 0]);
    expect(t.gas).toEqual({ m3: 1234.567, timestamp: Date.parse('2026-06-14T10:25:00Z') });
    expect(t.objects['1-0:99.97.0']).toEqual(['1', '0-0:96.7.19', '250101120000W', '0000000240*s']);
  });

  it('reads the published DSMR 5.0 example (winter time, fractional amps)', () => {
    const t = parsed(PUBLISHED_V5);
    expect(t.header).toBe('ISk5\\2MT382-1000');
    expect(t.dsmrVersion).toBe('5.0');
    expect(t.crc).toBe('6EEE');
    expect(new Date(t.timestamp!).toISOString()).toBe('2017-01-02T18:20:02.000Z');
    expect(t.phases.currentA).toEqual([0.48, 0.44, 0.86]);
    expect(t.phases.voltageV).toEqual([230, 230, 229]);
    expect(t.phases.powerImportW).toEqual([70, 32, 142]);
    expect(t.powerImportW).toBe(244);
    expect(t.energyKwh.importT1).toBe(4.426);
    expect(t.gas).toEqual({ m3: 0.107, timestamp: Date.parse('2017-01-02T15:10:05Z') });
  });

  it('reads Wh / W units of a Sagemcom T210-D as kWh / W', () => {
    const t = parsed(PUBLISHED_SAGEMCOM);
    expect(t.energyKwh.importT1).toBe(5017.12);
    expect(t.energyKwh.exportT2).toBe(0.058);
    expect(t.powerImportW).toBe(286);
    expect(new Date(t.timestamp!).toISOString()).toBe('2022-10-06T13:50:14.000Z');
    expect(t.phases.currentA).toEqual([null, null, null]);
  });
});

describe('DSMR 4 P1 telegram', () => {
  it('reads the published DSMR 4.2 example (1-3:0.2.8(42)): CRC 6796, currents, no voltages', () => {
    const t = parsed(PUBLISHED_V42);
    expect(t.dsmrVersion).toBe('4.2');
    expect(t.crc).toBe('6796');
    expect(t.phases.currentA).toEqual([0, 6, 2]);
    expect(t.phases.voltageV).toEqual([null, null, null]);
    expect(t.powerImportW).toBe(2027);
    expect(t.gas?.m3).toBe(981.443);
  });

  it('refuses a DSMR 4.2 telegram without its CRC', () => {
    const withoutCrc = PUBLISHED_V42.replace('!6796', '!');
    expect(refusal(withoutCrc)).toBe('telegram without CRC (DSMR 4.2)');
  });
});

describe('DSMR 2.2 / 3 P1 telegram (no CRC)', () => {
  it('accepts a telegram without version line and without CRC, joining the gas continuation line', () => {
    const t = parsed(DSMR3_NO_CRC);
    expect(t.dsmrVersion).toBeNull();
    expect(t.crc).toBeNull();
    expect(t.powerImportW).toBe(1190);
    expect(t.gas).toEqual({ m3: 1.001, timestamp: Date.parse('2009-02-12T15:00:00Z') });
  });

  it('still checks a CRC when a version-less telegram carries one', () => {
    const text = DSMR3_NO_CRC.replace('!\r\n', '!0000\r\n');
    expect(refusal(text)).toMatch(/^CRC mismatch: telegram says 0000, computed [0-9A-F]{4}$/);
  });
});

describe('corrupt P1 telegrams are refused with a reason', () => {
  it('a changed digit fails the CRC', () => {
    const bad = GOLDEN_AM550.replace('1-0:31.7.0(004*A)', '1-0:31.7.0(005*A)');
    expect(refusal(bad)).toMatch(/^CRC mismatch: telegram says [0-9A-F]{4}, computed [0-9A-F]{4}$/);
  });

  it('a DSMR 5 telegram without CRC', () => {
    expect(refusal(PUBLISHED_V5.replace('!6EEE', '!'))).toBe('telegram without CRC (DSMR 5.0)');
  });

  it('a truncated telegram (no ! end mark)', () => {
    expect(refusal(GOLDEN_AM550.slice(0, 300))).toBe('truncated: no ! end mark');
  });

  it('a malformed CRC field', () => {
    expect(refusal(PUBLISHED_V5.replace('!6EEE', '!6EEX'))).toBe('malformed CRC after !: "6EEX"');
  });

  it('a bad header, a line that is no OBIS line, a bad version — even with a valid CRC', () => {
    expect(refusal(telegramOf(['1-3:0.2.8(50)'], 'X'))).toBe('bad header line: "/X"');
    expect(refusal(telegramOf(['1-3:0.2.8(50)', 'hello world']))).toBe('line 4 is not an OBIS line: "hello world"');
    expect(refusal(telegramOf(['1-3:0.2.8(5x)']))).toBe('bad DSMR version "5x"');
  });

  it('non-UTF-8 bytes inside a telegram fail the CRC or the line check, never crash', () => {
    const bytes = Buffer.from(GOLDEN_AM550, 'latin1');
    bytes[bytes.indexOf('1-0:51.7.0') + 12] = 0xc3;
    expect(refusal(bytes)).toMatch(/^CRC mismatch/);
    const forged = telegramOf(['1-3:0.2.8(50)', '1-0:31.7.0(\u00ff*A)']);
    expect(refusal(Buffer.from(forged, 'latin1'))).toMatch(/^line 4 is not an OBIS line: "1-0:31\.7\.0\(\?\*A\)"$/);
  });

  it('a value of the wrong unit is no value (null), the telegram is still good', () => {
    const t = parsed(telegramOf(['1-3:0.2.8(50)', '1-0:31.7.0(004*V)', '1-0:51.7.0(abc*A)', '1-0:71.7.0(002*A)']));
    expect(t.phases.currentA).toEqual([null, null, 2]);
  });
});
