import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { odGetLine } from '../../cli/lines.js';

export default class OdGet extends LineCommand<typeof OdGet> {
  static summary = 'Read one object dictionary entry.';
  static args = { id: Args.string({ description: 'object id IIII_SS, e.g. 2191_01', required: true }) };

  protected line(): string {
    return odGetLine(this.args.id);
  }
}
