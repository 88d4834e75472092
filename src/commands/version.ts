import { LineCommand } from '../cli/base-command.js';

export default class Version extends LineCommand<typeof Version> {
  static summary = 'Firmware, bootloader, platform and serial number of the station.';
  static examples = ['<%= config.bin %> version', '<%= config.bin %> version --port /dev/ttyUSB0 --json'];

  protected line(): string {
    return 'version';
  }
}
