import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { txLine } from '../cli/lines.js';

export default class Tx extends LineCommand<typeof Tx> {
  static summary = 'Open and recent transactions: evse, state, seqNo, energy, stop reason.';
  static args = { transactionId: Args.string({ description: 'one transaction in detail' }) };
  static examples = ['<%= config.bin %> tx', '<%= config.bin %> tx 5f1c... --json', '<%= config.bin %> tx --port /dev/ttyUSB0'];

  protected line(): string {
    return txLine(this.args.transactionId);
  }
}
