import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { configLine } from '../../cli/lines.js';

export default class Config extends LineCommand<typeof Config> {
  static summary = 'List configuration: OCPP 1.6 keys and 2.0.1 Component[.instance][/evse].Variable values.';
  static args = { filter: Args.string({ description: 'only keys containing this text' }) };
  static examples = ['<%= config.bin %> config', '<%= config.bin %> config TxCtrlr'];

  protected line(): string {
    return configLine(this.args.filter);
  }
}
