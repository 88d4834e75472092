import type { Display, DisplayMessage } from '../interfaces.js';

/** A simulated screen: it keeps what it was told to show. */
export class SimDisplay implements Display {
  readonly shown: DisplayMessage[] = [];

  show(message: DisplayMessage): void {
    this.shown.push(message);
    if (this.shown.length > 100) this.shown.shift();
  }

  get current(): DisplayMessage | undefined {
    return this.shown[this.shown.length - 1];
  }
}
