import { Args } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { masterpassLine } from '../cli/lines.js';

export default class Masterpass extends LineCommand<typeof Masterpass> {
  static summary = 'Show, set or clear the master pass group id (AuthCtrlr.MasterPassGroupId).';
  static args = { groupId: Args.string({ description: "group id, or 'clear'" }) };
  static examples = ['<%= config.bin %> masterpass', '<%= config.bin %> masterpass MASTER01', '<%= config.bin %> masterpass clear'];

  protected line(): string {
    return masterpassLine(this.args.groupId);
  }
}
