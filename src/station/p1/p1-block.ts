import { type P1Baud, SerialP1Source } from '../../hardware/p1/serial-source.js';
import type { P1Source, P1SourceState, SourceLog } from '../../hardware/p1/source.js';
import type { Telegram } from '../../hardware/p1/telegram.js';
import { TelnetP1Source } from '../../hardware/p1/telnet-source.js';
import type { Clock, Timer } from '../clock.js';
import { Listeners } from '../listeners.js';
import type { StationBase } from '../host.js';
import { describeSource, hostProblem, isConfigured, P1_KEYS, P1_VARIABLES, type P1Config, type P1Interface, readP1Config, sameSource } from './config.js';
import { P1Settings } from './settings.js';
import type { P1Event, P1LinkState } from './types.js';

export type { P1Event, P1LinkState } from './types.js';

export interface P1Status {
  interface: P1Interface;
  host: string;
  port: number;
  serialPath: string | null;
  baud: P1Baud;
  configured: boolean;
  linkState: P1LinkState;
  /** Whole seconds since the last good telegram; null before the first. */
  lastTelegramAgeSec: number | null;
  crcOk: number;
  crcBad: number;
  lastBadReason: string | null;
  /** Set while P1 is configured but no good telegram came for silentTimeoutMs. */
  error: string | null;
}

export type P1Context = Pick<StationBase, 'clock' | 'model' | 'log' | 'events' | 'store'>;
export type SourceFactory = (config: P1Config, deps: { clock: Clock; log: SourceLog }) => P1Source;

export interface P1BlockOptions {
  /** Configured but no good telegram for this long: error state. */
  silentTimeoutMs?: number;
  createSource?: SourceFactory;
}

export const DEFAULT_SILENT_TIMEOUT_MS = 10_000;

export const defaultSourceFactory: SourceFactory = (config, deps) =>
  config.interface === 'telnet' ? new TelnetP1Source(config.host, config.port, deps) : new SerialP1Source(config.serialPath!, { ...deps, baud: config.baud });

/**
 * The station's P1 smart-meter reader: picks the source from the device
 * model (P1SmartMeter.Interface / Host / Port = OD 2191_01 / 02 / 03),
 * follows changes of those, keeps the last good telegram and the CRC
 * counts, and raises an error state when P1 is configured but silent.
 */
