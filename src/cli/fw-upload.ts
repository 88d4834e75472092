/**
 * The technician's end of `ng9 fw upload` (docs/fw-upload.md): JSON mode,
 * the service login when given, `fw receive <size> <sha256> resume`, then
 * DATA frames with a window of several in flight (go-back-N: an ACK moves
 * the window, a NAK or silence sends again from the offset the charger
 * expects), and at last the charger's reply to `fw install`: the answer.
 * A pulled cable is waited for, then the upload resumes where the charger's
 * partial image ends. No oclif and no terminal here: the command renders.
 */
import { createHash } from 'node:crypto';
import { DATA_OVERHEAD, encodeControl, encodeData, FRAME_DATA_MAX, FrameParser } from './fw-frames.js';
import { loginLine } from './lines.js';
import { parseProtocolLine, parseStatusLine, TargetError, type TargetReply } from './target.js';

/** The part of SerialLink an upload needs (an in-memory pair in tests). */
export interface ByteLink {
  write(data: Buffer | string): void;
  onBytes(fn: (chunk: Buffer) => void): () => void;
  onClose(fn: (err?: Error) => void): () => void;
  close(): Promise<void>;
}

export interface UploadProgress {
  /** bytes the charger has (acknowledged) */
  acked: number;
  size: number;
  /** where this run started: bytes the charger already had */
  resumedFrom: number;
}

export interface UploadOptions {
  /** Open the line; throws (a TargetError) when the port cannot be opened. */
  open(): Promise<ByteLink>;
  /** Where, for messages. */
  path: string;
  servicePassword?: string;
  /** DATA frames in flight (default 4). */
  window?: number;
  /** Data bytes per frame (default and at most what the charger announces, 4096). */
  frameSize?: number;
  /** Line rate in bytes/s: sets the resend timeout (default 11520, 115200 baud 8N1). */
  lineRate?: number;
  /** Emulate the line: never write faster than this many bytes/s (bench over a pty, which has no baud rate). */
  pace?: number;
  /** Seconds-scale wait for a console reply (default 10 s). */
  replyTimeoutMs?: number;
  /** Wait for the answer to `fw install` (default 120 s). */
  installTimeoutMs?: number;
  /** How often to try the port again while the cable is out (default 500 ms). */
  retryMs?: number;
  signal?: AbortSignal;
  onProgress?(progress: UploadProgress): void;
  onLink?(state: 'lost' | 'back', detail: string): void;
}

export interface UploadResult {
  size: number;
  sha256: string;
  /** bytes sent in this run (the image less what the charger already had) */
  sent: number;
  resumedFrom: number;
  seconds: number;
  /** sent bytes per second */
  rate: number;
  /** frames sent again (NAK, timeout) */
  resent: number;
  /** times the cable came back */
  reconnects: number;
  /** the offset each reconnect resumed at */
  resumedAt: number[];
  /** the charger's reply to `fw install` (or why it refused the image) */
  answer: TargetReply;
}

class LinkLost extends Error {}
class Stalled extends Error {}

export const DEFAULT_LINE_RATE = 11_520;
const QUIET_MS = 200;

/**
 * One open line as the sender reads it: text lines (replies, skipping echo,
 * prompts and events) or, between `fw receive` and the last ACK, frames.
 */
class Wire {
  private text: Buffer = Buffer.alloc(0);
  private binary = false;
  private binaryEnd = 0;
  private readonly frames = new FrameParser(['ack', 'nak']);
  private replyWaiter?: (reply: TargetReply) => void;
  /** The reply awaited may be a text status line (`OK`, `ERR …`). */
  private textReplies = false;
  private lost?: LinkLost;
  private readonly lostListeners = new Set<(err: LinkLost) => void>();
  onFrame?: (frame: { type: 'ack' | 'nak'; offset: number }) => void;
  private readonly offs: Array<() => void>;

  constructor(
    readonly link: ByteLink,
    path: string,
    private readonly signal?: AbortSignal,
  ) {
    this.offs = [
      link.onBytes((chunk) => this.push(chunk)),
      link.onClose((err) => {
        this.lost = new LinkLost(`${path} closed${err ? `: ${err.message}` : ''}`);
        for (const fn of [...this.lostListeners]) fn(this.lost);
      }),
    ];
  }

