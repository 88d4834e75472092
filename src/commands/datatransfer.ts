import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { quote } from '../station/console/tokenize.js';

export default class DataTransfer extends LineCommand<typeof DataTransfer> {
  static summary = 'P02: send a DataTransfer to the CSMS and show its answer.';
  static args = {
    vendorId: Args.string({ required: true, description: 'vendor id (≤ 255 characters)' }),
    messageId: Args.string({ description: 'message id (≤ 50 characters)' }),
    data: Args.string({ description: 'data: JSON, or text' }),
  };
  static examples = ['<%= config.bin %> datatransfer com.example.csms Ping', `<%= config.bin %> datatransfer com.example.csms Meter '{"reading":12}'`];

  protected line(): string {
    return ['datatransfer', this.args.vendorId, this.args.messageId, this.args.data].filter((w): w is string => w !== undefined).map(quote).join(' ');
  }
}
