/**
 * The base of ng9's local file tools (`ng9 fwi pack|inspect|sign`): they open
 * no station, but print and fail as every other command does: the result
 * rendered (or JSON with --json) on stdout, a failure as one stderr line (or
 * the JSON failure shape), exit 0 OK, 1 the file failed a check, 2 a usage
 * error (a bad flag, a file that cannot be read or written).
 */
import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { UsageError } from './lines.js';
import { printFailure, printReply } from './output.js';

export const fileFlags = {
  json: Flags.boolean({ description: 'print the result as JSON', default: false, helpGroup: 'OUTPUT' }),
};

type CmdFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof FileCommand)['baseFlags'] & T['flags']>;
type CmdArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/** A failed check of a file (exit 1): its code and what is wrong. */
export class CheckFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CheckFailure';
  }
}

/** A file's bytes; a file that cannot be read is a usage error. */
export function readInput(path: string, what = 'file'): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export abstract class FileCommand<T extends typeof Command> extends Command {
  static baseFlags = fileFlags;

  protected flags!: CmdFlags<T>;
  protected args!: CmdArgs<T>;

  public async init(): Promise<void> {
    await super.init();
    const ctor = this.ctor as typeof FileCommand & T;
    try {
      const { flags, args } = await this.parse({ flags: ctor.flags, baseFlags: ctor.baseFlags, args: ctor.args, strict: ctor.strict });
      this.flags = flags as CmdFlags<T>;
      this.args = args as CmdArgs<T>;
    } catch (err) {
      const message = (err as Error).message;
      if (this.argv.includes('--json')) {
        printFailure({ code: 'USAGE', message }, true, 2, false);
        this.exit(2);
      }
      this.error(message, { exit: 2 });
    }
  }

  /** Write through a temporary file and a rename, so a failed write never leaves half a file (or half the input it replaces). */
  protected writeOutput(path: string, data: Uint8Array): void {
    const temp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, data);
      renameSync(temp, path);
    } catch (err) {
      throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /** Print the result: rendered, or as JSON with --json. */
  protected async done(data: unknown): Promise<void> {
    await printReply({ ok: true, data }, this.flags.json);
  }

  /** A UsageError exits 2, a CheckFailure (or an error with a `code` the caller maps) 1; anything else is a bug. */
  protected fail(err: unknown): void {
    if (err instanceof UsageError) process.exitCode = printFailure({ code: 'USAGE', message: err.message }, this.flags.json, 2, false);
    else if (err instanceof CheckFailure) process.exitCode = printFailure({ code: err.code, message: err.message }, this.flags.json, 1);
    else throw err;
  }
}