export class P1Block {
  /** Every good telegram, for the blocks that use the meter (load balancing). */
  readonly telegrams = new Listeners<Telegram>();
  crcOk = 0;
  crcBad = 0;
  lastBadReason: string | null = null;
  private last?: { telegram: Telegram; atMono: number };
  private running = false;
  private source?: P1Source;
  private sourceConfig?: P1Config;
  private unsubscribe: Array<() => void> = [];
  private readonly settings: P1Settings;
  private readonly silentTimeoutMs: number;
  private readonly createSource: SourceFactory;
  private watchdog?: Timer;
  private badSinceGood = 0;
  private errorText: string | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: P1Context,
    options: P1BlockOptions = {},
  ) {
    this.settings = new P1Settings(ctx.store);
    this.silentTimeoutMs = options.silentTimeoutMs ?? DEFAULT_SILENT_TIMEOUT_MS;
    this.createSource = options.createSource ?? defaultSourceFactory;
    ctx.model.onChange((change) => {
      if (change.component.name === 'P1SmartMeter' && P1_VARIABLES.has(change.variable.name)) void this.reconfigure();
    });
    // One rule for the telnet host, whichever way it is written: `p1 host`, `od set 2191_02`, SetVariables.
    ctx.model.addValidator(P1_KEYS.host, (value, source) => (source === 'station' ? undefined : hostProblem(value)));
  }

  /** The device the meter's P1 port is wired to (kept across restarts); null: none, serial P1 not configured. */
  get serialPath(): string | null {
    return this.settings.device;
  }

  set serialPath(path: string | null) {
    this.settings.device = path || null;
    void this.reconfigure();
  }

  /** The serial line speed (kept across restarts): 115200 = 8N1 (DSMR 4 / 5, e-MUCS), 9600 = 7E1 (DSMR 2.2 / 3). */
  get baud(): P1Baud {
    return this.settings.baud;
  }

  set baud(baud: P1Baud) {
    this.settings.baud = baud;
    void this.reconfigure();
  }

  /** The last good telegram, null before the first. */
  get lastTelegram(): Telegram | null {
    return this.last?.telegram ?? null;
  }

  get error(): string | null {
    return this.errorText;
  }

  config(): P1Config {
    return readP1Config(this.ctx.model, this.settings.device, this.settings.baud);
  }

  /** Begin reading (with the station). Idempotent. */
  start(): Promise<void> {
    if (this.running) return this.chain;
    this.running = true;
    return this.reconfigure();
  }

  /** Stop reading and release the port or connection. */
  stop(): Promise<void> {
    this.running = false;
    return this.reconfigure();
  }

  /** Resolves once the source matches the current settings (tests, console). */
  settled(): Promise<void> {
    return this.chain;
  }

  status(): P1Status {
    const config = this.config();
    const configured = isConfigured(config);
    return {
      ...config,
      configured,
      linkState: this.linkState(configured),
      lastTelegramAgeSec: this.last ? Math.floor((this.ctx.clock.elapsed() - this.last.atMono) / 1000) : null,
      crcOk: this.crcOk,
      crcBad: this.crcBad,
      lastBadReason: this.lastBadReason,
      error: this.errorText,
    };
  }

  private linkState(configured = isConfigured(this.config())): P1LinkState {
    if (!this.running) return 'off';
    if (!configured) return 'not configured';
    return this.source?.state ?? 'connecting';
  }

  /** Applied one after the other: a source is fully stopped before the next one opens. */
  private reconfigure(): Promise<void> {
    this.chain = this.chain.then(
      () => this.apply(),
      () => this.apply(),
    );
    return this.chain;
  }

  private async apply(): Promise<void> {
    const wanted = this.config();
    const use = this.running && isConfigured(wanted);
    if (use && this.source && this.sourceConfig && sameSource(this.sourceConfig, wanted)) return;
    await this.closeSource();
    this.clearError(false);
    if (!use) {
      this.emitState();
      return;
    }
    const source = this.createSource(wanted, { clock: this.ctx.clock, log: (level, text) => this.ctx.log[level]('p1', text) });
    this.source = source;
    this.sourceConfig = wanted;
    this.unsubscribe = [
      source.telegrams.on((telegram) => this.onTelegram(telegram)),
      source.bad.on((reason) => this.onBad(reason)),
      source.stateChanged.on(() => this.emitState()),
    ];
    this.ctx.log.info('p1', `reading P1 telegrams from ${source.description}`);
    this.armWatchdog();
    source.start();
    this.emitState();
  }

  private async closeSource(): Promise<void> {
    this.ctx.clock.clearTimeout(this.watchdog);
    this.watchdog = undefined;
    const source = this.source;
    if (!source) return;
    for (const off of this.unsubscribe.splice(0)) off();
    this.source = undefined;
    this.sourceConfig = undefined;
    await source.stop();
  }

  private onTelegram(telegram: Telegram): void {
    this.last = { telegram, atMono: this.ctx.clock.elapsed() };
    this.crcOk++;
    this.badSinceGood = 0;
    this.clearError(true);
    this.armWatchdog();
    this.telegrams.emit(telegram);
  }

  private onBad(reason: string): void {
    this.crcBad++;
    this.lastBadReason = reason;
    // one warning per run of bad telegrams: a noisy line must not flood the log
    if (this.badSinceGood++ === 0) this.ctx.log.warn('p1', `bad P1 telegram skipped: ${reason}`);
  }

  private armWatchdog(): void {
    this.ctx.clock.clearTimeout(this.watchdog);
    this.watchdog = this.ctx.clock.setTimeout(() => this.silent(), this.silentTimeoutMs);
  }

  private silent(): void {
    this.watchdog = undefined;
    if (!this.source) return;
    const seconds = this.silentTimeoutMs / 1000;
    const what = this.badSinceGood > 0 ? `only bad telegrams (${this.badSinceGood}) for ${seconds} s` : `no telegram for ${seconds} s`;
    this.errorText = `P1 smart meter configured (${describeSource(this.config())}) but silent: ${what}, link ${this.source.state}`;
    this.ctx.log.error('p1', this.errorText);
    this.emitState();
  }

  private clearError(announce: boolean): void {
    if (this.errorText === null) return;
    this.errorText = null;
    if (announce) this.ctx.log.info('p1', 'P1 smart meter telegrams received again');
    this.emitState();
  }

  /** Not running and not configured are one quiet state: a station without P1 emits no P1 events. */
  private lastEmitted = 'idle|null';

  private emitState(): void {
    const event: P1Event = { event: 'p1', linkState: this.linkState(), error: this.errorText };
    const idle = event.linkState === 'off' || event.linkState === 'not configured';
    const key = `${idle ? 'idle' : event.linkState}|${event.error}`;
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.ctx.events.emit(event);
  }
}
