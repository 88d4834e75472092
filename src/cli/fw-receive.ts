/**
 * The charger's end of `ng9 fw upload` (docs/fw-upload.md): the console line
 * `fw receive <size> <sha256hex> [resume]` switches the serial console into
 * binary receive mode. DATA frames are taken in order only (go-back-N): each
 * good one is written to the partial image and ACKed with the next offset
 * expected, a bad CRC or a gap is NAKed with the offset to resend. Once the
 * last byte is in and the SHA-256 matches, the image becomes a file and the
 * console line `fw install <path>` runs: its reply is the transfer's answer.
 * Silence for `idleMs`, an ABORT frame or a pulled cable return to text
 * mode; the partial image stays for `fw receive … resume`.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from '../station/console/tokenize.js';
import { encodeControl, FRAME_DATA_MAX, FrameParser } from './fw-frames.js';

export const DEFAULT_IDLE_MS = 10_000;
/** Largest image accepted (the NG9xx's download partition). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

export interface FwReceiverOptions {
  /** Where the partial image and the finished images are kept (created when needed). */
  dir: string;
  /** Raw bytes (frames) and text (replies) to the line. */
  write(data: Buffer | string): void;
  /** Whether the console session is in JSON mode now (the framing of this module's replies). */
  json(): boolean;
  /** Run a console line on the session; its reply goes to the line like any other. */
  runLine(line: string): Promise<void>;
  /** Back in text mode (a prompt, when a person is at the terminal). */
  onEnd?(): void;
  idleMs?: number;
}

interface Request {
  size: number;
  sha256: string;
  resume: boolean;
}

/** The usage error, or the parsed request of a `fw receive` line. */
export function parseReceiveLine(line: string): Request | string | undefined {
  const words = line.trim().split(/\s+/);
  if (words[0]?.toLowerCase() !== 'fw' || words[1]?.toLowerCase() !== 'receive') return undefined;
  const [size, sha256, resume, ...extra] = words.slice(2);
  const usage = 'usage: fw receive <size> <sha256hex> [resume]';
  if (size === undefined || sha256 === undefined || extra.length > 0) return usage;
  if (resume !== undefined && resume.toLowerCase() !== 'resume') return usage;
  const bytes = Number(size);
  if (!/^\d+$/.test(size) || bytes < 1 || bytes > MAX_IMAGE_BYTES) return `size must be 1..${MAX_IMAGE_BYTES} bytes, got '${size}'`;
  if (!/^[0-9a-f]{64}$/i.test(sha256)) return `sha256 must be 64 hex digits, got '${sha256}'`;
  return { size: bytes, sha256: sha256.toLowerCase(), resume: resume !== undefined };
}

/** The partial image on disk: its bytes and what it is meant to become. */
class PartialImage {
  private fd?: number;
  private hash!: Hash;
  received = 0;

  constructor(
    private readonly dir: string,
    readonly request: Request,
  ) {}

  private get dataPath(): string {
    return join(this.dir, 'upload.part');
  }
  private get metaPath(): string {
    return join(this.dir, 'upload.json');
  }

  /** Continue the partial image of the same size and sha256 when asked to; start afresh otherwise. */
  open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.hash = createHash('sha256');
    let kept: Buffer | undefined;
    if (this.request.resume && existsSync(this.metaPath) && existsSync(this.dataPath)) {
      try {
        const meta = JSON.parse(readFileSync(this.metaPath, 'utf8')) as Partial<Request>;
        if (meta.size === this.request.size && meta.sha256 === this.request.sha256) kept = readFileSync(this.dataPath);
      } catch {
        // an unreadable record: start afresh
      }
    }
    if (kept && kept.length <= this.request.size) {
      this.hash.update(kept);
      this.received = kept.length;
      this.fd = openSync(this.dataPath, 'r+');
    } else {
      writeFileSync(this.metaPath, JSON.stringify({ size: this.request.size, sha256: this.request.sha256 }));
      this.fd = openSync(this.dataPath, 'w');
    }
  }

  append(data: Buffer): void {
    writeSync(this.fd!, data, 0, data.length, this.received);
    this.hash.update(data);
    this.received += data.length;
  }

  /** Stop writing; the bytes stay for a resume. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The image is complete: its file, or the sha256 it has instead of the one asked for (the partial is dropped). */
  finish(): { path: string } | { actual: string } {
    this.close();
    const actual = this.hash.digest('hex');
    rmSync(this.metaPath, { force: true });
    if (actual !== this.request.sha256) {
      rmSync(this.dataPath, { force: true });
      return { actual };
    }
    const path = join(this.dir, `fw-${actual.slice(0, 12)}.fwi`);
    renameSync(this.dataPath, path);
    return { path };
  }
}

export class FwReceiver {
  private image?: PartialImage;
  private parser = new FrameParser(['data', 'abort']);
  private idle?: NodeJS.Timeout;
  /** The offset last NAKed: a gap is NAKed once, not once per frame that follows it. */
  private naked?: number;

  constructor(private readonly options: FwReceiverOptions) {}

  /** In binary receive mode: every received byte goes to feed(). */
  get active(): boolean {
    return this.image !== undefined;
  }

  /** Whether `line` is a `fw receive` line (this module's, not the station console's). */
  static handles(line: string): boolean {
    return parseReceiveLine(line) !== undefined;
  }

