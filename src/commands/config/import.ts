import { Args, Flags } from '@oclif/core';
import { StationCommand } from '../../cli/base-command.js';
import { differencesWith, importProblem, readConfigFile } from '../../cli/config-file.js';
import { configSetLine, UsageError } from '../../cli/lines.js';

export default class ConfigImport extends StationCommand<typeof ConfigImport> {
  static summary = "Write a config file's values into the station: all of them, or none (a refused value rolls back the ones written).";
  static args = { file: Args.string({ description: "a file made by 'ng9 config export'", required: true }) };
  static flags = { yes: Flags.boolean({ char: 'y', description: 'do not ask; scripts must say --yes', default: false }) };
  static examples = ['<%= config.bin %> config import site.json --yes --port /dev/ttyUSB0'];

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
      const diffs = found.diffs;
      const problems = diffs.map(importProblem).filter((p): p is string => p !== undefined);
      if (problems.length) return this.fail(new UsageError(`${this.args.file} cannot be imported, nothing changed: ${problems.join('; ')}`));
      if (diffs.length === 0) return this.print({ ok: true, data: { changed: [] } });
      if (!(await this.confirmed(`write ${diffs.length} value${diffs.length === 1 ? '' : 's'} into the station`))) {
        return this.fail(new UsageError('nothing changed: confirm, or pass --yes'));
      }
      const written: typeof diffs = [];
      for (const d of diffs) {
        const reply = await target.request(configSetLine(d.key, d.file));
        if (reply.ok) {
          written.push(d);
          continue;
        }
        // all or nothing: put back what was written before this refusal
        for (const w of written.reverse()) await target.request(configSetLine(w.key, w.station ?? ''));
        return this.report({ code: reply.error.code, message: `${d.key} = ${d.file} refused (${reply.error.message}); the ${written.length} value(s) written before were put back` }, 1);
      }
      await this.print({ ok: true, data: { changed: diffs.map((d) => ({ key: d.key, from: d.station, to: d.file })) } });
    });
  }

  private async confirmed(what: string): Promise<boolean> {
    if (this.flags.yes) return true;
    if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
    const { confirm } = await import('@inquirer/prompts');
    return confirm({ message: `${what}?`, default: false });
  }
}
