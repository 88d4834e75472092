import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { logLine } from '../cli/lines.js';

export default class Log extends LineCommand<typeof Log> {
  static summary = 'The last n lines of the station log.';
  static args = { n: Args.integer({ description: 'number of lines', min: 1 }) };
  static examples = ['<%= config.bin %> log 50'];

  protected line(): string {
    return logLine(this.args.n);
  }
}
