import type { Timer } from '../clock.js';
import { syncClockFromCsms } from '../time-sync.js';
import type { StationBase, OcppHost } from '../host.js';
import type { SecurityEvents } from '../security/security-events.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import type { HeartbeatBlock } from '../availability/heartbeat.js';
import type { OcppLink } from '../ocpp/link.js';

import type { RegistrationStatus } from '../ocpp/registration-gate.js';

export type { RegistrationStatus };
import type { BootReason } from './types.js';

/** What this block needs of the station. */
export interface BootHost extends Pick<StationBase, 'clock' | 'events' | 'log' | 'model'>, Pick<OcppHost, 'connected' | 'send'> {
  readonly connectors: Pick<ConnectorStatusBlock, 'reconnected' | 'sendAll'>;
  readonly heartbeat: Pick<HeartbeatBlock, 'start'>;
  readonly securityEvents: Pick<SecurityEvents, 'raise'>;
  readonly link: Pick<OcppLink, 'on'>;
  /** The SIM's ICCID / IMSI when the modem has read them. */
  readonly modem: { identity(): { iccid?: string; imsi?: string } | undefined };
  readonly firmwareVersion: string;
  readonly serialNumber: string;
}

export type { BootReason } from './types.js';

/** Wait before booting again when the CSMS gave no usable interval (s). */
const DEFAULT_RETRY_SEC = 60;

export const STATION_MODEL = 'NG9xx';
export const VENDOR_NAME = 'NG9';

/**
 * B01–B04: registration with the CSMS. BootNotification on every connect
 * until Accepted; Pending and Rejected wait `interval` and try again.
 * Once accepted the registration holds across reconnects (B04).
 */
export class BootBlock {
  status: RegistrationStatus = 'Unregistered';
  private reason: BootReason = 'PowerUp';
  private retry?: Timer;
  private booting = false;

  constructor(private readonly station: BootHost) {
    station.link.on('open', () => void this.onOpen());
    station.link.on('close', () => this.clearRetry());
  }

  begin(reason: BootReason): void {
    this.reason = reason;
    this.setStatus('Unregistered');
  }

  end(): void {
    this.clearRetry();
    this.setStatus('Unregistered');
  }

  /** Accepted, and no BootNotification under way or waiting. */
  get settled(): boolean {
    return this.status === 'Accepted' && !this.booting && !this.retry;
  }

  /** A station woken from hibernation is still accepted (B04: no new BootNotification); nobody is told, nothing changed. */
  resume(): void {
    this.status = 'Accepted';
  }

  /** F06: TriggerMessage(BootNotification) while not yet accepted. */
  triggered(): void {
    this.reason = 'Triggered';
    this.clearRetry();
    void this.sendBoot();
  }

  private async onOpen(): Promise<void> {
    if (this.status === 'Accepted') {
      this.station.connectors.reconnected();
      return;
    }
    await this.sendBoot();
  }

  private async sendBoot(): Promise<void> {
    if (this.booting || !this.station.connected) return;
    this.booting = true;
    let response: { status: 'Accepted' | 'Pending' | 'Rejected'; currentTime: string; interval: number };
    const modem = this.station.modem.identity();
    try {
      response = await this.station.send('BootNotification', {
        reason: this.reason,
        chargingStation: {
          model: STATION_MODEL,
          vendorName: VENDOR_NAME,
          serialNumber: this.station.serialNumber,
          firmwareVersion: this.station.firmwareVersion,
          ...(modem ? { modem } : {}),
        },
      });
    } catch (err) {
      this.station.log.warn('boot', `BootNotification failed: ${(err as Error).message}`);
      this.scheduleRetry(DEFAULT_RETRY_SEC);
      return;
    } finally {
      this.booting = false;
    }
    syncClockFromCsms(this.station, response.currentTime, 'BootNotification');
    this.station.log.info('boot', `BootNotification ${response.status}, interval ${response.interval}s`);
    if (response.status === 'Accepted') {
      if (response.interval > 0) this.station.model.setInternal('OCPPCommCtrlr.HeartbeatInterval', response.interval);
      this.setStatus('Accepted');
      this.station.heartbeat.start();
      await this.station.connectors.sendAll();
      this.sendStartupEvent();
    } else {
      this.setStatus(response.status);
      this.scheduleRetry(response.interval > 0 ? response.interval : DEFAULT_RETRY_SEC);
    }
  }

  private sendStartupEvent(): void {
    this.station.securityEvents.raise(this.reason === 'PowerUp' ? 'StartupOfTheDevice' : 'ResetOrReboot', `boot reason ${this.reason}`);
  }

  private scheduleRetry(seconds: number): void {
    this.clearRetry();
    this.retry = this.station.clock.setTimeout(() => {
      this.retry = undefined;
      void this.sendBoot();
    }, seconds * 1000);
  }

  private clearRetry(): void {
    this.station.clock.clearTimeout(this.retry);
    this.retry = undefined;
  }

  private setStatus(status: RegistrationStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.station.events.emit({ event: 'registration', status });
  }
}
