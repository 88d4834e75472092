import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { odSetLine } from '../../cli/lines.js';

export default class OdSet extends LineCommand<typeof OdSet> {
  static summary = 'Write one object dictionary entry.';
  static args = {
    id: Args.string({ description: 'object id IIII_SS, e.g. 2191_02', required: true }),
    value: Args.string({ description: 'new value', required: true }),
  };

  protected line(): string {
    return odSetLine(this.args.id, this.args.value);
  }
}