  /** Answer a `fw receive` line: refuse it, or reply with the offset to start at and enter binary mode. */
  start(line: string): void {
    const request = parseReceiveLine(line);
    if (request === undefined) return;
    if (typeof request === 'string') return this.finishWith({ ok: false, code: 'BAD_ARGUMENT', message: request });
    const image = new PartialImage(this.options.dir, request);
    try {
      image.open();
    } catch (err) {
      image.close();
      return this.finishWith({ ok: false, code: 'INTERNAL', message: `cannot keep the image in ${this.options.dir}: ${(err as Error).message}` });
    }
    this.image = image;
    this.parser = new FrameParser(['data', 'abort']);
    this.naked = undefined;
    const data = { offset: image.received, size: request.size, sha256: request.sha256, frame: FRAME_DATA_MAX, idleMs: this.idleMs };
    this.reply({
      ok: true,
      data,
      text: [`fw receive: ${request.size} bytes from offset ${image.received}; binary frames of up to ${FRAME_DATA_MAX} bytes now, text again after ${this.idleMs / 1000} s of silence`],
    });
    this.touch();
    if (image.received === request.size) {
      this.options.write(encodeControl('ack', image.received));
      this.completed(image);
    }
  }

  /** Received bytes in binary mode; returns what follows the end of binary mode (text), if it ended. */
  feed(chunk: Buffer): Buffer | undefined {
    const image = this.image;
    if (!image) return chunk;
    this.touch();
    this.parser.push(chunk);
    for (let frame = this.parser.next(); frame; frame = this.parser.next()) {
      if (frame.type === 'abort') {
        this.leave();
        this.finishWith({ ok: false, code: 'CANCELLED', message: `upload aborted by the sender at ${image.received} of ${image.request.size} bytes (kept: 'fw receive … resume' continues)` });
        return this.parser.rest();
      }
      if (frame.type === 'corrupt') {
        this.nak(image.received, true);
        continue;
      }
      if (frame.type !== 'data') continue;
      if (frame.offset < image.received) {
        this.options.write(encodeControl('ack', image.received)); // a resent frame already in: say where we are
        continue;
      }
      if (frame.offset > image.received || frame.offset + frame.data.length > image.request.size) {
        this.nak(image.received, false);
        continue;
      }
      try {
        image.append(frame.data);
      } catch (err) {
        this.leave();
        this.finishWith({ ok: false, code: 'INTERNAL', message: `cannot write the image: ${(err as Error).message}` });
        return this.parser.rest();
      }
      this.options.write(encodeControl('ack', image.received));
      if (image.received === image.request.size) return this.completed(image);
    }
    return undefined;
  }

  /** The line is gone (cable pulled): keep the partial image for a resume. */
  close(): void {
    this.leave();
  }

  private get idleMs(): number {
    return this.options.idleMs ?? DEFAULT_IDLE_MS;
  }

  private nak(offset: number, corrupt: boolean): void {
    if (!corrupt && this.naked === offset) return;
    this.naked = offset;
    this.options.write(encodeControl('nak', offset));
  }

  /** The last byte is in (ACKed): text mode again, and the image checked and handed to `fw install`. */
  private completed(image: PartialImage): Buffer {
    const rest = this.parser.rest();
    this.leave();
    void this.complete(image);
    return rest;
  }

  private async complete(image: PartialImage): Promise<void> {
    let result: ReturnType<PartialImage['finish']>;
    try {
      result = image.finish();
    } catch (err) {
      return this.finishWith({ ok: false, code: 'INTERNAL', message: `cannot store the image: ${(err as Error).message}` });
    }
    if ('actual' in result) {
      return this.finishWith({ ok: false, code: 'BAD_ARGUMENT', message: `the image received has sha256 ${result.actual}, not ${image.request.sha256}: discarded` });
    }
    await this.options.runLine(`fw install ${quote(result.path)}`).catch(() => undefined);
    this.options.onEnd?.();
  }

  private touch(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      const image = this.image;
      if (!image) return;
      this.leave();
      this.finishWith({
        ok: false,
        code: 'TIMEOUT',
        message: `no frame for ${this.idleMs / 1000} s: back to the console; ${image.received} of ${image.request.size} bytes kept, 'fw receive ${image.request.size} ${image.request.sha256} resume' continues`,
      });
    }, this.idleMs);
    this.idle.unref?.();
  }

  /** Back to text mode; the partial image stays on disk. */
  private leave(): void {
    clearTimeout(this.idle);
    this.image?.close();
    this.image = undefined;
  }

  private finishWith(reply: { ok: false; code: string; message: string }): void {
    this.reply(reply);
    this.options.onEnd?.();
  }

  /** A reply in the session's framing (CONSOLE.md): one JSON line, or text lines and OK / ERR. */
  private reply(reply: { ok: true; data: object; text: string[] } | { ok: false; code: string; message: string }): void {
    let lines: string[];
    if (this.options.json()) {
      lines = [JSON.stringify(reply.ok ? { ok: true, data: reply.data } : { ok: false, error: { code: reply.code, message: reply.message } })];
    } else {
      lines = reply.ok ? [...reply.text, 'OK'] : [`ERR ${reply.code} ${reply.message}`];
    }
    this.options.write(lines.map((l) => `${l}\r\n`).join(''));
  }
}
