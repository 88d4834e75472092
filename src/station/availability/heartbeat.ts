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
  private running = false;

  constructor(private readonly station: HeartbeatHost) {
    station.model.onChange((change) => {
      if (change.variable.name === 'HeartbeatInterval' && this.running) this.schedule();
    });
    station.link.on('close', () => this.station.clock.clearTimeout(this.timer));
    station.link.on('open', () => this.running && this.schedule());
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.station.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** When the next Heartbeat goes (monotonic), if one waits. */
  get due(): number | undefined {
    return dueOf(this.station.clock, this.timer);
  }

  /** A station woken from hibernation: the Heartbeat goes when it was due. */
  resume(due: number | undefined): void {
    this.running = true;
    if (due === undefined) this.schedule();
    else this.timer = setTimeoutAt(this.station.clock, due, () => void this.beat());
  }

  /** Any message sent counts as a sign of life: the next heartbeat waits a full interval. */
  messageSent(): void {
    if (this.running) this.schedule();
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
    this.station.clock.clearTimeout(this.timer);
    const interval = this.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval');
    if (interval <= 0 || !this.station.connected) return;
    this.timer = this.station.clock.setTimeout(() => void this.beat(), interval * 1000);
  }
}
