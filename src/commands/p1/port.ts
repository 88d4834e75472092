import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { p1Line } from '../../cli/lines.js';

export default class P1Port extends LineCommand<typeof P1Port> {
  static summary = 'P1 telnet TCP port (OD 2191_03). (--port is still the serial port of the charger.)';
  static args = { tcpPort: Args.integer({ description: 'TCP port', required: true, min: 1, max: 65535 }) };

  protected line(): string {
    return p1Line('port', this.args.tcpPort);
  }
}
