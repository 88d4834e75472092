/**
 * What the blocks send (2.0.1 actions and payloads) as OCPP 1.6J messages,
 * and the 1.6 answers as the 2.0.1 responses the blocks read.
 *
 * Sent as they are: Heartbeat, and SecurityEventNotification (the same
 * message in the OCPP 1.6 security extension, which 6.0.0 implements:
 * "certificate hashes according to OCPP1.6SE"), but for the event types the
 * extension names after the Central System / Charge Point. SignCertificate
 * goes without its certificateType (the extension has only the station's).
 * FirmwareStatusNotification: as the 1.6 or the Signed one (firmware.ts).
 * LogStatusNotification: as DiagnosticsStatusNotification or the extension's
 * LogStatusNotification (diagnostics.ts).
 *
 * Not sent in 1.6 (the block gets an empty answer, as if the CSMS had taken
 * it): NotifyReport, NotifyEvent (the G05 lock failure reaches a 1.6 CSMS as
 * StatusNotification Faulted / ConnectorLockFailure), ReservationStatusUpdate
 * (1.6 learns of an expired or removed reservation from the connector going
 * Available), NotifyChargingLimit, ClearedChargingLimit, ReportChargingProfiles,
 * and every other 2.0.1-only message. None of them goes through DataTransfer: a 1.6
 * CSMS has no agreed vendor id to read them with.
 */
import type { IdTokenInfo } from '../../auth/types.js';
import type { ConnectorStatus } from '../../availability/status.js';
import { type LogStatusMessage16, logStatus16 } from './diagnostics.js';
import { firmwareStatus16 } from './firmware.js';
import type { V16Host } from './host.js';
import { type IdTagInfo, idTagOf, type MeterValue201, toIdTokenInfo, toMeterValues16 } from './convert.js';
import type { V16ConnectorStatus } from './status.js';
import type { TransactionEvent201, V16TransactionEvents } from './transaction-events.js';
import type { V16TransactionMap } from './tx-map.js';

type Send16 = <T>(action: string, payload: object) => Promise<T>;

const PASS_THROUGH = new Set(['Heartbeat']);

/** Security event types the 1.6 Security Extension names differently (its list, 2.0.1's A04 list). */
const SECURITY_EVENT_16: Readonly<Record<string, string>> = {
  FailedToAuthenticateAtCsms: 'FailedToAuthenticateAtCentralSystem',
  CsmsFailedToAuthenticate: 'CentralSystemFailedToAuthenticate',
  InvalidCsmsCertificate: 'InvalidCentralSystemCertificate',
  InvalidChargingStationCertificate: 'InvalidChargePointCertificate',
};

interface BootNotification201 {
  reason: string;
  chargingStation: { model: string; vendorName: string; serialNumber?: string; firmwareVersion?: string; modem?: { iccid?: string; imsi?: string } };
}

export class V16Outgoing {
  private readonly unsent = new Set<string>();
  /** 2.0.1 status message → the 1.6 message a trigger asked for: the next one goes out as it. */
  private readonly triggered = new Map<string, string>();

  constructor(
    private readonly station: V16Host,
    private readonly send16: Send16,
    private readonly status: V16ConnectorStatus,
    private readonly transactionEvents: V16TransactionEvents,
    private readonly map: V16TransactionMap,
  ) {}

  /** Send a 2.0.1 CALL the 1.6 way; resolves with a 2.0.1 response. */
  async call(action: string, payload: any): Promise<unknown> {
    if (PASS_THROUGH.has(action)) return this.send16(action, payload);
    switch (action) {
      case 'BootNotification':
        return this.send16('BootNotification', bootNotification16(payload));
      case 'StatusNotification':
        return this.statusNotification(payload);
      case 'Authorize':
        return this.authorize(payload);
      case 'TransactionEvent':
        return this.transactionEvents.send(payload as TransactionEvent201);
      case 'MeterValues':
        return this.meterValues(payload);
      case 'DataTransfer':
        return this.dataTransfer(payload);
      case 'SecurityEventNotification':
        return this.send16('SecurityEventNotification', { ...payload, type: SECURITY_EVENT_16[payload.type] ?? payload.type });
      case 'FirmwareStatusNotification': {
        const m = firmwareStatus16(payload, this.takeTriggered(action) === 'SignedFirmwareStatusNotification');
        return m ? this.send16(m.action, m.payload) : {};
      }
      case 'LogStatusNotification': {
        const m = logStatus16(payload, this.takeTriggered(action) as LogStatusMessage16 | undefined);
        return m ? this.send16(m.action, m.payload) : {};
      }
      case 'SignCertificate':
        // Security Extension: one station certificate type, no certificateType field.
        return this.send16('SignCertificate', { csr: (payload as { csr: string }).csr });
      default:
        if (!this.unsent.has(action)) {
          this.unsent.add(action);
          this.station.log.info('ocpp16', `${action} has no OCPP 1.6 equivalent: not sent`);
        }
        return {};
    }
  }

