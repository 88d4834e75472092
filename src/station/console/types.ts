import type { Station } from '../station.js';
import type { ServiceLogin } from './service-login.js';

export type ErrorCode = 'UNKNOWN_COMMAND' | 'BAD_ARGUMENT' | 'DENIED' | 'NOT_SUPPORTED' | 'NOT_SIMULATED' | 'BUSY' | 'INTERNAL';

/** Thrown by a command to answer `ERR <code> <message>`; nothing may have changed. */
export class ConsoleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function badArgument(message: string): ConsoleError {
  return new ConsoleError('BAD_ARGUMENT', message);
}

/** A successful reply: structured data (JSON mode) and the text lines a technician reads. */
export interface Reply {
  data: unknown;
  text?: string[];
}

export interface SessionState {
  json: boolean;
  trace: boolean;
  service: boolean;
  /** A person's terminal: echo, line editing, a prompt (serial console); `json on` turns it off. */
  echo?: boolean;
}

export interface CommandInput {
  station: Station;
  session: SessionState;
  /** Words after the command's own words, quotes removed. */
  args: string[];
  /** Every command of this console (help). */
  commands: readonly Command[];
  /** The station's service login (one per station: its lockout holds across sessions). */
  serviceLogin: ServiceLogin;
}

export interface Command {
  /** The command's words, e.g. ['network', 'set']; matched case-insensitively, longest first. */
  words: string[];
  usage: string;
  summary: string;
  /** Destructive: needs `login service`. */
  service?: boolean;
  /** Drives simulated hardware: NOT_SIMULATED on real hardware. */
  sim?: boolean;
  run(input: CommandInput): Reply | Promise<Reply>;
}
