/**
 * CSMS requests in OCPP 1.6J, answered by the blocks' 2.0.1 handlers: each
 * 1.6 request is translated to the 2.0.1 request of the same use case,
 * checked against the 2.0.1 schema (a 1.6-valid value 2.0.1 forbids is
 * refused the way the 1.6 answer allows, never with a wrong CALLERROR), given
 * to the block, and its answer translated back. ChangeConfiguration and
 * GetConfiguration have no 2.0.1 counterpart; they go to the device model
 * through the 1.6 key map (configuration.ts). Smart charging and the
 * Security Extension have their own modules (smart-charging.ts, security.ts).
 */
import { VENDOR_NAME } from '../../provisioning/boot.js';
import type { V16Host } from './host.js';
import { errorCodes, OcppCallError } from '../errors.js';
import type { CallHandler, VersionAdapter } from '../dispatcher.js';
import { validatorFor } from '../validator.js';
import { changeConfiguration, getConfiguration } from './configuration.js';
import { type ChargingProfile16, type IdTagInfo, toChargingProfile, toIdToken, toIdTokenInfo } from './convert.js';
import { diagnosticsHandlers } from './diagnostics.js';
import { firmwareHandlers } from './firmware.js';
import { securityHandlers } from './security.js';
import { smartChargingHandlers } from './smart-charging.js';
import type { V16ConnectorStatus } from './status.js';
import { RESET_TYPE_META } from './transaction-events.js';
import type { V16TransactionMap } from './tx-map.js';

export type Handler16 = (payload: any) => object | Promise<object>;
/** Hands a translated request to the 2.0.1 handler; `refused` answers the 1.6 request when 2.0.1 does not allow it. */
export type Call201 = <T>(action: string, request: object, refused: object) => Promise<T>;

/** A translated request that 2.0.1 does not allow: the 1.6 request is refused with the answer given. */
export class NotTranslatable extends Error {
  constructor(
    message: string,
    readonly answer: object,
  ) {
    super(message);
  }
}

const CODES_16 = errorCodes('1.6');
/** 2.0.1 CALLERROR codes a block may throw, in 1.6 spelling. */
const CODE_16: Readonly<Record<string, string>> = {
  FormatViolation: CODES_16.format,
  OccurrenceConstraintViolation: CODES_16.occurrence,
  RpcFrameworkError: CODES_16.unreadable,
  MessageTypeNotSupported: CODES_16.messageType,
};

const REMOTE_START_ID_META = 'ocpp16.lastRemoteStartId';

export interface IncomingContext {
  station: V16Host;
  map: V16TransactionMap;
  status: V16ConnectorStatus;
  /** The block's 2.0.1 handler of an action. */
  handler201(action: string): CallHandler | undefined;
  /** A trigger asked for `message16`, which the 2.0.1 block sends as `action201` (V16Outgoing.triggeredAs). */
  triggeredAs(action201: string, message16: string): void;
}

export class V16Incoming implements VersionAdapter {
  private handlerTable?: Record<string, Handler16>;

  constructor(private readonly ctx: IncomingContext) {}

  /** Made on the first 1.6 CALL: a 2.0.1 station (most of a fleet) never needs it. */
  private get handlers(): Record<string, Handler16> {
    return (this.handlerTable ??= this.makeHandlers());
  }

  private makeHandlers(): Record<string, Handler16> {
    const station = this.ctx.station;
    return {
      ChangeConfiguration: (p: { key: string; value: string }) => {
        const r = changeConfiguration(station.model, p.key, p.value);
        station.log.info('ocpp16', `ChangeConfiguration ${p.key}: ${r.status}${r.why ? ` (${r.why})` : ''}`);
        return { status: r.status };
      },
      GetConfiguration: (p: { key?: string[] }) => getConfiguration(station.model, p.key),
      RemoteStartTransaction: (p) => this.remoteStart(p),
      RemoteStopTransaction: (p: { transactionId: number }) => this.remoteStop(p.transactionId),
      Reset: (p: { type: 'Hard' | 'Soft' }) => this.reset(p.type),
      ChangeAvailability: async (p: { connectorId: number; type: 'Operative' | 'Inoperative' }) => {
        const req: Record<string, unknown> = { operationalStatus: p.type };
        if (p.connectorId !== 0) req.evse = { id: p.connectorId };
        const r = await this.call201<{ status: string }>('ChangeAvailability', req, { status: 'Rejected' });
        return { status: r.status };
      },
      UnlockConnector: (p: { connectorId: number }) => this.unlock(p.connectorId),
      TriggerMessage: (p: { requestedMessage: string; connectorId?: number }) => this.trigger(p),
      ClearCache: async () => ({ status: (await this.call201<{ status: string }>('ClearCache', {}, { status: 'Rejected' })).status }),
      SendLocalList: (p) => this.sendLocalList(p),
      GetLocalListVersion: async () => ({ listVersion: (await this.call201<{ versionNumber: number }>('GetLocalListVersion', {}, { versionNumber: 0 })).versionNumber }),
      ReserveNow: async (p: { connectorId: number; expiryDate: string; idTag: string; parentIdTag?: string; reservationId: number }) => {
        const req: Record<string, unknown> = { id: p.reservationId, expiryDateTime: p.expiryDate, idToken: toIdToken(p.idTag) };
        // connectorId 0: any connector (ReserveConnectorZeroSupported ↔ ReservationCtrlr.NonEvseSpecific).
        if (p.connectorId !== 0) req.evseId = p.connectorId;
        if (p.parentIdTag) req.groupIdToken = toIdToken(p.parentIdTag);
        return { status: (await this.call201<{ status: string }>('ReserveNow', req, { status: 'Rejected' })).status };
      },
      CancelReservation: async (p: { reservationId: number }) => ({
        status: (await this.call201<{ status: string }>('CancelReservation', { reservationId: p.reservationId }, { status: 'Rejected' })).status,
      }),
      DataTransfer: (p) => this.dataTransfer(p),
      ...smartChargingHandlers(this.ctx, (action, req, refused) => this.call201(action, req, refused)),
      ...securityHandlers(
        (action, req, refused) => this.call201(action, req, refused),
        (p) => this.trigger(p),
        (action201, message16) => this.ctx.triggeredAs(action201, message16),
      ),
      ...firmwareHandlers((action, req, refused) => this.call201(action, req, refused), () => station.clock.now()),
      ...diagnosticsHandlers((action, req, refused) => this.call201(action, req, refused), () => station.clock.now()),
    };
  }