  dispose(): void {
    for (const off of this.offs) off();
  }

  /** Rejects when the line goes, from now on. */
  whenLost(): { promise: Promise<never>; off(): void } {
    let fn: (err: LinkLost) => void = () => undefined;
    const promise = new Promise<never>((_, reject) => {
      fn = reject;
      if (this.lost) reject(this.lost);
    });
    promise.catch(() => undefined);
    this.lostListeners.add(fn);
    return { promise, off: () => this.lostListeners.delete(fn) };
  }

  write(data: Buffer | string): void {
    if (this.lost) throw this.lost;
    this.link.write(data);
  }

  /** Send a console line and wait for its reply; with `binaryUntil` an OK reply starts binary mode. */
  async request(line: string, timeoutMs: number, binaryUntil?: number, abortable = true): Promise<TargetReply> {
    this.write(`${line}\r\n`);
    const reply = await this.nextReply(timeoutMs, `'${line.split(' ').slice(0, 2).join(' ')}'`, abortable);
    if (binaryUntil !== undefined && reply.ok) this.enterBinary(binaryUntil);
    return reply;
  }

  /** The next reply line (JSON), skipping noise and events; Ctrl-C gives up waiting unless `abortable` is false. */
  nextReply(timeoutMs: number, what: string, abortable = true, text = false): Promise<TargetReply> {
    const lost = this.whenLost();
    let timer: NodeJS.Timeout | undefined;
    let onAbort = () => undefined as void;
    const reply = new Promise<TargetReply>((resolve, reject) => {
      this.replyWaiter = resolve;
      this.textReplies = text;
      timer = setTimeout(() => reject(new TargetError('TIMEOUT', `no reply to ${what} within ${timeoutMs / 1000} s — is the charger (or ng9 serve) running, at the right baud rate?`)), timeoutMs);
      onAbort = () => reject(new TargetError('CANCELLED', `cancelled while waiting for the reply to ${what}`, 130));
      if (abortable) this.signal?.addEventListener('abort', onAbort, { once: true });
      this.drainText();
    });
    return Promise.race([reply, lost.promise]).finally(() => {
      clearTimeout(timer);
      lost.off();
      this.signal?.removeEventListener('abort', onAbort);
      this.replyWaiter = undefined;
    });
  }

  /**
   * Leave the console as a technician expects it: after the charger's
   * reply to an ABORT, if any, logged out and in text mode. Best effort.
   */
  async settle(loggedIn: boolean): Promise<void> {
    try {
      if (this.binary) {
        this.leaveBinary();
        await this.nextReply(1000, "'abort'", false);
      }
    } catch {
      // no reply to the abort: on with the rest
    }
    try {
      if (loggedIn) await this.request('logout', 2000, undefined, false);
      this.write('json off\r\n'); // its reply is text
      await this.nextReply(2000, "'json off'", false, true);
    } catch {
      // the answer is in already
    }
  }

  /** Throw away what arrives for a moment (after an ABORT, the tail of frames, the echo of garbage). */
  async quiet(ms = QUIET_MS): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.text = Buffer.alloc(0);
    this.frames.rest();
  }

  /** Frames from now on, until the charger ACKs `end` (then text again, at once: its answer follows the ACK). */
  enterBinary(end: number): void {
    this.binaryEnd = end;
    this.binary = true;
    if (this.text.length) this.frames.push(this.text);
    this.text = Buffer.alloc(0);
  }

  /** The charger left binary mode: what follows is text. */
  leaveBinary(): void {
    this.binary = false;
    this.text = this.frames.rest();
  }

  private push(chunk: Buffer): void {
    if (!this.binary) {
      this.text = this.text.length ? Buffer.concat([this.text, chunk]) : chunk;
      this.drainText();
      return;
    }
    this.frames.push(chunk);
    this.readFrames();
  }

  /** Hand the frames received so far to onFrame (also those that came with the reply that started binary mode). */
  readFrames(): void {
    for (let frame = this.frames.next(); frame && this.binary; frame = this.frames.next()) {
      if (frame.type === 'ack' || frame.type === 'nak') this.onFrame?.({ type: frame.type, offset: frame.offset });
      if (frame.type === 'ack' && frame.offset >= this.binaryEnd) this.leaveBinary();
    }
    if (!this.binary) this.drainText();
  }

  private drainText(): void {
    for (let i = this.text.indexOf(0x0a); i >= 0 && this.replyWaiter && !this.binary; i = this.text.indexOf(0x0a)) {
      const line = this.text.subarray(0, i).toString('utf8');
      this.text = this.text.subarray(i + 1);
      const parsed = parseProtocolLine(line);
      const reply = parsed.kind === 'reply' ? parsed.reply : this.textReplies ? parseStatusLine(line) : undefined;
      if (!reply) continue;
      const waiter = this.replyWaiter;
      this.replyWaiter = undefined;
      waiter(reply);
    }
    if (this.text.length > 65_536) this.text = Buffer.alloc(0); // no line: noise
  }
}

