/**
 * What the charger's screen shows: the engine's side of the display. Every
 * message goes to the display hardware, if the charger has one, and is kept
 * with its time for the console's `display`.
 */
import type { DisplayMessage } from '../../hardware/interfaces.js';
import type { StationBase } from '../host.js';

export type ScreenHost = Pick<StationBase, 'clock' | 'hardware' | 'log'>;

export interface Shown extends DisplayMessage {
  /** epoch ms */
  at: number;
}

const KEPT = 20;

export class Screen {
  private readonly shown: Shown[] = [];

  constructor(private readonly host: ScreenHost) {}

  show(message: DisplayMessage): void {
    this.shown.push({ ...message, at: this.host.clock.now() });
    if (this.shown.length > KEPT) this.shown.shift();
    this.host.log.info('display', `${message.evseId ? `EVSE ${message.evseId}: ` : ''}${message.text}`);
    this.host.hardware.display?.show(message);
  }

  /** What the screen shows now. */
  get current(): Shown | undefined {
    return this.shown[this.shown.length - 1];
  }

  /** The last messages, oldest first. */
  recent(n = 10): Shown[] {
    return this.shown.slice(-n);
  }
}
