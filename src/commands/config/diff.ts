import { Args } from '@oclif/core';
import { StationCommand } from '../../cli/base-command.js';
import { differencesWith, readConfigFile } from '../../cli/config-file.js';

export default class ConfigDiff extends StationCommand<typeof ConfigDiff> {
  static summary = 'Show where a config file and the station differ (exit code 1 when they do).';
  static args = { file: Args.string({ description: "a file made by 'ng9 config export'", required: true }) };
  static examples = ['<%= config.bin %> config diff site.json --port /dev/ttyUSB0'];

  public async run(): Promise<void> {
    let file;
    try {
      file = readConfigFile(this.args.file);
    } catch (err) {
      return this.fail(err);
    }
    await this.withTarget(async (target) => {
      const found = await differencesWith(target, file);
      if (!found.ok) return this.report(found.error, 1);
      await this.print({ ok: true, data: { differences: found.diffs } });
      if (found.diffs.length) process.exitCode = 1;
    });
  }
}
