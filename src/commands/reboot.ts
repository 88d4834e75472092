import { LineCommand } from '../cli/base-command.js';

export default class Reboot extends LineCommand<typeof Reboot> {
  static summary = 'Reboot the station (as an OCPP Reset would).';

  protected line(): string {
    return 'reboot';
  }
}
