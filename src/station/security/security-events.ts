/**
 * A04 SecurityEventNotification. Every security event the station raises
 * goes to the durable security log (security-log.ts, what GetLog
 * SecurityLog uploads); the critical ones of OCPP 2.0.1 Appendix 1 (and the
 * NG9's own InvalidServicePassword) are sent to the CSMS, in order, once it
 * has accepted the station: queued while offline, across restarts.
 */
import type { OcppHost, StationBase } from '../host.js';
import { SecurityLog } from './security-log.js';

export type SecurityEventsHost = Pick<StationBase, 'clock' | 'log' | 'events' | 'store'> & Pick<OcppHost, 'send' | 'registration'>;

/** OCPP 2.0.1 Appendix 1 "Security events": the critical ones, sent to the CSMS. */
export const CRITICAL_SECURITY_EVENTS: ReadonlySet<string> = new Set([
  'FirmwareUpdated',
  'FailedToAuthenticateAtCsms',
  'CsmsFailedToAuthenticate',
  'SettingSystemTime',
  'StartupOfTheDevice',
  'ResetOrReboot',
  'SecurityLogWasCleared',
  'ReconfigurationOfSecurityParameters',
  'MemoryExhaustion',
  'InvalidMessages',
  'AttemptedReplayAttacks',
  'TamperDetectionActivated',
  'InvalidFirmwareSignature',
  'InvalidFirmwareSigningCertificate',
  'InvalidCsmsCertificate',
  'InvalidChargingStationCertificate',
  'InvalidTLSVersion',
  'InvalidTLSCipherSuite',
  'MaintenanceLoginAccepted',
  'MaintenanceLoginFailed',
  // NG9: the console's service login locked after wrong passwords
  'InvalidServicePassword',
]);

const RECENT = 10;

export class SecurityEvents {
  readonly securityLog: SecurityLog;
  private flushing = false;

  constructor(private readonly host: SecurityEventsHost) {
    this.securityLog = new SecurityLog(host.store);
    // Back online after a drop (B04: no new BootNotification). After a boot the
    // startup event's raise sends the queue, once the StatusNotifications are out.
    host.events.on((e) => {
      if (e.event === 'link' && e.connected) void this.flush();
    });
  }

  raise(type: string, techInfo: string): void {
    const critical = CRITICAL_SECURITY_EVENTS.has(type);
    (critical ? this.host.log.warn : this.host.log.info).call(this.host.log, 'security', `${type}: ${techInfo}`);
    this.securityLog.add(type, this.host.clock.now(), techInfo, critical);
    void this.flush();
  }

  /** Every critical event has reached the CSMS. */
  get quiet(): boolean {
    return !this.flushing && !this.securityLog.nextUnsent();
  }

  /** The last events of the security log, oldest first (console `security`). */
  recent(): ReadonlyArray<{ type: string; at: number; techInfo: string }> {
    return this.securityLog.recent(RECENT);
  }

  /** Send the queued critical events, oldest first, each marked once the CSMS answered. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        if (this.host.registration !== 'Accepted' || !this.host.store.isOpen) return;
        const next = this.securityLog.nextUnsent();
        if (!next) return;
        await this.host.send('SecurityEventNotification', { type: next.type, timestamp: new Date(next.at).toISOString(), techInfo: next.techInfo.slice(0, 255) });
        if (this.host.store.isOpen) this.securityLog.markSent(next.seq);
      }
    } catch (err) {
      this.host.log.warn('security', `SecurityEventNotification not delivered (kept for later): ${(err as Error).message}`);
    } finally {
      this.flushing = false;
    }
  }
}
