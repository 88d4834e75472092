import { LineCommand } from '../../cli/base-command.js';

export default class P1 extends LineCommand<typeof P1> {
  static summary = 'P1 smart meter: interface, host:port, link, telegram age, CRC counts, DSMR version, per-phase current and voltage.';

  protected line(): string {
    return 'p1';
  }
}
