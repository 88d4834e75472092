import { LineCommand } from '../../cli/base-command.js';

export default class Modem extends LineCommand<typeof Modem> {
  static summary = 'Mobile modem (Wireless0): power state, SIM, network registration, APN, ICCID / IMSI.';
  static examples = ['<%= config.bin %> modem', '<%= config.bin %> modem --json --port /dev/ttyUSB0'];

  protected line(): string {
    return 'modem';
  }
}
