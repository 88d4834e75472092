import { describe, expect, it } from 'vitest';
import { crc16Arc, formatCrc } from '../../../src/hardware/p1/crc16.js';
import { TelegramDecoder } from '../../../src/hardware/p1/decoder.js';
import { MAX_TELEGRAM_BYTES } from '../../../src/hardware/p1/framer.js';
import { parseTelegram } from '../../../src/hardware/p1/parser.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { DSMR22, FAMILIES, FLUVIUS_3PH, FLUVIUS_PUBLISHED, FLUVIUS_TAMPERED, withoutCrc } from './families.js';
import { PUBLISHED_V5, telegramOf } from './fixtures.js';

function decoder(options?: { legacyAllowed?: boolean }) {
  const good: Telegram[] = [];
  const bad: string[] = [];
  const d = new TelegramDecoder(
    (t) => good.push(t),
    (r) => bad.push(r),
    options,
  );
  const push = (...chunks: Array<string | Buffer>) => {
    for (const c of chunks) d.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  };
  return { good, bad, push };
}

function refusal(text: string, options?: { legacyAllowed?: boolean }): string {
  const r = parseTelegram(text, options);
  if (r.ok) throw new Error('accepted a bad telegram');
  return r.reason;
}

describe('P1 CRC by protocol: every meter family, with and without its CRC', () => {
  for (const family of FAMILIES) {
    it(`${family.name}: read as ${family.protocol}; ${family.crc ? 'refused without its CRC' : 'no CRC in its protocol, accepted without'}`, () => {
      const r = parseTelegram(family.telegram);
      if (!r.ok) throw new Error(`refused: ${r.reason}`);
      expect(r.telegram.protocol).toBe(family.protocol);
      expect(r.telegram.dsmrVersion).toBe(family.dsmrVersion);
      expect(r.telegram.emucsVersion).toBe(family.emucsVersion ?? null);
      if (family.crc) {
        expect(r.telegram.crc).toMatch(/^[0-9A-F]{4}$/);
        expect(refusal(withoutCrc(family.telegram))).toMatch(/^telegram without CRC \(.+\)$/);
        // through the byte stream as well
        const d = decoder();
        d.push(withoutCrc(family.telegram), family.telegram);
        expect(d.bad).toEqual([expect.stringMatching(/^telegram without CRC/)]);
        expect(d.good.map((t) => t.raw)).toEqual([family.telegram.trimEnd()]);
      } else {
        expect(r.telegram.crc).toBeNull();
      }
    });
  }

  it('e-MUCS: the published Fluvius CRC FCCF is ours, byte for byte', () => {
    const r = parseTelegram(FLUVIUS_PUBLISHED);
    expect(r.ok && r.telegram.crc).toBe('FCCF');
    expect(r.ok && r.telegram.phases.currentA).toEqual([2.72, null, null]);
  });

  it('e-MUCS: the tampered Fluvius telegram (L1 000.27 → 080.27 A, CRC dropped) is refused', () => {
    const good = parseTelegram(FLUVIUS_3PH);
    expect(good.ok && good.telegram.phases.currentA).toEqual([0.27, 0, 0]);
    expect(FLUVIUS_TAMPERED).toContain('1-0:31.7.0(080.27*A)');
    expect(FLUVIUS_TAMPERED).toMatch(/\r\n!\r\n$/);
    expect(refusal(FLUVIUS_TAMPERED)).toBe('telegram without CRC (e-MUCS 1.7)');
  });

  it('a meter time 0-0:1.0.0 or a header naming ESMR 5 marks DSMR 4+: no CRC is bad even without a version line', () => {
    const t = '/XMX5LGBBFG1012345678\r\n\r\n0-0:1.0.0(230101120000W)\r\n1-0:1.8.1(000001.000*kWh)\r\n!\r\n';
    expect(refusal(t)).toBe('telegram without CRC (meter time 0-0:1.0.0: DSMR 4 or later)');
    expect(refusal('/Ene5\\XS210 ESMR 5.0\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n!\r\n')).toBe('telegram without CRC (identification Ene5\\XS210 ESMR 5.0)');
  });

  it('truncated fragments are bad telegrams, never good ones: /KFM5KAIFA-METER! and a header without data', () => {
    expect(refusal('/KFM5KAIFA-METER!')).toBe('no data lines after the header "/KFM5KAIFA-METER"');
    expect(refusal('/KFM5KAIFA-METER\r\n\r\n!\r\n')).toBe('no data lines after the header "/KFM5KAIFA-METER"');
    const withCrc = '/KFM5KAIFA-METER\r\n\r\n!';
    expect(refusal(`${withCrc}${formatCrc(crc16Arc(Buffer.from(withCrc)))}\r\n`)).toBe('no data lines after the header "/KFM5KAIFA-METER"');
    const d = decoder();
    d.push('/KFM5KAIFA-METER!\r\n', '/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n!\r\n', PUBLISHED_V5);
    expect(d.bad).toEqual(['no data lines after the header "/KFM5KAIFA-METER"', 'telegram without CRC (DSMR 5.0)']);
    expect(d.good.map((t) => t.crc)).toEqual(['6EEE']);
  });

  it('a DSMR 4/5 line (serial 115200 8N1) carries no DSMR 2.2 / 3 meter: there a telegram without CRC is bad', () => {
    expect(parseTelegram(DSMR22).ok).toBe(true);
    expect(refusal(DSMR22, { legacyAllowed: false })).toBe('telegram without CRC (a DSMR 4/5 line (115200 8N1))');
    expect(refusal(telegramOf(['1-3:0.2.8(30)', '1-0:1.8.1(000001.000*kWh)']).replace(/![0-9A-F]{4}/, '!'), { legacyAllowed: false })).toBe(
      'telegram without CRC (DSMR 3.0)',
    );
  });
});

