import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelegramDecoder } from '../../../src/hardware/p1/decoder.js';
import { TelegramFramer } from '../../../src/hardware/p1/framer.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { GOLDEN_AM550, PUBLISHED_V42, PUBLISHED_V5 } from './fixtures.js';

function decoder() {
  const good: Telegram[] = [];
  const bad: string[] = [];
  const d = new TelegramDecoder(
    (t) => good.push(t),
    (r) => bad.push(r),
  );
  const push = (...chunks: Array<string | Buffer>) => {
    for (const c of chunks) d.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  };
  return { good, bad, push, decoder: d };
}

describe('P1 byte stream: telegrams found, bad ones counted and skipped', () => {
  it('two telegrams in one chunk', () => {
    const d = decoder();
    d.push(GOLDEN_AM550 + PUBLISHED_V5);
    expect(d.good.map((t) => t.crc)).toEqual([expect.any(String), '6EEE']);
    expect(d.bad).toEqual([]);
  });

  it('one telegram split across chunks at every position, including inside the CRC', () => {
    for (let cut = 1; cut < PUBLISHED_V5.length; cut++) {
      const d = decoder();
      d.push(PUBLISHED_V5.slice(0, cut), PUBLISHED_V5.slice(cut));
      expect(d.good.length, `cut at ${cut}`).toBe(1);
      expect(d.bad, `cut at ${cut}`).toEqual([]);
    }
  });

  it('byte by byte, as a slow serial line delivers it', () => {
    const d = decoder();
    for (const byte of Buffer.from(PUBLISHED_V42 + PUBLISHED_V5, 'latin1')) d.push(Buffer.from([byte]));
    expect(d.good.map((t) => t.crc)).toEqual(['6796', '6EEE']);
  });

  it('garbage between telegrams is counted once and skipped', () => {
    const d = decoder();
    d.push(PUBLISHED_V5, 'ATZ\r\nNO CARRIER\r\n', PUBLISHED_V42);
    expect(d.good.map((t) => t.crc)).toEqual(['6EEE', '6796']);
    expect(d.bad).toEqual(['12 bytes of garbage between telegrams']);
  });

  it('blank bytes between telegrams are no garbage', () => {
    const d = decoder();
    d.push('\r\n\r\n  \0', PUBLISHED_V5, '\r\n');
    expect(d.good.length).toBe(1);
    expect(d.bad).toEqual([]);
  });

  it('a truncated telegram (reader joined mid-way, or the line dropped bytes) is bad, the next one good', () => {
    const d = decoder();
    d.push(PUBLISHED_V42.slice(0, 200), PUBLISHED_V5);
    expect(d.bad).toEqual(['truncated telegram (200 bytes, next telegram began before its end)']);
    expect(d.good.map((t) => t.crc)).toEqual(['6EEE']);
    const joined = decoder();
    joined.push(PUBLISHED_V42.slice(400), PUBLISHED_V5);
    expect(joined.bad).toEqual([expect.stringMatching(/bytes of garbage between telegrams$/)]);
    expect(joined.good.length).toBe(1);
  });

  it('a bad CRC is counted, the next good telegram parsed', () => {
    const d = decoder();
    d.push(PUBLISHED_V5.replace('0.48*A', '0.49*A'), PUBLISHED_V5);
    expect(d.bad).toEqual([expect.stringMatching(/^CRC mismatch: telegram says 6EEE, computed /)]);
    expect(d.good.length).toBe(1);
  });

  it('non-UTF-8 junk between and inside telegrams', () => {
    const d = decoder();
    const broken = Buffer.from(PUBLISHED_V5, 'latin1');
    broken[100] = 0xfe;
    d.push(Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]), broken, Buffer.from([0xe2, 0x82]), PUBLISHED_V42);
    expect(d.bad).toEqual(['5 bytes of garbage between telegrams', expect.stringMatching(/^CRC mismatch/), '2 bytes of garbage between telegrams']);
    expect(d.good.map((t) => t.crc)).toEqual(['6796']);
  });

  it('a malformed CRC field and a telegram without end are bad, what follows is read', () => {
    const d = decoder();
    d.push(PUBLISHED_V5.replace('!6EEE', '!6E\r\n'), PUBLISHED_V42);
    expect(d.bad).toEqual(['malformed CRC after !']);
    expect(d.good.length).toBe(1);
    const framer = new TelegramFramer(1000);
    const frames = [...framer.push(Buffer.from(`/${'x'.repeat(1200)}`)), ...framer.push(Buffer.from(PUBLISHED_V5, 'latin1'))];
    expect(frames.map((f) => (f.kind === 'bad' ? f.reason : 'telegram'))).toEqual(['telegram longer than 1000 bytes', 'telegram']);
  });

  it('a telegram waits for its CRC digits before it is complete', () => {
    const framer = new TelegramFramer();
    const bang = PUBLISHED_V5.indexOf('!');
    expect(framer.push(Buffer.from(PUBLISHED_V5.slice(0, bang + 3), 'latin1'))).toEqual([]);
    expect(framer.push(Buffer.from('EE', 'latin1')).map((f) => f.kind)).toEqual(['telegram']);
  });

  it('never throws on arbitrary bytes, and a good telegram after any junk is still read', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (chunks) => {
        const d = decoder();
        for (const chunk of chunks) d.push(Buffer.from(chunk));
        d.push('\r\n', PUBLISHED_V5);
        expect(d.good.at(-1)?.crc).toBe('6EEE');
      }),
      { numRuns: 300 },
    );
  });

  it('reset() forgets a telegram under way', () => {
    const d = decoder();
    d.push(PUBLISHED_V5.slice(0, 500));
    d.decoder.reset();
    d.push(PUBLISHED_V5.slice(500), PUBLISHED_V42);
    expect(d.good.map((t) => t.crc)).toEqual(['6796']);
    expect(d.bad).toEqual([expect.stringMatching(/garbage/)]);
  });
});