  /**
   * A 1.6 (Extended)TriggerMessage was accepted for `message16`, which the
   * 2.0.1 block sends as `action201`: the next one goes out as `message16`
   * (ExtendedTriggerMessage FirmwareStatusNotification → SignedFirmwareStatusNotification,
   * TriggerMessage DiagnosticsStatusNotification, ExtendedTriggerMessage LogStatusNotification).
   */
  triggeredAs(action201: string, message16: string): void {
    this.triggered.set(action201, message16);
  }

  private takeTriggered(action201: string): string | undefined {
    const message16 = this.triggered.get(action201);
    this.triggered.delete(action201);
    return message16;
  }

  private async statusNotification(p: { timestamp: string; connectorStatus: ConnectorStatus; evseId: number; connectorId: number }): Promise<object> {
    const n = this.status.prepare(p);
    if (!n) return {};
    try {
      await this.send16('StatusNotification', n);
    } catch (err) {
      this.status.failed(n);
      throw err;
    }
    return {};
  }

  private async authorize(p: { idToken: { idToken: string } }): Promise<{ idTokenInfo: IdTokenInfo }> {
    const idTag = idTagOf(p.idToken);
    // Not a CSMS answer: the auth block decides Unknown (refused) for it.
    if (idTag === undefined) throw new Error(`idToken ${p.idToken.idToken} is longer than a 1.6 idTag (20 characters)`);
    const conf = await this.send16<{ idTagInfo: IdTagInfo }>('Authorize', { idTag });
    return { idTokenInfo: toIdTokenInfo(conf.idTagInfo) };
  }

  /** J01 (not in a transaction, or triggered): 1.6 MeterValues carry the transactionId when one runs on the connector. */
  private async meterValues(p: { evseId: number; meterValue: MeterValue201[] }): Promise<object> {
    const meterValue = toMeterValues16(p.meterValue);
    if (!meterValue.length) return {};
    const req: Record<string, unknown> = { connectorId: p.evseId, meterValue };
    const running = p.evseId > 0 ? this.station.transactions.active(p.evseId) : undefined;
    const mapped = running && this.map.get(running.transactionId);
    if (mapped) req.transactionId = mapped.ocpp16Id;
    await this.send16('MeterValues', req);
    return {};
  }

  private async dataTransfer(p: { vendorId: string; messageId?: string; data?: unknown }): Promise<object> {
    const req: Record<string, unknown> = { vendorId: p.vendorId };
    if (p.messageId !== undefined) req.messageId = p.messageId;
    if (p.data !== undefined) req.data = typeof p.data === 'string' ? p.data : JSON.stringify(p.data);
    return this.send16('DataTransfer', req);
  }
}

/** 2.0.1 BootNotification (chargingStation) as 1.6 (chargePoint* fields); the reason has no place in 1.6. */
export function bootNotification16(p: BootNotification201): object {
  const cs = p.chargingStation;
  const req: Record<string, string> = { chargePointVendor: cs.vendorName, chargePointModel: cs.model };
  if (cs.serialNumber) req.chargePointSerialNumber = cs.serialNumber;
  if (cs.firmwareVersion) req.firmwareVersion = cs.firmwareVersion;
  if (cs.modem?.iccid) req.iccid = cs.modem.iccid;
  if (cs.modem?.imsi) req.imsi = cs.modem.imsi;
  return req;
}
