import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { networkSetLine } from '../../cli/lines.js';
import { profileFlags } from '../../cli/profile-flags.js';

export default class NetworkSet extends LineCommand<typeof NetworkSet> {
  static summary = 'Write a connection profile into a slot (what SetNetworkProfile writes).';
  static args = {
    slot: Args.integer({ description: 'configuration slot', required: true, min: 0 }),
    interface: Args.string({ description: 'Wired0, Wired1, Wireless0, Wireless1 ...', required: true }),
    url: Args.string({ description: 'CSMS URL ws(s)://...', required: true }),
  };
  static flags = profileFlags;
  static examples = [
    '<%= config.bin %> network set 1 Wired0 wss://csms.example.com/ocpp --sp 2',
    '<%= config.bin %> network set 2 Wireless0 wss://csms.example.com/ocpp --apn internet --port /dev/ttyUSB0',
  ];

  protected line(): string {
    const f = this.flags;
    return networkSetLine({
      slot: this.args.slot,
      iface: this.args.interface,
      url: this.args.url,
      sp: f.sp,
      apn: f.apn,
      apnUser: f['apn-user'],
      apnPassword: f['apn-password'],
      ocpp: f.ocpp,
    });
  }
}
