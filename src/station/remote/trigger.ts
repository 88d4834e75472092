import type { StationBase, OcppHost } from '../host.js';
import type { BootBlock } from '../provisioning/boot.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import type { HeartbeatBlock } from '../availability/heartbeat.js';
import type { MeterValuesBlock } from '../metering/meter-values.js';
import type { TransactionsBlock } from '../transactions/block.js';
import type { CertificateSigningBlock } from '../certificates/signing.js';
import type { FirmwareBlock } from '../firmware/block.js';
import type { DiagnosticsBlock } from '../diagnostics/block.js';

/** What this block needs of the station. */
export interface TriggerHost extends Pick<StationBase, 'hardware'>, Pick<OcppHost, 'actions' | 'afterReply' | 'registration'> {
  readonly boot: Pick<BootBlock, 'triggered'>;
  readonly connectors: Pick<ConnectorStatusBlock, 'sendOne'>;
  readonly heartbeat: Pick<HeartbeatBlock, 'beat'>;
  readonly meterValues: Pick<MeterValuesBlock, 'sendTriggered'>;
  readonly transactions: Pick<TransactionsBlock, 'triggered'>;
  readonly certificateSigning: Pick<CertificateSigningBlock, 'renew'>;
  readonly firmware: Pick<FirmwareBlock, 'sendTriggered'>;
  readonly diagnostics: Pick<DiagnosticsBlock, 'sendTriggered'>;
}

type TriggerStatus = 'Accepted' | 'Rejected' | 'NotImplemented';

interface TriggerMessageRequest {
  requestedMessage: string;
  evse?: { id: number; connectorId?: number };
}

/**
 * F06 TriggerMessage. The CSMS gets the reply first, then the message.
 * MeterValues is accepted (release-notes fix: it used to be rejected).
 */
export class TriggerBlock {
  private readonly triggers: Record<string, (evseIds: number[]) => Promise<void> | void> = {
    BootNotification: () => this.station.boot.triggered(),
    Heartbeat: () => this.station.heartbeat.beat(),
    StatusNotification: async (evseIds) => {
      for (const id of evseIds) await this.station.connectors.sendOne(id);
    },
    MeterValues: async (evseIds) => {
      for (const id of evseIds) await this.station.meterValues.sendTriggered(id);
    },
    TransactionEvent: (evseIds) => this.station.transactions.triggered(evseIds),
    // A02
    SignChargingStationCertificate: () => this.station.certificateSigning.renew('TriggerMessage from the CSMS (A02)'),
    // L01
    FirmwareStatusNotification: () => this.station.firmware.sendTriggered(),
    // N01
    LogStatusNotification: () => this.station.diagnostics.sendTriggered(),
  };

  constructor(private readonly station: TriggerHost) {
    station.actions.register('TriggerMessage', (req: TriggerMessageRequest) => ({ status: this.trigger(req) }));
  }

  private trigger(req: TriggerMessageRequest): TriggerStatus {
    const send = this.triggers[req.requestedMessage];
    if (!send) return 'NotImplemented';
    const registration = this.station.registration;
    // B02: while Pending only a BootNotification may be triggered; once Accepted it may not (F06.FR.17).
    if (req.requestedMessage === 'BootNotification' ? registration === 'Accepted' : registration !== 'Accepted') return 'Rejected';
    const evseIds = this.evsesFor(req.evse);
    if (!evseIds) return 'Rejected';
    this.station.afterReply(() => void send(evseIds));
    return 'Accepted';
  }

  /** The EVSEs a trigger is about: the one named, or all; undefined for an unknown EVSE or connector. */
  private evsesFor(evse: TriggerMessageRequest['evse']): number[] | undefined {
    const all = this.station.hardware.evses.map((e) => e.id);
    if (!evse || evse.id === 0) return all;
    if (!all.includes(evse.id)) return undefined;
    if (evse.connectorId !== undefined && evse.connectorId !== 1) return undefined;
    return [evse.id];
  }
}