/** A valid telegram whose CRC is below 0x1000 (its first hex digit 0). */
function telegramWithLeadingZeroCrc(): { body: string; crc: string } {
  for (let n = 0; ; n++) {
    const body = `/ISK5\\2M550T-1012\r\n\r\n1-3:0.2.8(50)\r\n1-0:1.8.1(${String(n).padStart(6, '0')}.000*kWh)\r\n!`;
    const crc = formatCrc(crc16Arc(Buffer.from(body, 'latin1')));
    if (crc.startsWith('0')) return { body, crc };
  }
}

describe('P1 CRC of 3 digits (a meter that drops the leading zero)', () => {
  it('!B9F-style unpadded CRC is read as 0B9F, checked, and accepted; split anywhere', () => {
    const { body, crc } = telegramWithLeadingZeroCrc();
    const three = `${body}${crc.slice(1)}\r\n`;
    const r = parseTelegram(three);
    expect(r.ok && r.telegram.crc).toBe(crc);
    for (let cut = 1; cut < three.length; cut++) {
      const d = decoder();
      d.push(three.slice(0, cut), three.slice(cut));
      expect(d.good.map((t) => t.crc), `cut at ${cut}`).toEqual([crc]);
      expect(d.bad).toEqual([]);
    }
  });

  it('a wrong 3-digit CRC, and 1 or 2 digits, are still refused', () => {
    const { body, crc } = telegramWithLeadingZeroCrc();
    const wrong = ((Number.parseInt(crc, 16) + 1) & 0xfff).toString(16).toUpperCase().padStart(3, '0');
    expect(refusal(`${body}${wrong}\r\n`)).toBe(`CRC mismatch: telegram says 0${wrong}, computed ${crc}`);
    const d = decoder();
    d.push(`${body}${crc.slice(2)}\r\n`, `${body}${crc.slice(3)}\r\n`);
    expect(d.bad).toEqual(['malformed CRC after !', 'malformed CRC after !']);
  });
});

describe('P1 telegram length bound: the same verdict however the bytes arrive', () => {
  /** A DSMR 5 telegram of about `bytes` bytes, made long by a text message (0-0:96.13.0), CRC valid. */
  function longTelegram(bytes: number): string {
    const base = telegramOf(['1-3:0.2.8(50)', '0-0:96.13.0()', '1-0:31.7.0(004*A)']);
    const text = '3'.repeat(bytes - base.length);
    return telegramOf(['1-3:0.2.8(50)', `0-0:96.13.0(${text})`, '1-0:31.7.0(004*A)']);
  }
  const inPieces = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

  it(`a telegram over ${MAX_TELEGRAM_BYTES} bytes: refused in one write and in 1 KiB pieces, the next one read`, () => {
    const long = longTelegram(MAX_TELEGRAM_BYTES + 100);
    expect(parseTelegram(long).ok).toBe(true); // a valid telegram, only too long
    const once = decoder();
    once.push(long + PUBLISHED_V5);
    const pieces = decoder();
    pieces.push(...inPieces(long + PUBLISHED_V5, 1024));
    const bytewise = decoder();
    bytewise.push(...inPieces(long + PUBLISHED_V5, 1));
    for (const d of [once, pieces, bytewise]) {
      expect(d.bad).toEqual([`telegram longer than ${MAX_TELEGRAM_BYTES} bytes`]);
      expect(d.good.map((t) => t.crc)).toEqual(['6EEE']);
    }
  });

  it(`a telegram just within ${MAX_TELEGRAM_BYTES} bytes: accepted in one write and in 1 KiB pieces`, () => {
    const fits = longTelegram(MAX_TELEGRAM_BYTES);
    expect(fits.trimEnd().length).toBeLessThanOrEqual(MAX_TELEGRAM_BYTES);
    const once = decoder();
    once.push(fits);
    const pieces = decoder();
    pieces.push(...inPieces(fits, 1024));
    for (const d of [once, pieces]) {
      expect(d.bad).toEqual([]);
      expect(d.good.length).toBe(1);
    }
  });
});