/** Upload `image`; resolves with the charger's answer, rejects with a TargetError (CANCELLED on abort). */
export async function uploadImage(image: Buffer, options: UploadOptions): Promise<UploadResult> {
  const size = image.length;
  const sha256 = createHash('sha256').update(image).digest('hex');
  const replyTimeoutMs = options.replyTimeoutMs ?? 10_000;
  const loggedIn = options.servicePassword !== undefined;
  const started = Date.now();
  let resumedFrom: number | undefined;
  let resent = 0;
  let reconnects = 0;
  const resumedAt: number[] = [];
  let link = await options.open();
  for (;;) {
    const wire = new Wire(link, options.path, options.signal);
    try {
      cancelled(options.signal);
      // The charger may still be in binary mode (its end did not see the cable go, or an
      // earlier sender was killed): ABORT ends it; Ctrl-U and Enter clear a half-typed line.
      wire.write(Buffer.concat([encodeControl('abort', 0), Buffer.from('\x15\r\n')]));
      await wire.quiet();
      let json: TargetReply;
      try {
        // after a reconnect the charger's end may open its port a moment after ours: ask again until it answers
        json = await wire.request('json on', reconnects ? Math.min(2000, replyTimeoutMs) : replyTimeoutMs);
      } catch (err) {
        if (reconnects && err instanceof TargetError && err.code === 'TIMEOUT') continue;
        throw err;
      }
      if (!json.ok) throw new TargetError('PROTOCOL', `${options.path} refused 'json on': ${json.error.message} (${json.error.code})`);
      let answer = loggedIn ? await wire.request(loginLine(options.servicePassword!), replyTimeoutMs) : undefined;
      if (answer?.ok !== false) {
        const ready = await wire.request(`fw receive ${size} ${sha256} resume`, replyTimeoutMs, size);
        answer = ready;
        if (ready.ok) {
          const offer = ready.data as { offset?: number; frame?: number };
          const from = Number(offer.offset ?? 0);
          const frame = Math.min(options.frameSize ?? FRAME_DATA_MAX, Number(offer.frame) || FRAME_DATA_MAX);
          resumedFrom ??= from;
          if (reconnects > resumedAt.length) resumedAt.push(from);
          options.onProgress?.({ acked: from, size, resumedFrom });
          try {
            resent += await sendFrames(wire, image, from, frame, { ...options, resumedFrom });
          } catch (err) {
            if (err instanceof TargetError && err.code === 'CANCELLED') await wire.settle(loggedIn);
            throw err;
          }
          answer = await wire.nextReply(options.installTimeoutMs ?? 120_000, "'fw install'");
        }
      }
      await wire.settle(loggedIn);
      const seconds = (Date.now() - started) / 1000;
      const sent = resumedFrom === undefined ? 0 : size - resumedFrom;
      await link.close().catch(() => undefined);
      return { size, sha256, sent, resumedFrom: resumedFrom ?? 0, seconds, rate: seconds > 0 ? sent / seconds : 0, resent, reconnects, resumedAt, answer };
    } catch (err) {
      if (err instanceof Stalled) continue; // the same line, from the top: the charger says where it is
      if (!(err instanceof LinkLost)) {
        await link.close().catch(() => undefined);
        throw err;
      }
      options.onLink?.('lost', `${err.message} — cable pulled — waiting`);
      link = await reopen(options);
      reconnects++;
      options.onLink?.('back', `${options.path} is back: resuming`);
    } finally {
      wire.dispose();
    }
  }
}

function cancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new TargetError('CANCELLED', 'upload cancelled', 130);
}

async function reopen(options: UploadOptions): Promise<ByteLink> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 500));
    cancelled(options.signal);
    try {
      return await options.open();
    } catch {
      // not back yet
    }
  }
}

/**
 * Go-back-N from `from` until the charger ACKs the last byte. Resolves with
 * the number of frames sent again; rejects with LinkLost, Stalled (no ACK
 * after several resends) or CANCELLED.
 */
function sendFrames(wire: Wire, image: Buffer, from: number, frame: number, options: UploadOptions & { resumedFrom: number }): Promise<number> {
  const size = image.length;
  const windowBytes = (options.window ?? 4) * frame;
  const lineRate = options.pace ?? options.lineRate ?? DEFAULT_LINE_RATE;
  // a full window queued in the port drains at the line rate before its last ACK can come
  const ackTimeoutMs = 1000 + (2000 * (windowBytes + (options.window ?? 4) * DATA_OVERHEAD)) / lineRate;
  return new Promise<number>((resolve, reject) => {
    let base = from;
    let next = from;
    let resent = 0;
    let timeouts = 0;
    let lastAck = Date.now();
    let lineFreeAt = Date.now();
    let pumping = false;
    let ended = false;
    const lost = wire.whenLost();
    const end = (err?: Error) => {
      if (ended) return;
      ended = true;
      clearInterval(watchdog);
      lost.off();
      options.signal?.removeEventListener('abort', onAbort);
      wire.onFrame = undefined;
      if (err) reject(err);
      else resolve(resent);
    };
    const pump = async () => {
      if (pumping) return;
      pumping = true;
      try {
        while (!ended && next < size && next - base < windowBytes) {
          if (options.pace) {
            // the frame arrives whole at the far end when its last byte has crossed the line
            const due = Math.max(lineFreeAt, Date.now()) + (1000 * (Math.min(frame, size - next) + DATA_OVERHEAD)) / options.pace;
            await new Promise((r) => setTimeout(r, due - Date.now()));
            lineFreeAt = due;
            if (ended || next >= size) break; // an ACK or NAK may have moved the window meanwhile
          }
          const length = Math.min(frame, size - next);
          wire.write(encodeData(next, image.subarray(next, next + length)));
          next += length;
        }
      } catch (err) {
        end(err as Error);
      } finally {
        pumping = false;
      }
    };
    wire.onFrame = (f) => {
      if (f.type === 'ack') {
        if (f.offset <= base) return;
        base = Math.min(f.offset, size);
        if (next < base) next = base;
        lastAck = Date.now();
        timeouts = 0;
        options.onProgress?.({ acked: base, size, resumedFrom: options.resumedFrom });
        if (base >= size) return end();
      } else {
        if (f.offset < base || f.offset > next) return;
        resent += Math.ceil((next - f.offset) / frame);
        base = f.offset;
        next = f.offset;
        lastAck = Date.now();
      }
      void pump();
    };
    const watchdog = setInterval(() => {
      if (Date.now() - lastAck < ackTimeoutMs) return;
      if (++timeouts > 3) return end(new Stalled('no acknowledgement'));
      resent += Math.ceil((next - base) / frame);
      next = base;
      lastAck = Date.now();
      void pump();
    }, 100);
    const onAbort = () => {
      try {
        wire.write(encodeControl('abort', 0));
      } catch {
        // the line is gone anyway
      }
      end(new TargetError('CANCELLED', `upload cancelled at ${base} of ${size} bytes; the charger keeps them: the same upload again resumes there`, 130));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    lost.promise.catch((err: Error) => end(err));
    wire.readFrames();
    if (base >= size) return end(); // the charger had it all already
    void pump();
  });
}
