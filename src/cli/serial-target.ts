/**
 * A charger at the other end of a serial cable as a Target. Machine mode:
 * sends `json on`, then one request line at a time, and waits for the one
 * JSON reply line, skipping noise (echo, banners, text) and handing
 * `{"event":...}` lines to onEvent. The serial REPL uses text mode instead
 * (requestText): reply lines up to the `OK` / `ERR` status line.
 */
import { type PortFactory, SerialLink } from './serial-link.js';
import { parseProtocolLine, parseStatusLine, type Target, type TargetEvent, type TargetReply, TargetError } from './target.js';

export interface SerialOptions {
  path: string;
  baud: number;
  /** How long to wait for a reply (default 10 s). */
  timeoutMs?: number;
  /** Tests: a serialport-compatible port (SerialPortMock). */
  createPort?: PortFactory;
  /** Start in text mode (the REPL) instead of sending `json on`. */
  text?: boolean;
  /**
   * A pulled cable is waited for (the REPL): the request under way fails,
   * later ones wait until the port opens again. Without it (one-shot
   * commands) a pulled cable ends the target.
   */
  reconnect?: boolean;
  /** How often to try the port again while the cable is out (default 500 ms). */
  retryMs?: number;
}

export type LinkState = 'lost' | 'back';

type Mode = 'json' | 'text';

interface Waiter {
  mode: Mode;
  line: string;
  /** Nothing received yet for this request: a copy of the request is the charger's echo. */
  fresh: boolean;
  onText?: (line: string) => void;
  resolve(reply: TargetReply): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The prompt a charger's console draws before the echo of a line (`ng9:NG9-0001> `). */
const PROMPT = /^\S*> /;

export class SerialTarget implements Target {
  private readonly eventListeners = new Set<(event: TargetEvent) => void>();
  private readonly textListeners = new Set<(line: string) => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private waiter?: Waiter;
  private mode: Mode = 'text';
  private loggedIn = false;
  private closed = false;
  private linkError?: TargetError;
  private readonly linkListeners = new Set<(state: LinkState, detail: string) => void>();
  /** Resolves when a pulled cable is back (reconnect mode). */
  private back?: Promise<void>;

  private constructor(
    private link: SerialLink,
    private readonly options: SerialOptions,
  ) {
    this.attach(link);
  }

  private attach(link: SerialLink): void {
    link.onLine((line) => this.onLine(line));
    link.onClose((err) => {
      const why = `${link.path} closed${err ? `: ${err.message}` : ''} — check the cable`;
      if (this.options.reconnect && !this.closed) {
        this.waiter?.reject(new TargetError('LINK', why));
        this.back ??= this.waitForCable(why);
        return;
      }
      this.linkError = new TargetError('LINK', why);
      this.waiter?.reject(this.linkError);
    });
  }

