/**
 * A stored 2.0.1 TransactionEvent as OCPP 1.6 messages, at the moment the
 * outbox sends it (so events queued offline or before a restart are
 * translated with what the CSMS has said since):
 *  - the first event with an idToken while the CSMS does not know the
 *    transaction → StartTransaction (1.6 needs an idTag: a transaction the
 *    engine started without one, e.g. on EVConnected, is started in 1.6 when
 *    it is authorized). Its transactionId is kept in the store (tx-map.ts)
 *    and its idTagInfo is answered to the transaction block as the
 *    idTokenInfo of the event: cache, deauthorization, group (C10, E05, C09).
 *  - an Updated with meter values → MeterValues, with the 1.6 transactionId
 *    once there is one;
 *  - Ended → StopTransaction with meterStop, reason and transactionData.
 *  - anything else (chargingState changes, offline flags, seqNo) has no 1.6
 *    message: the connector status tells the CSMS (status.ts).
 * Each step is skipped on a retry once it is done (the mapping says so), so a
 * failed MeterValues does not start the transaction twice.
 */
import type { IdTokenInfo } from '../../auth/types.js';
import type { V16Host } from './host.js';
import type { StoppedReason, TriggerReason } from '../../transactions/types.js';
import { energyRegisterWh, type IdTagInfo, idTagOf, type MeterValue201, toIdTokenInfo, toMeterValues16 } from './convert.js';
import type { V16TransactionMap } from './tx-map.js';

export type V16StopReason =
  | 'EmergencyStop'
  | 'EVDisconnected'
  | 'HardReset'
  | 'Local'
  | 'Other'
  | 'PowerLoss'
  | 'Reboot'
  | 'Remote'
  | 'SoftReset'
  | 'UnlockCommand'
  | 'DeAuthorized';

/** Store meta key: the type of the last 1.6 Reset, for the reason of the transactions it ends (they may be sent after the reboot). */
export const RESET_TYPE_META = 'ocpp16.lastResetType';

/**
 * 2.0.1 stoppedReason (and the triggerReason of the Ended event) as a 1.6
 * reason. ImmediateReset is a 1.6 Reset: Hard or Soft as the CSMS asked.
 */
export function stopReason16(stopped: StoppedReason | undefined, trigger: TriggerReason | undefined, resetType: 'Hard' | 'Soft' = 'Hard'): V16StopReason {
  if (trigger === 'UnlockCommand') return 'UnlockCommand';
  switch (stopped) {
    case 'Local':
    case 'MasterPass':
      return 'Local';
    case 'Remote':
      return 'Remote';
    case 'EVDisconnected':
      return 'EVDisconnected';
    case 'PowerLoss':
      return 'PowerLoss';
    case 'Reboot':
      return 'Reboot';
    case 'ImmediateReset':
      return resetType === 'Soft' ? 'SoftReset' : 'HardReset';
    case 'DeAuthorized':
      return 'DeAuthorized';
    case 'EmergencyStop':
      return 'EmergencyStop';
    default:
      return 'Other';
  }
}

/** The fields of a TransactionEventRequest this translation reads. */
export interface TransactionEvent201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: TriggerReason;
  seqNo: number;
  transactionInfo: { transactionId: string; stoppedReason?: StoppedReason };
  idToken?: { idToken: string; type: string };
  evse?: { id: number; connectorId?: number };
  reservationId?: number;
  meterValue?: MeterValue201[];
}

type Send16 = <T>(action: string, payload: object) => Promise<T>;

export class V16TransactionEvents {
  constructor(
    private readonly station: V16Host,
    private readonly map: V16TransactionMap,
    private readonly send16: Send16,
  ) {}

