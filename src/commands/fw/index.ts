import { LineCommand } from '../../cli/base-command.js';

export default class Fw extends LineCommand<typeof Fw> {
  static summary = 'Running firmware (slot, trial), bootloader, video resource, the pending image and its state.';
  static examples = ['<%= config.bin %> fw', '<%= config.bin %> fw --port /dev/ttyUSB0 --json'];

  protected line(): string {
    return 'fw';
  }
}
