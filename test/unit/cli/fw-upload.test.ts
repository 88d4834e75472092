/**
 * `ng9 fw upload` over an in-memory cable: the frame codec, and the sender
 * (fw-upload.ts) against the charger's console (serveConsole + fw-receive.ts)
 * on a real in-memory station.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeControl, encodeData, FrameParser } from '../../../src/cli/fw-frames.js';
import { type ByteLink, type UploadOptions, uploadImage } from '../../../src/cli/fw-upload.js';
import { serveConsole } from '../../../src/cli/serve.js';
import { Station } from '../../../src/station/station.js';
import { waitFor } from '../../support/wait.js';

describe('fw upload frames', () => {
  it('round-trips DATA and control frames, across chunk boundaries and noise', () => {
    const data = randomBytes(1000);
    const wire = Buffer.concat([Buffer.from('noise\r\n{"event":"x"}\r\n'), encodeData(4096, data), encodeControl('ack', 5096), encodeControl('abort', 0)]);
    const parser = new FrameParser(['data', 'ack', 'abort']);
    const frames = [];
    for (let i = 0; i < wire.length; i += 7) {
      parser.push(wire.subarray(i, i + 7));
      for (let f = parser.next(); f; f = parser.next()) frames.push(f);
    }
    expect(frames).toEqual([{ type: 'data', offset: 4096, data }, { type: 'ack', offset: 5096 }, { type: 'abort', offset: 0 }]);
  });

  it('reports a frame with a bad CRC as corrupt and finds the next one behind it', () => {
    const bad = encodeData(0, Buffer.from('hello firmware'));
    bad[10] ^= 0x01;
    const parser = new FrameParser(['data']);
    parser.push(Buffer.concat([bad, encodeData(0, Buffer.from('hello firmware'))]));
    expect(parser.next()).toEqual({ type: 'corrupt' });
    expect(parser.next()).toEqual({ type: 'data', offset: 0, data: Buffer.from('hello firmware') });
    expect(parser.next()).toBeUndefined();
  });

  it('leaves the bytes after a frame for the text that follows', () => {
    const parser = new FrameParser(['ack']);
    parser.push(Buffer.concat([encodeControl('ack', 10), Buffer.from('{"ok":true,"data":null}\r\n')]));
    expect(parser.next()).toEqual({ type: 'ack', offset: 10 });
    expect(parser.rest().toString()).toBe('{"ok":true,"data":null}\r\n');
  });
});

/** One end of an in-memory cable; `tamper` may change what this end writes. */
class MemoryEnd implements ByteLink {
  peer!: MemoryEnd;
  closed = false;
  tamper?: (chunk: Buffer) => Buffer | undefined;
  private readonly bytes = new Set<(chunk: Buffer) => void>();
  private readonly closes = new Set<(err?: Error) => void>();
  written = 0;

  write(data: Buffer | string): void {
    if (this.closed) return;
    let chunk: Buffer | undefined = Buffer.from(data);
    this.written += chunk.length;
    chunk = this.tamper ? this.tamper(chunk) : chunk;
    if (!chunk) return;
    const peer = this.peer;
    setImmediate(() => {
      if (!peer.closed) for (const fn of [...peer.bytes]) fn(chunk);
    });
  }
  onBytes(fn: (chunk: Buffer) => void): () => void {
    this.bytes.add(fn);
    return () => this.bytes.delete(fn);
  }
  onClose(fn: (err?: Error) => void): () => void {
    this.closes.add(fn);
    return () => this.closes.delete(fn);
  }
  async close(): Promise<void> {
    this.end();
  }
  end(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of [...this.closes]) fn();
  }
}

