import { resolve } from 'node:path';
import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { quote } from '../../station/console/tokenize.js';

export default class FwInstall extends LineCommand<typeof FwInstall> {
  static summary = 'Install an FWI image on the station from a file (on the station\'s machine) or a URL; it reboots into it.';
  static description = 'Over a serial cable use `ng9 fw upload`: it sends the file and ends in this command on the charger.';
  static args = {
    source: Args.string({ required: true, description: 'file.fwi, or an http(s):// or ftp:// URL' }),
  };
  static examples = ['<%= config.bin %> fw install ng9-6.0.1.fwi', '<%= config.bin %> fw install https://example.com/ng9-6.0.1.fwi'];

  protected line(): string {
    const source = /^(https?|ftps?):\/\//i.test(this.args.source) ? this.args.source : resolve(this.args.source);
    return `fw install ${quote(source)}`;
  }
}