  supports(action: string): boolean {
    return Object.hasOwn(this.handlers, action);
  }

  async handle(action: string, payload: unknown): Promise<object> {
    const handler = this.handlers[action];
    if (!handler) throw new OcppCallError(CODES_16.notSupported, `${action} is not supported`);
    try {
      return await handler(payload);
    } catch (err) {
      if (err instanceof NotTranslatable) {
        this.ctx.station.log.warn('ocpp16', `${action} refused: ${err.message}`);
        return err.answer;
      }
      if (err instanceof OcppCallError && CODE_16[err.code]) throw new OcppCallError(CODE_16[err.code]!, err.description, err.details);
      throw err;
    }
  }

  /** Give a translated request to the block's 2.0.1 handler; `refused` answers the 1.6 request when 2.0.1 does not allow it. */
  private async call201<T>(action: string, request: object, refused: object): Promise<T> {
    const bad = validatorFor('2.0.1').request(action, request);
    if (bad) throw new NotTranslatable(`not a valid ${action}: ${bad.message}`, refused);
    const handler = this.ctx.handler201(action);
    if (!handler) throw new OcppCallError(CODES_16.notSupported, `${action} is not supported`);
    return (await handler(request)) as T;
  }

  /* --------------------------------- remote control --------------------------------- */

  private async remoteStart(p: { connectorId?: number; idTag: string; chargingProfile?: ChargingProfile16 }): Promise<object> {
    const station = this.ctx.station;
    // 1.6: "connectorId SHALL be > 0"; an empty idTag is refused by the block (release notes: tags are 1..36 characters).
    if (p.connectorId !== undefined && p.connectorId <= 0) return { status: 'Rejected' };
    const req: Record<string, unknown> = { idToken: toIdToken(p.idTag), remoteStartId: this.nextRemoteStartId() };
    if (p.connectorId !== undefined) req.evseId = p.connectorId;
    if (p.chargingProfile) req.chargingProfile = toChargingProfile(p.chargingProfile);
    const r = await this.call201<{ status: 'Accepted' | 'Rejected'; statusInfo?: { reasonCode: string; additionalInfo?: string } }>('RequestStartTransaction', req, { status: 'Rejected' });
    station.log.info('ocpp16', `RemoteStartTransaction ${p.idTag}${p.connectorId ? ` on connector ${p.connectorId}` : ''}: ${r.status}${r.statusInfo ? ` (${r.statusInfo.reasonCode})` : ''}`);
    return { status: r.status };
  }

  /** RemoteStartTransaction has no remoteStartId; RequestStartTransaction needs one: numbered here, durably. */
  private nextRemoteStartId(): number {
    const store = this.ctx.station.store;
    const next = (Number(store.getMeta(REMOTE_START_ID_META) ?? '0') % 2_147_483_647) + 1;
    store.setMeta(REMOTE_START_ID_META, String(next));
    return next;
  }

  private async remoteStop(ocpp16Id: number): Promise<object> {
    const station = this.ctx.station;
    const known = this.ctx.map.byOcpp16Id(ocpp16Id).find((t) => station.transactions.find(t.transactionId));
    if (!known) {
      station.log.info('ocpp16', `RemoteStopTransaction ${ocpp16Id}: no ongoing transaction with that id`);
      return { status: 'Rejected' };
    }
    const r = await this.call201<{ status: 'Accepted' | 'Rejected' }>('RequestStopTransaction', { transactionId: known.transactionId }, { status: 'Rejected' });
    return { status: r.status };
  }

