import { LineCommand } from '../cli/base-command.js';

export default class Queue extends LineCommand<typeof Queue> {
  static summary = 'Outbound transaction messages still waiting for the CSMS.';
  static examples = ['<%= config.bin %> queue', '<%= config.bin %> queue --json'];

  protected line(): string {
    return 'queue';
  }
}
