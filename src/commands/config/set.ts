import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { configSetLine } from '../../cli/lines.js';

export default class ConfigSet extends LineCommand<typeof ConfigSet> {
  static summary = 'Write one configuration value, with the validation the CSMS gets.';
  static args = {
    key: Args.string({ description: 'OCPP 1.6 key or Component[.instance][/evse].Variable', required: true }),
    value: Args.string({ description: 'new value', required: true }),
  };
  static examples = ['<%= config.bin %> config set OCPPCommCtrlr.HeartbeatInterval 300'];

  protected line(): string {
    return configSetLine(this.args.key, this.args.value);
  }
}
