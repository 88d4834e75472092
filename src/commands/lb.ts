import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { LB_SETTINGS, lbLine, type LbSetting } from '../cli/lines.js';

export default class Lb extends LineCommand<typeof Lb> {
  static summary = 'Load balancing on the P1 meter: budget per phase, what each EVSE may draw, safe-current fallback; its settings.';
  static description =
    'limit <A>: maximum current per phase at the smart meter (P1SmartMeter.MaxCurrent); safe <A>: what the EVSEs share while P1 data is missing; ' +
    'timeout <s>: P1 silence before the safe current; includes on|off: the meter measures the station too; on|off: load balancing itself.';
  static args = {
    setting: Args.string({ description: 'what to set', options: [...LB_SETTINGS] }),
    value: Args.string({ description: 'the new value' }),
  };
  static examples = ['<%= config.bin %> lb', '<%= config.bin %> lb --json', '<%= config.bin %> lb limit 25 --port /dev/ttyUSB0', '<%= config.bin %> lb on'];

  protected line(): string {
    return lbLine(this.args.setting as LbSetting | undefined, this.args.value);
  }
}