  /** Send the 1.6 messages of one event; resolves with what the transaction block reads of a TransactionEventResponse. */
  async send(p: TransactionEvent201): Promise<{ idTokenInfo?: IdTokenInfo }> {
    const txId = p.transactionInfo.transactionId;
    const response: { idTokenInfo?: IdTokenInfo } = {};
    let mapped = this.map.get(txId);
    if (!mapped && p.idToken) {
      const started = await this.start(p);
      if (started) {
        response.idTokenInfo = started;
        mapped = this.map.get(txId);
      }
    }
    if (p.eventType === 'Updated' && p.meterValue?.length) await this.meterValues(p, mapped?.ocpp16Id);
    if (p.eventType === 'Ended') {
      if (!mapped) {
        this.station.log.info('ocpp16', `transaction ${txId} ended without being started in OCPP 1.6 (never authorized): no StopTransaction`);
        return response;
      }
      const stopped = await this.stop(p, mapped.ocpp16Id, mapped.meterStartWh);
      if (stopped) response.idTokenInfo = stopped;
    }
    return response;
  }

  private connectorOf(p: TransactionEvent201): number {
    return p.evse?.id ?? this.station.transactions.store.get(p.transactionInfo.transactionId)?.evseId ?? this.map.get(p.transactionInfo.transactionId)?.connectorId ?? 1;
  }

  private async start(p: TransactionEvent201): Promise<IdTokenInfo | undefined> {
    const txId = p.transactionInfo.transactionId;
    const idTag = idTagOf(p.idToken);
    if (idTag === undefined) {
      // The engine only authorizes such a token locally; 1.6 cannot carry it. Refused, so the outbox drops the event.
      throw new Error(`idToken ${p.idToken?.idToken} is longer than a 1.6 idTag (20): transaction ${txId} cannot be started in OCPP 1.6`);
    }
    const record = this.station.transactions.store.get(txId);
    // Energy flows only once authorized: the register at the engine's start is the register now.
    const meterStartWh = Math.round(record?.meterStartWh ?? energyRegisterWh(p.meterValue) ?? 0);
    const connectorId = this.connectorOf(p);
    const req: Record<string, unknown> = { connectorId, idTag, meterStart: meterStartWh, timestamp: p.timestamp };
    const reservationId = p.reservationId ?? record?.reservationId;
    if (reservationId !== undefined) req.reservationId = reservationId;
    const conf = await this.send16<{ transactionId: number; idTagInfo: IdTagInfo }>('StartTransaction', req);
    this.map.put({ transactionId: txId, ocpp16Id: conf.transactionId, connectorId, meterStartWh, startedAt: Date.parse(p.timestamp) || this.station.clock.now() });
    this.station.log.info('ocpp16', `transaction ${txId} is OCPP 1.6 transaction ${conf.transactionId} (${idTag}: ${conf.idTagInfo.status})`);
    return toIdTokenInfo(conf.idTagInfo);
  }

  private async meterValues(p: TransactionEvent201, ocpp16Id: number | undefined): Promise<void> {
    const meterValue = toMeterValues16(p.meterValue);
    if (!meterValue.length) return;
    const req: Record<string, unknown> = { connectorId: this.connectorOf(p), meterValue };
    if (ocpp16Id !== undefined) req.transactionId = ocpp16Id;
    await this.send16('MeterValues', req);
  }

  private async stop(p: TransactionEvent201, ocpp16Id: number, meterStartWh: number): Promise<IdTokenInfo | undefined> {
    const txId = p.transactionInfo.transactionId;
    const record = this.station.transactions.store.get(txId);
    const register = energyRegisterWh(p.meterValue) ?? (record ? record.meterStartWh + record.energyWh : meterStartWh);
    const resetType = this.station.store.getMeta(RESET_TYPE_META) === 'Soft' ? 'Soft' : 'Hard';
    const req: Record<string, unknown> = {
      transactionId: ocpp16Id,
      meterStop: Math.round(register),
      timestamp: p.timestamp,
      reason: stopReason16(p.transactionInfo.stoppedReason, p.triggerReason, resetType),
    };
    const idTag = idTagOf(p.idToken);
    if (idTag !== undefined) req.idTag = idTag;
    const transactionData = toMeterValues16(p.meterValue);
    if (transactionData.length) req.transactionData = transactionData;
    const conf = await this.send16<{ idTagInfo?: IdTagInfo }>('StopTransaction', req);
    this.map.remove(txId);
    return conf.idTagInfo && idTag !== undefined ? toIdTokenInfo(conf.idTagInfo) : undefined;
  }
}
