import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { p1Line } from '../../cli/lines.js';

export default class P1Device extends LineCommand<typeof P1Device> {
  static summary = "Serial device the P1 meter's port is wired to (kept across restarts); none: no serial P1.";
  static args = { path: Args.string({ description: 'e.g. /dev/ttyUSB0, or none', required: true }) };

  protected line(): string {
    return p1Line('device', this.args.path);
  }
}
