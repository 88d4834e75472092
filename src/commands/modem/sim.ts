import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { quote } from '../../station/console/tokenize.js';

export default class ModemSim extends LineCommand<typeof ModemSim> {
  static summary = 'Simulation: the SIM card is missing, in without a PIN lock (ok), or in and locked with a PIN.';
  static args = {
    state: Args.string({ description: 'missing, ok or pin', required: true, options: ['missing', 'ok', 'pin'] }),
    code: Args.string({ description: 'the PIN (4-8 digits) after pin' }),
  };
  static examples = ['<%= config.bin %> modem sim pin 1234', '<%= config.bin %> modem sim missing'];

  protected line(): string {
    return ['modem', 'sim', this.args.state, this.args.code].filter((w): w is string => w !== undefined).map(quote).join(' ');
  }
}