  /** Cable pulled (reconnect mode): try the port again until it opens, then take the session up where it was. */
  private async waitForCable(why: string): Promise<void> {
    for (const fn of [...this.linkListeners]) fn('lost', why);
    const retryMs = this.options.retryMs ?? 500;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, retryMs));
      if (this.closed) return;
      try {
        this.link = await SerialLink.open(this.options.path, this.options.baud, this.options.createPort);
        break;
      } catch {
        // not back yet
      }
    }
    this.attach(this.link);
    this.back = undefined;
    if (this.mode === 'json') await this.exchange('json on', 'json').catch(() => undefined);
    for (const fn of [...this.linkListeners]) fn('back', `${this.options.path} is back`);
  }

  /** Told when the cable is pulled and when it is back (reconnect mode). */
  onLink(fn: (state: LinkState, detail: string) => void): () => void {
    this.linkListeners.add(fn);
    return () => this.linkListeners.delete(fn);
  }

  /** Give up on the request under way (Ctrl-C in the REPL); the session goes on. */
  cancel(): void {
    this.waiter?.reject(new TargetError('CANCELLED', 'cancelled'));
  }

  static async open(options: SerialOptions): Promise<SerialTarget> {
    let link: SerialLink;
    try {
      link = await SerialLink.open(options.path, options.baud, options.createPort);
    } catch (err) {
      throw new TargetError('PORT', (err as Error).message, 2);
    }
    const target = new SerialTarget(link, options);
    // `json on` also switches the charger's echo and prompt off; in text mode the echo (behind a prompt) is skipped.
    if (!options.text) {
      try {
        await target.jsonMode();
      } catch (err) {
        await link.close();
        throw err;
      }
    }
    return target;
  }

  get path(): string {
    return this.options.path;
  }

  /** Switch the remote session to machine mode (`json on`). */
  async jsonMode(): Promise<void> {
    const reply = await this.send('json on', 'json');
    if (!reply.ok) throw new TargetError('PROTOCOL', `${this.path} refused 'json on': ${reply.error.message} (${reply.error.code})`);
    this.mode = 'json';
  }

  /** Switch the remote session to text mode (`json off`; its reply is text). */
  async textMode(): Promise<void> {
    await this.send('json off', 'text');
    this.mode = 'text';
  }

  request(line: string): Promise<TargetReply> {
    return this.send(line, 'json');
  }

  /** Text mode: every reply line, the status line included, goes to onText; resolves at the status line. */
  requestText(line: string, onText: (line: string) => void): Promise<TargetReply> {
    return this.send(line, 'text', onText);
  }

  onEvent(fn: (event: TargetEvent) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  /** Text lines that arrive outside a reply (trace, a banner after a reboot). */
  onText(fn: (line: string) => void): () => void {
    this.textListeners.add(fn);
    return () => this.textListeners.delete(fn);
  }

  /** Leave the remote console as a technician expects it: logged out, text mode. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.back) {
      // the cable is out: stop waiting for it
      this.closed = true;
      await this.back;
      await this.link.close();
      return;
    }
    await this.chain;
    this.closed = true;
    if (!this.linkError) {
      const quick = { ...this.options, timeoutMs: Math.min(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 2000) };
      try {
        if (this.loggedIn) await this.exchange('logout', this.mode, undefined, quick.timeoutMs);
        if (this.mode === 'json') await this.exchange('json off', 'text', undefined, quick.timeoutMs);
      } catch {
        // best effort: the port closes anyway
      }
    }
    await this.link.close();
  }

  private send(line: string, mode: Mode, onText?: (line: string) => void): Promise<TargetReply> {
    if (this.closed) return Promise.reject(new TargetError('CLOSED', `${this.path} is closed`));
    const run = this.chain.then(async () => {
      await this.back;
      return this.exchange(line, mode, onText);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private exchange(line: string, mode: Mode, onText?: (line: string) => void, timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS): Promise<TargetReply> {
    if (this.linkError) return Promise.reject(this.linkError);
    return new Promise<TargetReply>((resolve, reject) => {
      const done = () => {
        clearTimeout(waiter.timer);
        this.waiter = undefined;
      };
      const waiter: Waiter = {
        mode,
        line,
        fresh: true,
        onText,
        resolve: (reply) => {
          done();
          this.track(line, reply);
          resolve(reply);
        },
        reject: (err) => {
          done();
          reject(err);
        },
        timer: setTimeout(
          () =>
            waiter.reject(
              new TargetError(
                'TIMEOUT',
                `no reply from ${this.path} within ${timeoutMs / 1000} s to '${line}' — is the charger (or ng9 serve) running, at ${this.options.baud} baud?`,
              ),
            ),
          timeoutMs,
        ),
      };
      this.waiter = waiter;
      this.link.writeLine(line).catch((err: Error) => waiter.reject(new TargetError('LINK', `cannot write to ${this.path}: ${err.message}`)));
    });
  }

  private track(line: string, reply: TargetReply): void {
    if (!reply.ok) return;
    const word = line.trim().split(/\s+/)[0]?.toLowerCase();
    if (word === 'login') this.loggedIn = true;
    else if (word === 'logout') this.loggedIn = false;
  }

  private onLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    const waiter = this.waiter;
    const parsed = parseProtocolLine(line);
    if (parsed.kind === 'event') {
      for (const fn of [...this.eventListeners]) fn(parsed.event);
      return;
    }
    if (waiter?.mode === 'json') {
      if (parsed.kind === 'reply') waiter.resolve(parsed.reply);
      return; // noise: echo, banner, text
    }
    if (waiter?.mode === 'text') {
      const fresh = waiter.fresh;
      waiter.fresh = false;
      if (fresh && line.replace(PROMPT, '').trim() === waiter.line.trim()) return; // a console that echoes what it receives
      // A stray JSON reply can arrive when the remote was left in JSON mode.
      const status = parsed.kind === 'reply' ? parsed.reply : parseStatusLine(line);
      waiter.onText?.(line);
      if (status) waiter.resolve(status);
      return;
    }
    if (line.trim() !== '') for (const fn of [...this.textListeners]) fn(line);
  }
}
