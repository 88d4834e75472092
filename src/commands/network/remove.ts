import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { networkRemoveLine } from '../../cli/lines.js';

export default class NetworkRemove extends LineCommand<typeof NetworkRemove> {
  static summary = 'Delete a connection profile that is not in use.';
  static args = { slot: Args.integer({ description: 'configuration slot', required: true, min: 0 }) };

  protected line(): string {
    return networkRemoveLine(this.args.slot);
  }
}
