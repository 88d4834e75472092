import { dueOf, setTimeoutAt, type Timer } from '../clock.js';
import { syncClockFromCsms } from '../time-sync.js';
import type { StationBase, OcppHost } from '../host.js';
import type { OcppLink } from '../ocpp/link.js';

/** What this block needs of the station. */
export interface HeartbeatHost extends Pick<StationBase, 'clock' | 'log' | 'model'>, Pick<OcppHost, 'connected' | 'send'> {
  readonly link: Pick<OcppLink, 'on'>;
}

/**
 * G02: a Heartbeat after HeartbeatInterval seconds without any other message
 * to the CSMS; its currentTime sets the clock.
 */
export class HeartbeatBlock {
  private timer?: Timer;
  /** When the next Heartbeat goes (monotonic): a full interval after the last message sent. */
  private nextAt = 0;
  private intervalMs = 0;
  private running = false;

  constructor(private readonly station: HeartbeatHost) {
    station.model.onChange((change) => {
      if (change.variable.name === 'HeartbeatInterval' && this.running) this.schedule();
    });
    station.link.on('close', () => this.cancel());
    station.link.on('open', () => this.running && this.schedule());
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.cancel();
  }

  /** When the next Heartbeat goes (monotonic), if one waits. */
  get due(): number | undefined {
    return dueOf(this.station.clock, this.timer) === undefined ? undefined : this.nextAt;
  }

  /** A station woken from hibernation: the Heartbeat goes when it was due. */
  resume(due: number | undefined): void {
    this.running = true;
    if (due === undefined) return this.schedule();
    this.intervalMs = this.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval') * 1000;
    this.arm(due);
  }

  /**
   * Any message sent counts as a sign of life: the next heartbeat waits a full
   * interval. The timer stays where it is and, when it fires early, waits for
   * the rest: a new timer per message would be garbage that outlives the young
   * generation (a fleet sends a thousand messages a second).
   */
  messageSent(): void {
    if (!this.running) return;
    if (this.due === undefined) this.schedule();
    else this.nextAt = this.station.clock.elapsed() + this.intervalMs;
  }

  async beat(): Promise<void> {
    try {
      const response = await this.station.send<{ currentTime: string }>('Heartbeat', {});
      syncClockFromCsms(this.station, response.currentTime, 'Heartbeat');
    } catch (err) {
      this.station.log.warn('heartbeat', `Heartbeat failed: ${(err as Error).message}`);
      this.schedule();
    }
  }

  private schedule(): void {
    this.cancel();
    this.intervalMs = this.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval') * 1000;
    if (this.intervalMs <= 0 || !this.station.connected) return;
    this.arm(this.station.clock.elapsed() + this.intervalMs);
  }

  private arm(at: number): void {
    this.nextAt = at;
    this.timer = setTimeoutAt(this.station.clock, at, () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    if (this.station.clock.elapsed() < this.nextAt) this.arm(this.nextAt);
    else void this.beat();
  }

  private cancel(): void {
    this.station.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
