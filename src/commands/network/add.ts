import { Args, Flags } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { networkSetLine } from '../../cli/lines.js';
import { profileFlags } from '../../cli/profile-flags.js';

export default class NetworkAdd extends LineCommand<typeof NetworkAdd> {
  static summary = "Write a connection profile with flags (same console line as 'network set').";
  static args = { slot: Args.integer({ description: 'configuration slot', required: true, min: 0 }) };
  static flags = {
    url: Flags.string({ description: 'CSMS URL ws(s)://...', required: true }),
    interface: Flags.string({ description: 'Wired0, Wired1, Wireless0, Wireless1 ...', default: 'Wired0' }),
    ...profileFlags,
  };
  static examples = ['<%= config.bin %> network add 1 --url wss://csms.example.com/ocpp --port /dev/ttyUSB0 --json'];

  protected line(): string {
    const f = this.flags;
    return networkSetLine({
      slot: this.args.slot,
      iface: f.interface,
      url: f.url,
      sp: f.sp,
      apn: f.apn,
      apnUser: f['apn-user'],
      apnPassword: f['apn-password'],
      ocpp: f.ocpp,
    });
  }
}
