/**
 * OCPP 1.6 firmware update through the 2.0.1 L01 block: Core's
 * UpdateFirmware (FirmwareManagement profile) and the Security Extension's
 * SignedUpdateFirmware. A plain UpdateFirmware has no requestId: it gets a
 * negative one, so that its status notifications — also those told after
 * the reboot into the new firmware — go out as the 1.6
 * FirmwareStatusNotification, with the statuses 1.6 has; the signed one's go
 * out as SignedFirmwareStatusNotification.
 */
import type { Call201, Handler16 } from './incoming.js';
import { isPlainRequest, plainRequestId, withToldRequestId } from './request-ids.js';

/** 2.0.1 statuses → 1.6 FirmwareStatusNotification; the others have no 1.6 word and are not sent. */
const PLAIN_STATUS_16: Readonly<Record<string, string>> = {
  Downloading: 'Downloading',
  Downloaded: 'Downloaded',
  DownloadFailed: 'DownloadFailed',
  Installing: 'Installing',
  Installed: 'Installed',
  InstallationFailed: 'InstallationFailed',
  InvalidSignature: 'InstallationFailed',
  InstallVerificationFailed: 'InstallationFailed',
  Idle: 'Idle',
};

export function firmwareHandlers(call201: Call201, now: () => number): Record<string, Handler16> {
  return {
    UpdateFirmware: async (p: { location: string; retrieveDate: string; retries?: number; retryInterval?: number }) => {
      const req: Record<string, unknown> = { requestId: plainRequestId(now()), firmware: { location: p.location, retrieveDateTime: p.retrieveDate } };
      if (p.retries !== undefined) req.retries = p.retries;
      if (p.retryInterval !== undefined) req.retryInterval = p.retryInterval;
      await call201('UpdateFirmware', req, {});
      return {};
    },
    SignedUpdateFirmware: async (p: object) => {
      const r = await call201<{ status: string }>('UpdateFirmware', p, { status: 'Rejected' });
      return { status: r.status };
    },
  };
}

/** The 1.6 message for a 2.0.1 FirmwareStatusNotification, or undefined when 1.6 has no word for the status. */
export function firmwareStatus16(p: { status: string; requestId?: number }, signed = false): { action: string; payload: object } | undefined {
  if (signed) return { action: 'SignedFirmwareStatusNotification', payload: withToldRequestId(p) };
  if (p.requestId === undefined || isPlainRequest(p.requestId)) {
    const status = PLAIN_STATUS_16[p.status];
    return status ? { action: 'FirmwareStatusNotification', payload: { status } } : undefined;
  }
  return { action: 'SignedFirmwareStatusNotification', payload: { status: p.status, requestId: p.requestId } };
}
