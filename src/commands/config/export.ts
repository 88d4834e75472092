import { writeFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { StationCommand } from '../../cli/base-command.js';
import { exportConfig, type StationKey } from '../../cli/config-file.js';

export default class ConfigExport extends StationCommand<typeof ConfigExport> {
  static summary = "Write the station's writable configuration to a file (or stdout), to import it into other stations.";
  static flags = { file: Flags.string({ char: 'f', description: 'file to write (default: stdout)' }) };
  static examples = ['<%= config.bin %> config export -f site.json --port /dev/ttyUSB0'];

  public async run(): Promise<void> {
    await this.withTarget(async (target) => {
      const [keys, status] = [await target.request('config'), await target.request('status')];
      if (!keys.ok) return this.report(keys.error, 1);
      const stationId = status.ok ? ((status.data as { stationId?: string }).stationId ?? undefined) : undefined;
      const file = exportConfig((keys.data as { keys: StationKey[] }).keys, { stationId, exportedAt: new Date().toISOString() });
      const text = `${JSON.stringify(file, null, 2)}\n`;
      if (!this.flags.file) process.stdout.write(text);
      else {
        writeFileSync(this.flags.file, text);
        process.stderr.write(`${Object.keys(file.keys).length} keys written to ${this.flags.file}\n`);
      }
    });
  }
}
