import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { execLine } from '../cli/lines.js';

export default class Exec extends LineCommand<typeof Exec> {
  static summary = 'Send any console line as is and print its reply.';
  static strict = false;
  static args = { line: Args.string({ description: 'the console line (quote it, or give its words)', required: true }) };
  static examples = ['<%= config.bin %> exec "tx"', '<%= config.bin %> exec lb --json', '<%= config.bin %> exec "swipe 04A1B2C3 1"'];

  protected line(): string {
    return execLine(this.rest);
  }
}
