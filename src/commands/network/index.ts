import { LineCommand } from '../../cli/base-command.js';

export default class Network extends LineCommand<typeof Network> {
  static summary = 'List the network connection profiles: slot, priority, interface, url, security profile, state.';

  protected line(): string {
    return 'network';
  }
}
