import { Args, Flags } from '@oclif/core';
import { LineCommand } from '../cli/base-command.js';
import { logLine } from '../cli/lines.js';

export default class Log extends LineCommand<typeof Log> {
  static summary = 'The last n lines of the station log; -f follows it.';
  static args = { n: Args.integer({ description: 'number of lines', min: 1 }) };
  static flags = {
    level: Flags.option({ description: 'only lines of this level and worse', options: ['info', 'warn', 'error'] as const })(),
    follow: Flags.boolean({ char: 'f', description: 'keep printing new lines as the station logs them (a running station: console, serve, run, or --port); Ctrl-C stops', default: false }),
  };
  static examples = ['<%= config.bin %> log 50', '<%= config.bin %> log --level warn', '<%= config.bin %> log -f --port /dev/ttyUSB0'];

  protected line(): string {
    return logLine(this.args.n, this.flags.level);
  }

  public async run(): Promise<void> {
    if (!this.flags.follow) return super.run();
    let line: string;
    try {
      line = this.line();
    } catch (err) {
      return this.fail(err);
    }
    const order = ['DEBUG', 'INFO', 'WARN', 'ERROR'];
    const least = order.indexOf((this.flags.level ?? 'debug').toUpperCase());
    await this.withTarget(async (target) => {
      await this.print(await target.request(line));
      const stopped = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      const off = target.onEvent?.((event) => {
        if (event.event !== 'log' || typeof event.line !== 'string') return;
        if (order.indexOf(event.line.split(':')[0]!) < least) return;
        process.stdout.write(this.flags.json ? `${JSON.stringify(event)}\n` : `${event.time ?? ''}:${event.line}\n`);
      });
      await stopped;
      off?.();
    });
  }
}
