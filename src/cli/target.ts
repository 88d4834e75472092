/**
 * Where a console line goes: the embedded station (InProcessTarget) or a
 * charger at the other end of a serial cable (SerialTarget). Both speak the
 * one console protocol of CONSOLE.md in machine (JSON) mode.
 */

export interface ReplyError {
  code: string;
  message: string;
}

export type TargetReply = { ok: true; data: unknown } | { ok: false; error: ReplyError };

/** An asynchronous `{"event":...}` line from the station. */
export interface TargetEvent {
  event: string;
  [key: string]: unknown;
}

export interface Target {
  /** Send one console line; resolves with its reply (an ERR reply is not a rejection). */
  request(line: string): Promise<TargetReply>;
  /** Listen to asynchronous events; returns the function that stops listening. */
  onEvent?(fn: (event: TargetEvent) => void): () => void;
  close(): Promise<void>;
}

/**
 * The target could not be reached or stopped answering (wrong serial path,
 * timeout): not a console reply. The CLI prints `message` and exits with
 * `exitCode` (2: a usage / connection problem the technician must fix).
 */
export class TargetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * Classify one line received from a station in JSON mode: a reply, an event,
 * or noise (echo, boot banner, a text line) that the caller skips.
 */
export function parseProtocolLine(raw: string): { kind: 'reply'; reply: TargetReply } | { kind: 'event'; event: TargetEvent } | { kind: 'noise'; text: string } {
  const text = raw.replace(/\r$/, '');
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return { kind: 'noise', text };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: 'noise', text };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (typeof obj.event === 'string') return { kind: 'event', event: obj as TargetEvent };
    if (obj.ok === true) return { kind: 'reply', reply: { ok: true, data: obj.data ?? null } };
    if (obj.ok === false && obj.error && typeof obj.error === 'object') {
      const e = obj.error as Record<string, unknown>;
      return { kind: 'reply', reply: { ok: false, error: { code: String(e.code ?? 'INTERNAL'), message: String(e.message ?? '') } } };
    }
  }
  return { kind: 'noise', text };
}

/**
 * A text-mode status line (`OK` / `ERR <CODE> <message>`), or undefined for
 * an ordinary reply line. Used where a station answers in text (after
 * `json off`, or a raw serial console).
 */
export function parseStatusLine(raw: string): TargetReply | undefined {
  const text = raw.replace(/\r$/, '').trim();
  if (text === 'OK') return { ok: true, data: null };
  const m = /^ERR ([A-Z_]+)(?: (.*))?$/.exec(text);
  if (m) return { ok: false, error: { code: m[1]!, message: m[2] ?? '' } };
  return undefined;
}
