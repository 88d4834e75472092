/**
 * An unknown command: "did you mean …?". On a terminal it asks and runs the
 * command meant (as @oclif/plugin-not-found does); without one, or with
 * --json, it says so in one line (stderr) or the JSON failure (stdout).
 * Either way the exit code is ng9's for a usage error, 2 (the plugin's 127
 * and its silence without a terminal are why ng9 has its own hook).
 */
import { type Hook, toConfiguredId } from '@oclif/core';
import levenshtein from 'fast-levenshtein';
import { printFailure } from '../cli/output.js';

/** The visible command id nearest to `typed`, if any is near enough to be a typo. */
export function closestCommand(typed: string, ids: string[]): string | undefined {
  const ranked = ids.map((id) => ({ id, distance: levenshtein.get(typed, id, { useCollator: true }) })).sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 3)) ? best.id : undefined;
}

const hook: Hook<'command_not_found'> = async function (opts) {
  const ids = opts.config.commands.filter((c) => !c.hidden).flatMap((c) => [c.id, ...c.aliases]);
  const suggestion = closestCommand(opts.id, ids);
  const typed = toConfiguredId(opts.id, opts.config);
  const meant = suggestion ? toConfiguredId(suggestion, opts.config) : undefined;
  const json = opts.argv?.includes('--json') ?? false;
  if (suggestion && meant && !json && process.stdin.isTTY && process.stdout.isTTY) {
    const { confirm } = await import('@inquirer/prompts');
    if (await confirm({ message: `'${typed}' is not a ${opts.config.bin} command. Did you mean '${meant}'?`, default: true }).catch(() => false)) {
      return opts.config.runCommand(suggestion, opts.argv ?? []);
    }
  }
  const hint = meant ? `; did you mean '${opts.config.bin} ${meant}'?` : `; '${opts.config.bin} help' lists the commands`;
  printFailure({ code: 'USAGE', message: `'${typed}' is not a ${opts.config.bin} command${hint}` }, json, 2, false);
  this.exit(2);
};

export default hook;
