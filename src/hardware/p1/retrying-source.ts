import type { Clock, Timer } from '../../station/clock.js';
import { Listeners } from '../../station/listeners.js';
import { TelegramDecoder } from './decoder.js';
import type { ParseOptions } from './parser.js';
import type { P1Source, P1SourceState, SourceLog } from './source.js';
import type { Telegram } from './telegram.js';

export interface RetryOptions {
  clock: Clock;
  log?: SourceLog;
  /** First retry delay; doubles on every failed attempt up to backoffMaxMs. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** How telegrams are judged (e.g. whether a DSMR 2.2 / 3 telegram without CRC can come on this line). */
  parse?: ParseOptions;
}

export const DEFAULT_BACKOFF_MIN_MS = 1_000;
export const DEFAULT_BACKOFF_MAX_MS = 60_000;

/** An open link to the meter; close() ends it without reporting a loss. */
export interface OpenLink {
  close(): Promise<void>;
}

export interface LinkHandlers {
  data(chunk: Buffer): void;
  /** The link ended by itself (peer closed, cable pulled, error). */
  lost(reason: string): void;
}

/**
 * A P1 source that keeps its link up: on a failed attempt or a lost link it
 * retries after a back-off delay on the station clock, doubling from
 * backoffMinMs to backoffMaxMs; the delay starts over once a good telegram
 * arrived (release notes 6.0.0: "Add retries on loss of connection and a
 * backoff delay to P1 over telnet").
 */
export abstract class RetryingSource implements P1Source {
  readonly telegrams = new Listeners<Telegram>();
  readonly bad = new Listeners<string>();
  readonly stateChanged = new Listeners<P1SourceState>();
  abstract readonly description: string;
  protected readonly clock: Clock;
  private readonly log: SourceLog;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private delay: number;
  private current: P1SourceState = 'disconnected';
  private running = false;
  /** Bumped whenever the current attempt/link is abandoned: late callbacks of an old one are ignored. */
  private generation = 0;
  private link?: OpenLink;
  private retryTimer?: Timer;
  private readonly decoder: TelegramDecoder;

  constructor(options: RetryOptions) {
    this.clock = options.clock;
    this.log = options.log ?? (() => undefined);
    this.minDelay = options.backoffMinMs ?? DEFAULT_BACKOFF_MIN_MS;
    this.maxDelay = options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS;
    this.delay = this.minDelay;
    this.decoder = new TelegramDecoder(
      (telegram) => {
        this.delay = this.minDelay;
        this.telegrams.emit(telegram);
      },
      (reason) => this.bad.emit(reason),
      options.parse,
    );
  }

  get state(): P1SourceState {
    return this.current;
  }

  /** The delay before the next retry (what a failure now would wait). */
  get nextRetryDelayMs(): number {
    return this.delay;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.delay = this.minDelay;
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const link = this.link;
    this.link = undefined;
    await link?.close().catch(() => undefined);
    this.setState('disconnected');
  }

  /** Open the link; reject when it cannot be opened. */
  protected abstract open(handlers: LinkHandlers): Promise<OpenLink>;

  private async attempt(): Promise<void> {
    const generation = ++this.generation;
    this.retryTimer = undefined;
    this.decoder.reset();
    this.setState('connecting');
    const current = () => generation === this.generation && this.running;
    try {
      const link = await this.open({
        data: (chunk) => current() && this.received(chunk),
        lost: (reason) => current() && this.lost(reason),
      });
      if (!current()) {
        await link.close().catch(() => undefined);
        return;
      }
      this.link = link;
      this.setState('connected');
      this.log('info', `P1 ${this.description} connected`);
    } catch (err) {
      if (current()) this.retryLater(`cannot connect: ${errorText(err)}`);
    }
  }

  private received(chunk: Buffer): void {
    try {
      this.decoder.push(chunk);
    } catch (err) {
      // a listener failed: report it, keep reading
      this.log('warn', `P1 ${this.description}: error handling a telegram: ${errorText(err)}`);
    }
  }

  private lost(reason: string): void {
    this.generation++;
    const link = this.link;
    this.link = undefined;
    void link?.close().catch(() => undefined);
    this.retryLater(reason);
  }

  private retryLater(reason: string): void {
    this.setState('disconnected');
    const delay = this.delay;
    this.delay = Math.min(delay * 2, this.maxDelay);
    this.log('warn', `P1 ${this.description}: ${reason}; retrying in ${delay / 1000} s`);
    this.retryTimer = this.clock.setTimeout(() => {
      if (this.running) void this.attempt();
    }, delay);
  }

  private setState(state: P1SourceState): void {
    if (state === this.current) return;
    this.current = state;
    this.stateChanged.emit(state);
  }
}

export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^Error:\s*/, '') || 'unknown error';
}
