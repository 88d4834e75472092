import { LineCommand } from '../cli/base-command.js';

export default class Status extends LineCommand<typeof Status> {
  static summary = 'Registration, CSMS link, active network slot, availability and each EVSE.';
  static examples = ['<%= config.bin %> status', '<%= config.bin %> status --port /dev/ttyUSB0'];

  protected line(): string {
    return 'status';
  }
}
