import { LineCommand } from '../../cli/base-command.js';

export default class Reasons extends LineCommand<typeof Reasons> {
  static summary = 'Show the transaction start and stop points (TxCtrlr.TxStartPoint / TxStopPoint) as bitmask and names.';

  protected line(): string {
    return 'reasons';
  }
}
