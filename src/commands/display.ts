import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';

export default class Display extends LineCommand<typeof Display> {
  static summary = "What the charger's screen shows now (tariff, cost, the last transaction), and its last messages with their time.";
  static args = {
    n: Args.integer({ description: 'the last n messages (1..20, default 10)', min: 1, max: 20 }),
  };

  protected line(): string {
    return this.args.n === undefined ? 'display' : `display ${this.args.n}`;
  }
}
