/**
 * P01 DataTransfer from the CSMS: vendor-specific requests the NG9xx knows,
 * by vendorId and messageId (docs/datatransfer.md); UnknownVendorId and
 * UnknownMessageId otherwise, as a DataTransferResponse (never a CALLERROR).
 * OCPP 1.6 DataTransfer reaches the same table through the 1.6 adapter.
 * P02: the station's own DataTransfer to the CSMS (console `datatransfer`).
 */
import type { OcppHost, StationBase } from '../host.js';

export const NG9_VENDOR_ID = 'NG9';

export type DataTransferHost = Pick<StationBase, 'model' | 'log'> & Pick<OcppHost, 'actions' | 'send'>;

interface DataTransferRequest {
  vendorId: string;
  messageId?: string;
  data?: unknown;
}

export type DataTransferResponse = { status: 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId'; data?: unknown; statusInfo?: { reasonCode: string; additionalInfo?: string } };

export class DataTransferBlock {
  /** vendorId → messageId → handler. */
  private readonly vendors: Record<string, Record<string, (data: unknown) => DataTransferResponse>>;

  constructor(private readonly host: DataTransferHost) {
    this.vendors = {
      [NG9_VENDOR_ID]: {
        // Release notes 6.0.0: "Make limiting current available to Service Installer app".
        LimitingCurrent: () => ({ status: 'Accepted', data: { limitingCurrentA: host.model.getNumber('P1SmartMeter.LimitingCurrent') } }),
      },
    };
    host.actions.register('DataTransfer', (req: DataTransferRequest) => this.receive(req));
  }

  /** P02: a DataTransfer to the CSMS; resolves with its answer. */
  async send(req: DataTransferRequest): Promise<DataTransferResponse> {
    const res = await this.host.send<DataTransferResponse>('DataTransfer', req);
    this.host.log.info('datatransfer', `to the CSMS: ${req.vendorId}${req.messageId ? ` ${req.messageId}` : ''} → ${res.status}`);
    return res;
  }

  private receive(req: DataTransferRequest): DataTransferResponse {
    const vendor = this.vendors[req.vendorId];
    if (!vendor) return { status: 'UnknownVendorId' };
    const handler = req.messageId === undefined ? undefined : vendor[req.messageId];
    if (!handler) return { status: 'UnknownMessageId', statusInfo: { reasonCode: 'UnknownMessageId', additionalInfo: `${req.vendorId} knows: ${Object.keys(vendor).join(', ')}` } };
    this.host.log.info('datatransfer', `${req.vendorId} ${req.messageId}`);
    return handler(req.data);
  }
}
