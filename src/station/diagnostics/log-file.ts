/**
 * What a GetLog uploads (N01.FR.03 / N01.FR.04), one text line per entry,
 * oldest first, limited to the request's time window (both ends included):
 * - DiagnosticsLog: the station log, as the console's `log` shows it;
 * - SecurityLog: the durable security log (A04), `<time>:<CRITICAL|INFO>:<type>:<techInfo>`.
 */
import { type LogLine, formatLogLine } from '../log.js';
import type { SecurityLogEntry } from '../security/security-log.js';

export type LogType = 'DiagnosticsLog' | 'SecurityLog';

export interface Window {
  oldest?: number;
  latest?: number;
}

/** Every line the station log keeps (the store trims it to the last 5000 or so). */
export const DIAGNOSTICS_LINES = 10_000;

export interface LogSources {
  diagnostics(n: number): LogLine[];
  security(oldest?: number, latest?: number): SecurityLogEntry[];
}

export function logLines(type: LogType, window: Window, sources: LogSources): string[] {
  if (type === 'SecurityLog') return sources.security(window.oldest, window.latest).map(securityLine);
  return sources
    .diagnostics(DIAGNOSTICS_LINES)
    .filter((l) => (window.oldest === undefined || l.ts >= window.oldest) && (window.latest === undefined || l.ts <= window.latest))
    .map(formatLogLine);
}

export function securityLine(e: Pick<SecurityLogEntry, 'at' | 'type' | 'techInfo' | 'critical'>): string {
  return `${new Date(e.at).toISOString()}:${e.critical ? 'CRITICAL' : 'INFO'}:${e.type}:${e.techInfo}`;
}

/** `CS001-DiagnosticsLog-42-20260301T100000Z.log`; a 1.6 GetDiagnostics (negative requestId, v16/diagnostics.ts) has no id in it. */
export function logFileName(stationId: string, type: LogType, requestId: number, at: number): string {
  const time = new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${stationId}-${type}-${requestId >= 0 ? `${requestId}-` : ''}${time}.log`;
}
