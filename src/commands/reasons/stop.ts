import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { reasonsLine } from '../../cli/lines.js';

export default class ReasonsStop extends LineCommand<typeof ReasonsStop> {
  static summary = 'Set TxCtrlr.TxStopPoint from a bitmask or names.';
  static description =
    'Bits: 0 TX_ENERGY_TRANSFER, 1 TX_POWER_PATH_CLOSED, 2 TX_DATA_SIGNED, 3 TX_AUTHORIZED, 4 TX_EV_CONNECTED, 5 TX_PARKING_BAY_OCCUPANCY. Mask as decimal, 0x hex or 0b binary, or NAME[,NAME].';
  static args = { mask: Args.string({ description: 'mask (24, 0x18, 0b11000) or NAME[,NAME]', required: true }) };
  static examples = ['<%= config.bin %> reasons stop 0x18', '<%= config.bin %> reasons stop TX_AUTHORIZED,TX_EV_CONNECTED'];

  protected line(): string {
    return reasonsLine('stop', this.args.mask);
  }
}
