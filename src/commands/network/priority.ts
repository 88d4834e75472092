import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { networkPriorityLine } from '../../cli/lines.js';

export default class NetworkPriority extends LineCommand<typeof NetworkPriority> {
  static summary = 'Place a slot in NetworkConfigurationPriority (1 highest .. 4 lowest), or take it out.';
  static args = {
    slot: Args.integer({ description: 'configuration slot', required: true, min: 0 }),
    priority: Args.string({ description: "1-4, or 'off'", required: true }),
  };
  static examples = ['<%= config.bin %> network priority 1 1', '<%= config.bin %> network priority 2 off'];

  protected line(): string {
    return networkPriorityLine(this.args.slot, this.args.priority);
  }
}
