import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { configGetLine } from '../../cli/lines.js';

export default class ConfigGet extends LineCommand<typeof ConfigGet> {
  static summary = 'Read one configuration value.';
  static args = { key: Args.string({ description: 'OCPP 1.6 key or Component[.instance][/evse].Variable', required: true }) };
  static examples = ['<%= config.bin %> config get OCPPCommCtrlr.HeartbeatInterval'];

  protected line(): string {
    return configGetLine(this.args.key);
  }
}
