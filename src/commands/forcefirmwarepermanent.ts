import { LineCommand } from '../cli/base-command.js';

export default class ForceFirmwarePermanent extends LineCommand<typeof ForceFirmwarePermanent> {
  static summary = 'Keep the firmware that runs on trial (else the next boot goes back to the one before).';

  protected line(): string {
    return 'forcefirmwarepermanent';
  }
}
