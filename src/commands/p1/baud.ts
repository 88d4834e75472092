import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { p1Line } from '../../cli/lines.js';

export default class P1Baud extends LineCommand<typeof P1Baud> {
  static summary = 'Serial P1 line: 115200 = 8N1 (DSMR 4/5, e-MUCS), 9600 = 7E1 (DSMR 2.2/3).';
  static args = { baud: Args.string({ description: '115200 or 9600', required: true, options: ['115200', '9600'] }) };

  protected line(): string {
    return p1Line('baud', this.args.baud);
  }
}
