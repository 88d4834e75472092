/**
 * OCPP 1.6 log uploads through the 2.0.1 N01 block: Core's GetDiagnostics
 * (FirmwareManagement profile) and the Security Extension's GetLog. A
 * GetDiagnostics has no requestId: it gets a negative one (as a plain
 * UpdateFirmware does, firmware.ts), so that its statuses go out as
 * DiagnosticsStatusNotification with the four statuses 1.6 has; a GetLog's
 * go out as the extension's LogStatusNotification with its requestId.
 * AcceptedCanceled (N01.FR.20) has no 1.6 word: the canceled upload just
 * ends. A triggered status (Idle, or Uploading) goes out as the message the
 * trigger asked for.
 */
import type { Call201, Handler16 } from './incoming.js';
import { isPlainRequest, plainRequestId, withToldRequestId } from './request-ids.js';

export type LogStatusMessage16 = 'DiagnosticsStatusNotification' | 'LogStatusNotification';

/** 2.0.1 upload statuses → 1.6 DiagnosticsStatusNotification. */
const DIAGNOSTICS_STATUS_16: Readonly<Record<string, string>> = {
  Idle: 'Idle',
  Uploading: 'Uploading',
  Uploaded: 'Uploaded',
  UploadFailure: 'UploadFailed',
  PermissionDenied: 'UploadFailed',
  BadMessage: 'UploadFailed',
  NotSupportedOperation: 'UploadFailed',
};

interface GetDiagnostics16 {
  location: string;
  startTime?: string;
  stopTime?: string;
  retries?: number;
  retryInterval?: number;
}

type GetLogResponse201 = { status: string; filename?: string };

export function diagnosticsHandlers(call201: Call201, now: () => number): Record<string, Handler16> {
  return {
    GetDiagnostics: async (p: GetDiagnostics16) => {
      const log: Record<string, unknown> = { remoteLocation: p.location };
      if (p.startTime !== undefined) log.oldestTimestamp = p.startTime;
      if (p.stopTime !== undefined) log.latestTimestamp = p.stopTime;
      const req: Record<string, unknown> = { logType: 'DiagnosticsLog', requestId: plainRequestId(now()), log };
      if (p.retries !== undefined) req.retries = p.retries;
      if (p.retryInterval !== undefined) req.retryInterval = p.retryInterval;
      const r = await call201<GetLogResponse201>('GetLog', req, { status: 'Rejected' });
      // 1.6: no fileName = "no diagnostic information is available"
      return r.status !== 'Rejected' && r.filename ? { fileName: r.filename } : {};
    },
    // Security Extension: the same request; its answer has no statusInfo
    GetLog: async (p: object) => {
      const r = await call201<GetLogResponse201>('GetLog', p, { status: 'Rejected' });
      return r.filename !== undefined ? { status: r.status, filename: r.filename } : { status: r.status };
    },
  };
}

/** The 1.6 message for a 2.0.1 LogStatusNotification (`triggered`: the message a trigger asked for), or undefined when 1.6 has no word for it. */
export function logStatus16(p: { status: string; requestId?: number }, triggered?: LogStatusMessage16): { action: LogStatusMessage16; payload: object } | undefined {
  const plain = triggered ? triggered === 'DiagnosticsStatusNotification' : isPlainRequest(p.requestId);
  if (plain) {
    const status = DIAGNOSTICS_STATUS_16[p.status];
    return status ? { action: 'DiagnosticsStatusNotification', payload: { status } } : undefined;
  }
  if (p.status === 'AcceptedCanceled') return undefined;
  // a GetDiagnostics upload is no GetLog one: its (negative) requestId is not told
  return { action: 'LogStatusNotification', payload: withToldRequestId(p) };
}
