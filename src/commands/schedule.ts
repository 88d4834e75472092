import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { scheduleLine } from '../cli/lines.js';

export default class Schedule extends LineCommand<typeof Schedule> {
  static summary = 'Composite charging schedule (what GetCompositeSchedule returns) as a table and a chart of limit over time.';
  static args = {
    evse: Args.integer({ description: 'EVSE id, 0 = the whole station', min: 0 }),
    duration: Args.string({ description: 'how far ahead, e.g. 2h, 90m (default: the console default)' }),
  };
  static examples = ['<%= config.bin %> schedule', '<%= config.bin %> schedule 1 2h', '<%= config.bin %> schedule 0 --json'];

  protected line(): string {
    return scheduleLine(this.args.evse, this.args.duration);
  }
}
