/**
 * The binary frames of a firmware upload over the console line
 * (docs/fw-upload.md). Integers are big-endian; the CRC-32 (IEEE, as zlib's)
 * covers everything after the start byte up to the CRC itself.
 *
 *   DATA     A5 'D' offset:u32 length:u16 data[length] crc:u32   sender → charger
 *   ACK      A5 'A' offset:u32 crc:u32   next offset expected      charger → sender
 *   NAK      A5 'N' offset:u32 crc:u32   resend from offset        charger → sender
 *   ABORT    A5 'X' offset:u32 crc:u32   back to text mode         sender → charger
 */
import { crc32 } from 'node:zlib';

export const SOF = 0xa5;
/** Data bytes in one DATA frame at most. */
export const FRAME_DATA_MAX = 4096;
/** Bytes a DATA frame adds to its data. */
export const DATA_OVERHEAD = 12;
const CONTROL_LENGTH = 10;

const CODES = { data: 0x44, ack: 0x41, nak: 0x4e, abort: 0x58 } as const;
export type FrameType = keyof typeof CODES;
const TYPES = new Map<number, FrameType>(Object.entries(CODES).map(([type, code]) => [code, type as FrameType]));

export type Frame = { type: 'data'; offset: number; data: Buffer } | { type: 'ack' | 'nak' | 'abort'; offset: number };
/** What the parser found: a frame, or a frame whose CRC failed (its bytes are not trusted, not even its offset). */
export type Parsed = Frame | { type: 'corrupt' };

export function encodeData(offset: number, data: Buffer): Buffer {
  if (data.length === 0 || data.length > 0xffff) throw new RangeError(`a DATA frame holds 1..65535 bytes, not ${data.length}`);
  const frame = Buffer.alloc(data.length + DATA_OVERHEAD);
  frame[0] = SOF;
  frame[1] = CODES.data;
  frame.writeUInt32BE(offset, 2);
  frame.writeUInt16BE(data.length, 6);
  data.copy(frame, 8);
  frame.writeUInt32BE(crc32(frame.subarray(1, 8 + data.length)), 8 + data.length);
  return frame;
}

export function encodeControl(type: 'ack' | 'nak' | 'abort', offset: number): Buffer {
  const frame = Buffer.alloc(CONTROL_LENGTH);
  frame[0] = SOF;
  frame[1] = CODES[type];
  frame.writeUInt32BE(offset, 2);
  frame.writeUInt32BE(crc32(frame.subarray(1, 6)), 6);
  return frame;
}

/**
 * Finds frames in received bytes, one at a time (the caller may leave binary
 * mode after any frame and take the rest() as text). Bytes that are no frame
 * are skipped; after a bad CRC the search goes on one byte after that start
 * byte, so a frame whose header was hit is not allowed to swallow the next.
 */
export class FrameParser {
  private buffer: Buffer = Buffer.alloc(0);

  /** `accept`: the frame types this end receives; any other type byte is noise. */
  constructor(
    private readonly accept: readonly FrameType[],
    private readonly maxData = FRAME_DATA_MAX,
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** The next frame, or undefined when more bytes are needed. */
  next(): Parsed | undefined {
    for (;;) {
      const start = this.buffer.indexOf(SOF);
      if (start < 0) {
        this.buffer = Buffer.alloc(0);
        return undefined;
      }
      this.buffer = this.buffer.subarray(start);
      if (this.buffer.length < 2) return undefined;
      const type = TYPES.get(this.buffer[1]!);
      if (!type || !this.accept.includes(type)) {
        this.skip(1);
        continue;
      }
      let length = CONTROL_LENGTH;
      if (type === 'data') {
        if (this.buffer.length < 8) return undefined;
        const size = this.buffer.readUInt16BE(6);
        if (size === 0 || size > this.maxData) {
          this.skip(1);
          continue;
        }
        length = size + DATA_OVERHEAD;
      }
      if (this.buffer.length < length) return undefined;
      const body = this.buffer.subarray(1, length - 4);
      if (crc32(body) !== this.buffer.readUInt32BE(length - 4)) {
        this.skip(1);
        return { type: 'corrupt' };
      }
      const offset = this.buffer.readUInt32BE(2);
      const frame: Frame = type === 'data' ? { type, offset, data: Buffer.from(this.buffer.subarray(8, length - 4)) } : { type, offset };
      this.skip(length);
      return frame;
    }
  }

  /** The bytes not parsed yet (what follows the last frame); empties the parser. */
  rest(): Buffer {
    const rest = this.buffer;
    this.buffer = Buffer.alloc(0);
    return rest;
  }

  private skip(n: number): void {
    this.buffer = this.buffer.subarray(n);
  }
}
