/**
 * The base of every ng9 command that talks to a station: the common flags
 * (which station, how to reach it, how to print), opening the Target, the
 * service login, and the rendering of the reply with the exit codes:
 * 0 OK, 1 an `ERR` reply, 2 a usage error or an unreachable serial port.
 */
import { Command, Flags, type Interfaces } from '@oclif/core';
import { loginLine, UsageError } from './lines.js';
import { printFailure, printReply } from './output.js';
import { identityProblem } from '../station/identity.js';
import { openTarget } from './open-target.js';
import { DEFAULT_STATION_ID } from './state-dir.js';
import { type ReplyError, type Target, TargetError, type TargetReply } from './target.js';

export { stationSpec } from './state-dir.js';
export const DEFAULT_BAUD = 115200;

const TARGET = 'TARGET';
const STATION = 'EMBEDDED STATION';
const OUTPUT = 'OUTPUT';

export const stationFlags = {
  port: Flags.string({
    description: 'serial port of a charger to talk to (e.g. /dev/ttyUSB0); without it, the embedded station',
    env: 'NG9_PORT',
    helpGroup: TARGET,
  }),
  baud: Flags.integer({ description: 'serial baud rate', default: DEFAULT_BAUD, min: 1, helpGroup: TARGET }),
  timeout: Flags.integer({ description: 'seconds to wait for a serial reply', default: 10, min: 1, helpGroup: TARGET }),
  'service-password': Flags.string({
    description: "log in with 'login service <pw>' first (needed by destructive commands)",
    env: 'NG9_SERVICE_PASSWORD',
    helpGroup: TARGET,
  }),
  state: Flags.string({
    description: 'state folder of embedded stations, one sub-folder per --id [default: $XDG_DATA_HOME/ng9 or ~/.local/share/ng9]',
    helpGroup: STATION,
  }),
  id: Flags.string({ description: 'station id', default: DEFAULT_STATION_ID, helpGroup: STATION }),
  csms: Flags.string({ description: 'backoffice URL ws(s)://...; writes network profile slot 1 and puts it first', helpGroup: STATION }),
  evses: Flags.integer({ description: 'number of EVSEs, one connector each [default: 2]', min: 1, max: 64, helpGroup: STATION }),
  ocpp: Flags.option({ description: 'OCPP version of the embedded station', options: ['2.0.1', '1.6'] as const, helpGroup: STATION })(),
  json: Flags.boolean({ description: "print the reply's data as JSON", default: false, helpGroup: OUTPUT }),
};

export type StationFlags = Interfaces.InferredFlags<typeof stationFlags>;

/**
 * The common flags a command that runs the station itself (serve, run)
 * takes: no remote target, no reply to print. Typed as the whole set so the
 * command stays a StationCommand; the flags left out are simply undefined.
 */
export function runningStationFlags(...keep: Array<keyof typeof stationFlags>): typeof stationFlags {
  return Object.fromEntries(keep.map((k) => [k, stationFlags[k]])) as unknown as typeof stationFlags;
}
type CmdFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof StationCommand)['baseFlags'] & T['flags']>;
type CmdArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class StationCommand<T extends typeof Command> extends Command {
  static baseFlags = stationFlags;

  protected flags!: CmdFlags<T>;
  protected args!: CmdArgs<T>;
  /** Words after the arguments, for commands with `strict = false`. */
  protected rest: string[] = [];

  public async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof StationCommand & T;
    let parsed;
    try {
      parsed = await this.parse({ flags: ctor.flags, baseFlags: ctor.baseFlags, args: ctor.args, strict: ctor.strict });
    } catch (err) {
      // Every parse failure is a usage error (exit 2), also an argument's own parse ('one' as a slot).
      return this.usageError((err as Error).message);
    }
    const { args, flags, argv } = parsed;
    const id = (flags as { id?: string }).id;
    const problem = id === undefined ? undefined : identityProblem(id);
    if (problem) return this.usageError(`${problem}: '${id}'`);
    this.flags = flags as CmdFlags<T>;
    this.args = args as CmdArgs<T>;
    this.rest = argv as string[];
  }

  /** A usage error: exit 2; with --json the JSON failure on stdout like every other. */
  private usageError(message: string): never {
    if (this.argv.includes('--json')) {
      printFailure({ code: 'USAGE', message }, true, 2, false);
      this.exit(2);
    }
    this.error(message, { exit: 2 });
  }

  /** Print a failed request (stderr line, or JSON on stdout) and set the exit code. */
  protected report(error: ReplyError, exitCode: number, withCode = true): void {
    process.exitCode = printFailure(error, this.flags.json, exitCode, withCode);
  }

  /** Report a TargetError or a UsageError; anything else is a bug and goes to oclif. */
  protected fail(err: unknown): void {
    if (err instanceof TargetError) return this.report({ code: err.code, message: err.message }, err.exitCode, false);
    if (err instanceof UsageError) return this.report({ code: 'USAGE', message: err.message }, 2, false);
    throw err;
  }

  /** Print a reply: its data (table / JSON), or its error with exit code 1. */
  protected async print(reply: TargetReply): Promise<void> {
    const code = await printReply(reply, this.flags.json);
    if (code !== 0) process.exitCode = code;
  }

  /** Open the target, log in when asked, and run `fn` on it; always closes it. */
  protected async withTarget(fn: (target: Target) => Promise<void>, options: { start?: boolean; text?: boolean } = {}): Promise<void> {
    let target: Target;
    try {
      target = await openTarget(this.flags as StationFlags, options);
    } catch (err) {
      return this.fail(err);
    }
    try {
      const password = this.flags['service-password'];
      if (password !== undefined) {
        const login = await target.request(loginLine(password));
        if (!login.ok) return this.report(login.error, 1);
      }
      await fn(target);
    } catch (err) {
      this.fail(err);
    } finally {
      await target.close().catch(() => undefined);
    }
  }

  /** Send one console line and print its reply. */
  protected async send(line: string): Promise<void> {
    await this.withTarget(async (target) => this.print(await target.request(line)));
  }
}

/**
 * A one-shot command: its flags and arguments make ONE console line
 * (see lines.ts), sent to the target and rendered.
 */
export abstract class LineCommand<T extends typeof Command> extends StationCommand<T> {
  protected abstract line(): string;

  public async run(): Promise<void> {
    let line: string;
    try {
      line = this.line();
    } catch (err) {
      return this.fail(err);
    }
    await this.send(line);
  }
}
