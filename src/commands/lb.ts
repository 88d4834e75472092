import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { UsageError } from '../cli/lines.js';

const SETTINGS = ['limit', 'safe', 'timeout', 'includes', 'on', 'off'] as const;
type LbSetting = (typeof SETTINGS)[number];

/** `ng9 lb [setting [value]]` → the console line (`lb`, `lb limit 25`, `lb on`). */
export function lbLine(setting?: LbSetting, value?: string): string {
  if (setting === undefined) return 'lb';
  if (setting === 'on' || setting === 'off') {
    if (value !== undefined) throw new UsageError(`lb ${setting} takes no value`);
    return `lb ${setting}`;
  }
  if (value === undefined) throw new UsageError(`lb ${setting} needs a value`);
  if (value === '' || /\s/.test(value)) throw new UsageError(`${setting} must be a single word, got '${value}'`);
  return `lb ${setting} ${value}`;
}

export default class Lb extends LineCommand<typeof Lb> {
  static summary = 'Load balancing on the P1 meter: budget per phase, what each EVSE may draw, safe-current fallback; its settings.';
  static description =
    'limit <A>: maximum current per phase at the smart meter (P1SmartMeter.MaxCurrent); safe <A>: what the EVSEs share while P1 data is missing; ' +
    'timeout <s>: P1 silence before the safe current; includes on|off: the meter measures the station too; on|off: load balancing itself.';
  static args = {
    setting: Args.string({ description: 'what to set', options: [...SETTINGS] }),
    value: Args.string({ description: 'the new value' }),
  };
  static examples = ['<%= config.bin %> lb', '<%= config.bin %> lb --json', '<%= config.bin %> lb limit 25 --port /dev/ttyUSB0', '<%= config.bin %> lb on'];

  protected line(): string {
    return lbLine(this.args.setting as LbSetting | undefined, this.args.value);
  }
}
