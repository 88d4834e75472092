import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { p1Line } from '../../cli/lines.js';

export default class P1Host extends LineCommand<typeof P1Host> {
  static summary = 'P1 telnet host (OD 2191_02).';
  static args = { host: Args.string({ description: 'IP address', required: true }) };

  protected line(): string {
    return p1Line('host', this.args.host);
  }
}
