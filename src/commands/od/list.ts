import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { odListLine } from '../../cli/lines.js';

export default class OdList extends LineCommand<typeof OdList> {
  static summary = 'List object dictionary entries.';
  static args = { filter: Args.string({ description: 'only ids or names containing this text' }) };

  protected line(): string {
    return odListLine(this.args.filter);
  }
}
