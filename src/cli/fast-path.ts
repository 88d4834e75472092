/**
 * `ng9 version` without oclif. Importing @oclif/core and loading its config
 * costs ~100 ms, more than node itself takes to start (see bench/startup.mjs),
 * so bin/run.js hands the plainest `version` invocations here first. The line
 * still goes through the one interpreter (InProcessTarget → ConsoleSession)
 * and is printed by the same output code as the oclif command. Anything this
 * small parser does not know (--port, --help, unknown or repeated flags, a
 * service password) returns false and oclif runs the command as usual.
 */
import { printFailure, printReply } from './output.js';
import { DEFAULT_STATION_ID, stationSpec } from './state-dir.js';
import { TargetError } from './target.js';

export interface FastFlags {
  json: boolean;
  state?: string;
  id: string;
}

const VALUE_FLAGS = new Set(['state', 'id']);

/** The flags of a `version` invocation this path can run, or undefined (then oclif runs it). */
export function parseFastVersion(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): FastFlags | undefined {
  if (argv[0] !== 'version' || env.NG9_SERVICE_PASSWORD !== undefined || env.NG9_PORT !== undefined) return undefined;
  const flags: FastFlags = { json: false, id: DEFAULT_STATION_ID };
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!m || seen.has(m[1]!)) return undefined;
    const name = m[1]!;
    seen.add(name);
    if (name === 'json' && m[2] === undefined) {
      flags.json = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) return undefined;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) return undefined;
    if (name === 'state') flags.state = value;
    else flags.id = value;
  }
  return flags;
}

/** Run `version` when parseFastVersion accepts argv; false = not handled, use oclif. */
export async function runFastPath(argv: readonly string[]): Promise<boolean> {
  const flags = parseFastVersion(argv);
  if (!flags) return false;
  const { InProcessTarget } = await import('./in-process-target.js');
  let target;
  try {
    target = await InProcessTarget.open(stationSpec(flags));
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    process.exitCode = printFailure({ code: err.code, message: err.message }, flags.json, err.exitCode, false);
    return true;
  }
  try {
    const code = await printReply(await target.request('version'), flags.json);
    if (code !== 0) process.exitCode = code;
  } finally {
    await target.close();
  }
  return true;
}
