import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { p1Line } from '../../cli/lines.js';

export default class P1Interface extends LineCommand<typeof P1Interface> {
  static summary = 'Where the P1 telegrams come from (OD 2191_01).';
  static args = { value: Args.string({ description: 'serial or telnet', required: true, options: ['serial', 'telnet'] }) };

  protected line(): string {
    return p1Line('interface', this.args.value);
  }
}