function cable(): { charger: MemoryEnd; sender: MemoryEnd; pull(): void } {
  const charger = new MemoryEnd();
  const sender = new MemoryEnd();
  charger.peer = sender;
  sender.peer = charger;
  return {
    charger,
    sender,
    pull() {
      charger.end();
      sender.end();
    },
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('fw upload over an in-memory cable to a served console', () => {
  let station: Station;
  let dir: string;
  let stopConsole: (() => void) | undefined;

  beforeEach(() => {
    station = Station.open({ id: 'CP-FW' });
    dir = mkdtempSync(join(tmpdir(), 'ng9-fw-unit-'));
  });
  afterEach(async () => {
    stopConsole?.();
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function plug(fwIdleMs = 2000) {
    const c = cable();
    stopConsole = await serveConsole(station, c.charger, { fwDir: dir, fwIdleMs });
    return c;
  }

  // each upload opens the port afresh, as a SerialLink would
  const options = (c: { sender: MemoryEnd }, extra: Partial<UploadOptions> = {}): UploadOptions => ({
    open: async () => {
      c.sender.closed = false;
      return c.sender;
    },
    path: 'mem',
    retryMs: 20,
    replyTimeoutMs: 2000,
    ...extra,
  });

  const received = () => readdirSync(dir).filter((f) => f.endsWith('.fwi'));

  it('delivers the image, runs `fw install <path>` and passes its answer back', async () => {
    const c = await plug();
    const image = randomBytes(50_000);
    const progress: number[] = [];
    const result = await uploadImage(image, options(c, { onProgress: (p) => progress.push(p.acked) }));
    expect(result).toMatchObject({ size: 50_000, sha256: sha(image), sent: 50_000, resumedFrom: 0, resent: 0 });
    // fw install belongs to the station console; whatever it answers is the answer
    expect(result.answer).toHaveProperty('ok');
    if (!result.answer.ok) expect(result.answer.error.code).not.toBe('TIMEOUT');
    expect(progress.at(-1)).toBe(50_000);
    const [file] = received();
    expect(sha(readFileSync(join(dir, file!)))).toBe(sha(image));
  });

  it('a corrupted frame is NAKed and sent again, never written', async () => {
    const c = await plug();
    const image = randomBytes(40_000);
    const spoil = new Set([8192, 32_768]);
    c.sender.tamper = (chunk) => {
      // the first sending of two DATA frames gets a flipped bit
      if (chunk[0] === 0xa5 && chunk[1] === 0x44 && spoil.delete(chunk.readUInt32BE(2))) {
        const bad = Buffer.from(chunk);
        bad[100] ^= 0x40;
        return bad;
      }
      return chunk;
    };
    const naks: number[] = [];
    const seen = new FrameParser(['nak']);
    c.charger.tamper = (chunk) => {
      seen.push(chunk);
      for (let f = seen.next(); f; f = seen.next()) if (f.type === 'nak') naks.push(f.offset);
      return chunk;
    };
    const result = await uploadImage(image, options(c));
    // (a resync inside a spoiled frame may find a false start whose CRC fails too: a second NAK of the same offset)
    expect([...new Set(naks)]).toEqual([8192, 32_768]);
    expect(result.resent).toBeGreaterThan(0);
    expect(sha(readFileSync(join(dir, received()[0]!)))).toBe(sha(image));
  });

  it('a pulled cable is waited for, and the upload resumes at the offset the charger has', async () => {
    let c = await plug();
    const image = randomBytes(120_000);
    let plugged = true;
    const states: string[] = [];
    let pulled = false;
    const upload = uploadImage(
      image,
      options(c, {
        open: async () => {
          if (!plugged) throw new Error('no such port');
          return c.sender;
        },
        onProgress: (p) => {
          if (!pulled && p.acked >= 40_000) {
            pulled = true;
            plugged = false;
            c.pull();
            stopConsole?.();
            setTimeout(async () => {
              c = await plug();
              plugged = true;
            }, 100);
          }
        },
        onLink: (state) => states.push(state),
      }),
    );
    const result = await upload;
    expect(states).toEqual(['lost', 'back']);
    expect(result.reconnects).toBe(1);
    expect(result.sent).toBe(120_000);
    // after the cable came back the charger did not need the first 40 000 bytes again
    expect(c.sender.written).toBeLessThan(120_000 - 30_000);
    expect(sha(readFileSync(join(dir, received()[0]!)))).toBe(sha(image));
  });

  it('a later `fw receive … resume` of the same image continues from the partial image', async () => {
    const c = await plug();
    const image = randomBytes(30_000);
    const controller = new AbortController();
    await expect(
      uploadImage(image, options(c, { signal: controller.signal, onProgress: (p) => p.acked >= 8192 && controller.abort() })),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(join(dir, 'upload.part'))).toBe(true);
    const again = await uploadImage(image, options(c));
    expect(again.resumedFrom).toBeGreaterThanOrEqual(8192);
    expect(again.sent).toBe(30_000 - again.resumedFrom);
    expect(sha(readFileSync(join(dir, received()[0]!)))).toBe(sha(image));
  });

  it('an image whose sha256 is not the one announced is refused and discarded', async () => {
    const c = await plug();
    const image = randomBytes(10_000);
    c.sender.tamper = (chunk) => {
      const text = chunk.toString('latin1');
      // announce another image of the same size
      return text.startsWith('fw receive') ? Buffer.from(text.replace(/[0-9a-f]{64}/, 'ab'.repeat(32))) : chunk;
    };
    const result = await uploadImage(image, options(c));
    expect(result.answer).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT', message: expect.stringMatching(/sha256 .* not abab/) } });
    expect(received()).toEqual([]);
    expect(existsSync(join(dir, 'upload.part'))).toBe(false);
  });

  it('a sender gone silent: after the timeout the console is text again and answers lines', async () => {
    const c = await plug(300);
    const lines: string[] = [];
    c.sender.onBytes((chunk) => lines.push(...chunk.toString('latin1').split(/\r?\n/).filter(Boolean)));
    c.sender.write('echo off\r\n');
    await waitFor(() => lines.includes('OK'), 'echo off');
    c.sender.write(`fw receive 100000 ${'0'.repeat(64)}\r\n`);
    await waitFor(() => lines.some((l) => l.startsWith('fw receive: 100000 bytes from offset 0')), 'ready');
    c.sender.write(encodeData(0, randomBytes(4096)));
    await waitFor(() => lines.some((l) => l.startsWith('ERR TIMEOUT no frame for 0.3 s')), 'timeout', 3000);
    expect(lines.join('\n')).toMatch(/4096 of 100000 bytes kept/);
    lines.length = 0;
    c.sender.write('version\r\n');
    await waitFor(() => lines.includes('OK'), 'version answered');
    expect(lines.join('\n')).toMatch(/6\.0\.0/);
  });

  it('a bad `fw receive` line is a usage error and leaves text mode alone', async () => {
    const c = await plug();
    const lines: string[] = [];
    c.sender.onBytes((chunk) => lines.push(...chunk.toString('latin1').split(/\r?\n/).filter(Boolean)));
    c.sender.write('json on\r\nfw receive 12 nothex\r\n');
    await waitFor(() => lines.some((l) => l.includes('BAD_ARGUMENT')), 'refusal');
    expect(lines.at(-1)).toMatch(/"sha256 must be 64 hex digits/);
  });
});

describe('fw upload progress', () => {
  it('shows bytes, rate of this run and ETA, with a bar on a terminal', async () => {
    const { progressLine } = await import('../../../src/cli/fw-progress.js');
    expect(progressLine({ acked: 131_072, size: 262_144, resumedFrom: 65_536 }, 5, 10)).toBe('[█████░░░░░]   50%  128.0 KiB/256.0 KiB  12.8 KiB/s  ETA 0:10');
    expect(progressLine({ acked: 0, size: 1000, resumedFrom: 0 }, 0)).toBe('  0%  0.0 KiB/1.0 KiB  0.0 KiB/s  ETA --:--');
  });
});
