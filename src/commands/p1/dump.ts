import { LineCommand } from '../../cli/base-command.js';

export default class P1Dump extends LineCommand<typeof P1Dump> {
  static summary = 'The last raw P1 telegram.';

  protected line(): string {
    return 'p1 dump';
  }
}
