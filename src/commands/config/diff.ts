import { readFileSync } from 'node:fs';
import { Args } from '@oclif/core';
import { StationCommand } from '../../cli/base-command.js';
import { diffConfig, parseConfigFile, type StationKey } from '../../cli/config-file.js';
import { UsageError } from '../../cli/lines.js';

export default class ConfigDiff extends StationCommand<typeof ConfigDiff> {
  static summary = 'Show where a config file and the station differ (exit code 1 when they do).';
  static args = { file: Args.string({ description: "a file made by 'ng9 config export'", required: true }) };
  static examples = ['<%= config.bin %> config diff site.json --port /dev/ttyUSB0'];

  public async run(): Promise<void> {
    let file;
    try {
      file = parseConfigFile(readText(this.args.file), this.args.file);
    } catch (err) {
      return this.fail(err);
    }
    await this.withTarget(async (target) => {
      const keys = await target.request('config');
      if (!keys.ok) return this.report(keys.error, 1);
      const diffs = diffConfig(file, (keys.data as { keys: StationKey[] }).keys);
      await this.print({ ok: true, data: { differences: diffs } });
      if (diffs.length) process.exitCode = 1;
    });
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