  /**
   * 1.6 Reset, Hard or Soft, stops the transactions and reboots: the 2.0.1
   * Reset Immediate. The type is kept so that the StopTransactions, which may
   * leave after the reboot, say HardReset or SoftReset.
   */
  private async reset(type: 'Hard' | 'Soft'): Promise<object> {
    this.ctx.station.store.setMeta(RESET_TYPE_META, type);
    const r = await this.call201<{ status: string }>('Reset', { type: 'Immediate' }, { status: 'Rejected' });
    return { status: r.status === 'Rejected' ? 'Rejected' : 'Accepted' };
  }

  /**
   * 1.6 UnlockConnector ends the transaction on the connector first (reason
   * UnlockCommand), also an authorized one; 2.0.1 would answer
   * OngoingAuthorizedTransaction. An unknown connector is NotSupported, the
   * 1.6 answer for "ConnectorId is unknown".
   */
  private async unlock(connectorId: number): Promise<object> {
    const station = this.ctx.station;
    if (!station.hardware.evses.some((e) => e.id === connectorId)) return { status: 'NotSupported' };
    if (station.transactions.active(connectorId)) await station.transactions.stop(connectorId, 'Remote', 'UnlockCommand');
    const r = await this.call201<{ status: string }>('UnlockConnector', { evseId: connectorId, connectorId: 1 }, { status: 'NotSupported' });
    switch (r.status) {
      case 'Unlocked':
        return { status: 'Unlocked' };
      case 'UnknownConnector':
        return { status: 'NotSupported' };
      default:
        return { status: 'UnlockFailed' };
    }
  }

  private async trigger(p: { requestedMessage: string; connectorId?: number }): Promise<object> {
    const station = this.ctx.station;
    if (p.requestedMessage === 'StatusNotification' && p.connectorId === 0) {
      // The charge point itself: 2.0.1 has no such status, this adapter sends it.
      if (station.registration !== 'Accepted') return { status: 'Rejected' };
      station.afterReply(() => this.ctx.status.sendNow(0));
      return { status: 'Accepted' };
    }
    // DiagnosticsStatusNotification: 2.0.1's LogStatusNotification, told the 1.6 way (diagnostics.ts)
    const diagnostics = p.requestedMessage === 'DiagnosticsStatusNotification';
    const req: Record<string, unknown> = { requestedMessage: diagnostics ? 'LogStatusNotification' : p.requestedMessage };
    if (p.connectorId !== undefined && p.connectorId !== 0) req.evse = { id: p.connectorId };
    const r = await this.call201<{ status: string }>('TriggerMessage', req, { status: 'NotImplemented' });
    if (r.status === 'Accepted' && diagnostics) this.ctx.triggeredAs('LogStatusNotification', 'DiagnosticsStatusNotification');
    if (r.status === 'Accepted' && p.requestedMessage === 'StatusNotification') {
      const ids = p.connectorId !== undefined ? [p.connectorId] : station.hardware.evses.map((e) => e.id);
      this.ctx.status.force(ids);
      if (p.connectorId === undefined) station.afterReply(() => this.ctx.status.sendNow(0));
    }
    return { status: r.status };
  }

  /* ------------------------------------ auth ------------------------------------ */

  private async sendLocalList(p: { listVersion: number; updateType: 'Full' | 'Differential'; localAuthorizationList?: Array<{ idTag: string; idTagInfo?: IdTagInfo }> }): Promise<object> {
    const req: Record<string, unknown> = { versionNumber: p.listVersion, updateType: p.updateType };
    const list = p.localAuthorizationList ?? [];
    // 2.0.1 wants at least one entry; a 1.6 Full update without entries empties the list, as a 2.0.1 one without the list does.
    if (list.length) {
      req.localAuthorizationList = list.map((e) => {
        const item: Record<string, unknown> = { idToken: toIdToken(e.idTag) };
        if (e.idTagInfo) item.idTokenInfo = toIdTokenInfo(e.idTagInfo);
        return item;
      });
    }
    const r = await this.call201<{ status: string; statusInfo?: { reasonCode: string } }>('SendLocalList', req, { status: 'Failed' });
    // The local list switched off (LocalAuthListEnabled false) is "not supported" in 1.6.
    if (r.status === 'Failed' && r.statusInfo?.reasonCode === 'NotEnabled') return { status: 'NotSupported' };
    return { status: r.status };
  }

  /* ---------------------------------- data transfer ---------------------------------- */

  /** P01: no vendor-specific data is implemented: our own vendor id is Rejected, any other UnknownVendorId. */
  private async dataTransfer(p: { vendorId: string; messageId?: string; data?: string }): Promise<object> {
    if (this.ctx.handler201('DataTransfer')) {
      const req: Record<string, unknown> = { vendorId: p.vendorId };
      if (p.messageId !== undefined) req.messageId = p.messageId;
      if (p.data !== undefined) req.data = p.data;
      const r = await this.call201<{ status: string; data?: unknown }>('DataTransfer', req, { status: 'Rejected' });
      const out: Record<string, unknown> = { status: r.status };
      if (r.data !== undefined) out.data = typeof r.data === 'string' ? r.data : JSON.stringify(r.data);
      return out;
    }
    return { status: p.vendorId === VENDOR_NAME ? 'Rejected' : 'UnknownVendorId' };
  }
}
