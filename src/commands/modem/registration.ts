import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';

export default class ModemRegistration extends LineCommand<typeof ModemRegistration> {
  static summary = 'Simulation: the mobile network denies registrations (dropping the current one), or takes them again.';
  static args = { answer: Args.string({ description: 'deny or ok', required: true, options: ['deny', 'ok'] }) };
  static examples = ['<%= config.bin %> modem registration deny'];

  protected line(): string {
    return `modem registration ${this.args.answer}`;
  }
}
