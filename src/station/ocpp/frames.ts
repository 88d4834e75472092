/** OCPP-J message frames: parse raw text, serialize outgoing frames. */
import { errorCodes, type OcppVersion } from './errors.js';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;

export interface CallFrame {
  type: typeof CALL;
  id: string;
  action: string;
  payload: unknown;
}

export interface CallResultFrame {
  type: typeof CALLRESULT;
  id: string;
  payload: unknown;
}

export interface CallErrorFrame {
  type: typeof CALLERROR;
  id: string;
  code: string;
  description: string;
  details: unknown;
}

export type Frame = CallFrame | CallResultFrame | CallErrorFrame;

/** A frame that could not be taken in, and what to do about it. */
export interface FrameProblem {
  /** The message type number, when one could be read. */
  type?: number;
  /** The message id, "-1" when none could be read. */
  id: string;
  code: string;
  description: string;
  /**
   * Whether to answer with a CALLERROR. A broken CALLRESULT or CALLERROR is
   * not answered: errors about responses could bounce between two peers forever.
   */
  answer: boolean;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; problem: FrameProblem };

export function parseFrame(raw: string, version: OcppVersion): ParseResult {
  const codes = errorCodes(version);
  const unreadable = (description: string): ParseResult => ({
    ok: false,
    problem: { id: '-1', code: codes.unreadable, description, answer: true },
  });

  let message: unknown;
  try {
    message = JSON.parse(raw);
  } catch {
    return unreadable('frame is not valid JSON');
  }
  if (!Array.isArray(message)) return unreadable('frame is not a JSON array');
  const [type, id] = message as unknown[];
  if (typeof id !== 'string' || id === '') return unreadable('frame has no readable message id');

  const problem = (t: number, code: string, description: string, answer: boolean): ParseResult => ({
    ok: false,
    problem: { type: t, id, code, description, answer },
  });

  switch (type) {
    case CALL: {
      const [, , action, payload] = message as unknown[];
      if (message.length !== 4 || typeof action !== 'string' || action === '') {
        return problem(CALL, codes.badFrame, 'CALL must be [2, id, action, payload]', true);
      }
      return { ok: true, frame: { type: CALL, id, action, payload } };
    }
    case CALLRESULT:
      if (message.length !== 3) {
        return problem(CALLRESULT, codes.badFrame, 'CALLRESULT must be [3, id, payload]', false);
      }
      return { ok: true, frame: { type: CALLRESULT, id, payload: message[2] } };
    case CALLERROR: {
      // Details are optional in practice: some peers omit them.
      const [, , code, description, details] = message as unknown[];
      if (message.length < 4 || message.length > 5 || typeof code !== 'string' || typeof description !== 'string') {
        return problem(CALLERROR, codes.badFrame, 'CALLERROR must be [4, id, code, description, details]', false);
      }
      return { ok: true, frame: { type: CALLERROR, id, code, description, details: details ?? {} } };
    }
    default:
      return {
        ok: false,
        problem: {
          type: typeof type === 'number' ? type : undefined,
          id,
          code: codes.messageType,
          description: `message type ${JSON.stringify(type)} is not supported`,
          answer: true,
        },
      };
  }
}

export function serializeCall(id: string, action: string, payload: unknown): string {
  return JSON.stringify([CALL, id, action, payload]);
}

export function serializeResult(id: string, payload: unknown): string {
  return JSON.stringify([CALLRESULT, id, payload]);
}

export function serializeError(id: string, code: string, description: string, details: unknown = {}): string {
  return JSON.stringify([CALLERROR, id, code, description, details]);
}
