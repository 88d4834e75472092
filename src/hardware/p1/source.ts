import type { Listeners } from '../../station/listeners.js';
import type { Telegram } from './telegram.js';

export type P1SourceState = 'connecting' | 'connected' | 'disconnected';

/** Where P1 telegrams come from: the serial P1 port or a P1-to-network converter (telnet). */
export interface P1Source {
  /** Human-readable origin for logs, e.g. `telnet 192.168.1.20:23`, `serial /dev/ttyS2`. */
  readonly description: string;
  /** Connect (again and again, with back-off, until stopped). */
  start(): void;
  stop(): Promise<void>;
  readonly telegrams: Listeners<Telegram>;
  /** A telegram was refused or bytes were skipped; the reason. */
  readonly bad: Listeners<string>;
  readonly state: P1SourceState;
  readonly stateChanged: Listeners<P1SourceState>;
}

/** What a source reports for the station log. */
export type SourceLog = (level: 'info' | 'warn', text: string) => void;
