/**
 * Finds P1 telegrams in a byte stream: a telegram runs from `/` to `!` and
 * the CRC digits after it (4, or 3 from a meter that drops a leading zero). Works on bytes, not text, so any junk
 * (line noise, non-UTF-8 bytes, the tail of a telegram the reader joined
 * half-way) is set aside without touching the CRC-protected bytes.
 *
 * Reported as bad: non-blank bytes between telegrams, a telegram cut short
 * by the next `/`, a telegram longer than `maxLength` (however its bytes
 * arrive: in one piece or many, the same verdict), and a malformed CRC field. A whole telegram is handed on as is; its CRC and
 * content are the parser's job.
 */
export type Frame = { kind: 'telegram'; bytes: Buffer } | { kind: 'bad'; reason: string };

const SLASH = 0x2f;
const BANG = 0x21;
const CR = 0x0d;
const LF = 0x0a;

/** DSMR 5 telegrams are 1–2 KB; the longest legal text message (0-0:96.13.0, 1024 chars hex-encoded) fits well within. */
export const MAX_TELEGRAM_BYTES = 16 * 1024;

export class TelegramFramer {
  private buffer = Buffer.alloc(0);
  /** True while buffer holds a telegram under way (it starts with `/`). */
  private inTelegram = false;
  /** Non-blank bytes seen since the last telegram (reported once the next telegram starts). */
  private garbage = 0;
  /** Bytes of the telegram under way already dropped because it grew past maxLength (0: none). */
  private dropped = 0;

  constructor(private readonly maxLength = MAX_TELEGRAM_BYTES) {}

  push(chunk: Uint8Array): Frame[] {
    const frames: Frame[] = [];
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.inTelegram) {
        if (!this.seekStart(frames)) break;
        continue;
      }
      if (!this.seekEnd(frames)) break;
    }
    return frames;
  }

  /** Bytes held for a telegram that has not ended yet. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Between telegrams: skip to the next `/`. */
  private seekStart(frames: Frame[]): boolean {
    const start = this.buffer.indexOf(SLASH);
    const skipped = start < 0 ? this.buffer : this.buffer.subarray(0, start);
    this.garbage += countNonBlank(skipped);
    if (start < 0) {
      this.buffer = Buffer.alloc(0);
      if (this.garbage > this.maxLength) this.reportGarbage(frames);
      return false;
    }
    this.reportGarbage(frames);
    this.buffer = this.buffer.subarray(start);
    this.inTelegram = true;
    return true;
  }

  /** Inside a telegram: look for `!` and its CRC; a new `/` first means this one was cut short. */
  private seekEnd(frames: Frame[]): boolean {
    const buf = this.buffer;
    // once bytes were dropped the buffer no longer starts with this telegram's `/`
    for (let i = this.dropped > 0 ? 0 : 1; i < buf.length; i++) {
      const byte = buf[i]!;
      if (byte === SLASH) {
        frames.push(this.dropped > 0 ? this.tooLong() : { kind: 'bad', reason: `truncated telegram (${i} bytes, next telegram began before its end)` });
        this.endTelegram(i);
        return true;
      }
      if (byte !== BANG) continue;
      let digits = 0;
      while (digits < 4 && i + 1 + digits < buf.length && isHex(buf[i + 1 + digits]!)) digits++;
      const next = i + 1 + digits;
      const lineEnd = next < buf.length && (buf[next] === CR || buf[next] === LF);
      if (digits === 4 || ((digits === 0 || digits === 3) && lineEnd)) {
        frames.push(this.dropped + next > this.maxLength ? this.tooLong() : { kind: 'telegram', bytes: Buffer.from(buf.subarray(0, next)) });
      } else if (next < buf.length) {
        frames.push(this.dropped > 0 ? this.tooLong() : { kind: 'bad', reason: 'malformed CRC after !' });
      } else {
        return this.waitForMore();
      }
      this.endTelegram(next);
      return true;
    }
    return this.waitForMore();
  }

  /** Past maxLength: drop what was read (keeping a possible `!` and CRC digits), remember how much. */
  private waitForMore(): false {
    if (this.dropped + this.buffer.length > this.maxLength) {
      const keep = Math.min(this.buffer.length, 5);
      this.dropped += this.buffer.length - keep;
      this.buffer = this.buffer.subarray(this.buffer.length - keep);
    }
    return false;
  }

  private tooLong(): Frame {
    return { kind: 'bad', reason: `telegram longer than ${this.maxLength} bytes` };
  }

  private endTelegram(next: number): void {
    this.buffer = this.buffer.subarray(next);
    this.inTelegram = false;
    this.dropped = 0;
  }

  private reportGarbage(frames: Frame[]): void {
    if (this.garbage === 0) return;
    frames.push({ kind: 'bad', reason: `${this.garbage} bytes of garbage between telegrams` });
    this.garbage = 0;
  }
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Line ends, spaces and NULs between telegrams are no garbage. */
function countNonBlank(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b !== CR && b !== LF && b !== 0x20 && b !== 0x00) n++;
  return n;
}
