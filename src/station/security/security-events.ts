/**
 * A04 SecurityEventNotification for the events the station raises itself
 * (a CSMS that refused its credentials, the service login locked …): sent
 * when the CSMS has accepted the station, kept until then (one of a type
 * waits at a time: the CSMS learns that it happened, with the latest
 * details). Durable queuing with the security log is issue 9's.
 */
import type { OcppHost, StationBase } from '../host.js';

export type SecurityEventsHost = Pick<StationBase, 'clock' | 'log' | 'events'> & Pick<OcppHost, 'send' | 'registration'>;

const RECENT = 10;

export class SecurityEvents {
  private readonly pending = new Map<string, { techInfo: string; at: number }>();
  private readonly latest: Array<{ type: string; at: number; techInfo: string }> = [];
  private flushing = false;

  constructor(private readonly host: SecurityEventsHost) {
    host.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Accepted') void this.flush();
    });
  }

  raise(type: string, techInfo: string): void {
    this.host.log.warn('security', `${type}: ${techInfo}`);
    this.latest.push({ type, at: this.host.clock.now(), techInfo });
    if (this.latest.length > RECENT) this.latest.shift();
    this.pending.set(type, { techInfo, at: this.host.clock.now() });
    void this.flush();
  }

  /** The last events raised since power up, oldest first (console `security`). */
  recent(): ReadonlyArray<{ type: string; at: number; techInfo: string }> {
    return this.latest;
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.host.registration !== 'Accepted') return;
    this.flushing = true;
    try {
      for (const [type, e] of [...this.pending]) {
        await this.host.send('SecurityEventNotification', { type, timestamp: new Date(e.at).toISOString(), techInfo: e.techInfo.slice(0, 255) });
        if (this.pending.get(type) === e) this.pending.delete(type);
      }
    } catch (err) {
      this.host.log.warn('security', `SecurityEventNotification not delivered: ${(err as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }
}
