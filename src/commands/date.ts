import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { dateLine } from '../cli/lines.js';

export default class DateCommand extends LineCommand<typeof DateCommand> {
  static summary = 'Read or set the station clock.';
  static strict = false;
  static args = { value: Args.string({ description: 'yyyy-mm-dd hh:mm:ss[Z|±hh:mm]' }) };
  static examples = ['<%= config.bin %> date', '<%= config.bin %> date 2025-03-01 12:00:00Z'];

  protected line(): string {
    return dateLine(this.rest);
  }
}
