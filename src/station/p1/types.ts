import type { P1SourceState } from '../../hardware/p1/source.js';

/** `off`: the station is not running; `not configured`: telnet without a host, or serial without a device (`p1 device`). */
export type P1LinkState = 'off' | 'not configured' | P1SourceState;

/** The station event of the P1 link (console `json on`, `trace`). */
export interface P1Event {
  event: 'p1';
  linkState: P1LinkState;
  error: string | null;
}
