/** N01 log file content and name (src/station/diagnostics/log-file.ts), and the 1.6 status mapping (ocpp/v16/diagnostics.ts). */
import { describe, expect, it } from 'vitest';
import { logFileName, logLines } from '../../../src/station/diagnostics/log-file.js';
import type { LogLine } from '../../../src/station/log.js';
import { logStatus16 } from '../../../src/station/ocpp/v16/diagnostics.js';

const T = Date.parse('2026-03-01T10:00:00Z');
const line = (min: number, text: string): LogLine => ({ ts: T + min * 60_000, level: 'INFO', source: 'test', text });
const sources = {
  diagnostics: () => [line(0, 'a'), line(1, 'b'), line(2, 'c')],
  security: (oldest = 0, latest = Infinity) =>
    [{ seq: 1, type: 'StartupOfTheDevice', at: T, techInfo: 'boot', critical: true, sent: true }, { seq: 2, type: 'Custom', at: T + 60_000, techInfo: 'x', critical: false, sent: true }].filter(
      (e) => e.at >= oldest && e.at <= latest,
    ),
};

describe('N01 log file', () => {
  it('N01.FR.04: DiagnosticsLog lines as the console shows them, the window with both ends included', () => {
    expect(logLines('DiagnosticsLog', {}, sources)).toHaveLength(3);
    expect(logLines('DiagnosticsLog', { oldest: T + 60_000, latest: T + 120_000 }, sources)).toEqual(['2026-03-01T10:01:00.000Z:INFO:test:b', '2026-03-01T10:02:00.000Z:INFO:test:c']);
    expect(logLines('DiagnosticsLog', { latest: T - 1 }, sources)).toEqual([]);
  });

  it('N01.FR.03: SecurityLog lines with critical / informational', () => {
    expect(logLines('SecurityLog', {}, sources)).toEqual(['2026-03-01T10:00:00.000Z:CRITICAL:StartupOfTheDevice:boot', '2026-03-01T10:01:00.000Z:INFO:Custom:x']);
  });

  it('names: station, log type, requestId, time to the second; none for a 1.6 GetDiagnostics', () => {
    expect(logFileName('CS001', 'SecurityLog', 7, T + 1_500)).toBe('CS001-SecurityLog-7-20260301T100001Z.log');
    expect(logFileName('CS001', 'DiagnosticsLog', -1234, T)).toBe('CS001-DiagnosticsLog-20260301T100000Z.log');
  });
});

describe('1.6 log statuses', () => {
  it('a GetDiagnostics upload (negative requestId) → DiagnosticsStatusNotification with the 1.6 words; AcceptedCanceled is not sent', () => {
    expect(logStatus16({ status: 'Uploading', requestId: -5 })).toEqual({ action: 'DiagnosticsStatusNotification', payload: { status: 'Uploading' } });
    expect(logStatus16({ status: 'UploadFailure', requestId: -5 })?.payload).toEqual({ status: 'UploadFailed' });
    expect(logStatus16({ status: 'PermissionDenied', requestId: -5 })?.payload).toEqual({ status: 'UploadFailed' });
    expect(logStatus16({ status: 'AcceptedCanceled', requestId: -5 })).toBeUndefined();
  });

  it('a GetLog upload → the Security Extension LogStatusNotification with its requestId; AcceptedCanceled is not sent', () => {
    expect(logStatus16({ status: 'PermissionDenied', requestId: 3 })).toEqual({ action: 'LogStatusNotification', payload: { status: 'PermissionDenied', requestId: 3 } });
    expect(logStatus16({ status: 'AcceptedCanceled', requestId: 3 })).toBeUndefined();
  });

  it('a triggered status goes out as the message the trigger asked for', () => {
    expect(logStatus16({ status: 'Idle' }, 'DiagnosticsStatusNotification')).toEqual({ action: 'DiagnosticsStatusNotification', payload: { status: 'Idle' } });
    expect(logStatus16({ status: 'Uploading', requestId: 3 }, 'DiagnosticsStatusNotification')?.payload).toEqual({ status: 'Uploading' });
    expect(logStatus16({ status: 'Idle' }, 'LogStatusNotification')).toEqual({ action: 'LogStatusNotification', payload: { status: 'Idle' } });
    expect(logStatus16({ status: 'Uploading', requestId: -5 }, 'LogStatusNotification')?.payload).toEqual({ status: 'Uploading' });
  });
});
