import type { Station } from '../station.js';
import { ServiceLogin } from './service-login.js';
import { tokenize } from './tokenize.js';
import { type Command, ConsoleError, type Reply, type SessionState } from './types.js';

export type Outcome = { ok: true; reply: Reply } | { ok: false; error: ConsoleError };

/**
 * The one console interpreter: a line in, a reply or an error out. Used by
 * the embedded REPL, by one-shot CLI commands and by `ng9 serve` on a serial
 * port alike. A line that fails changes nothing and never throws.
 */
/** Release notes 3.1.1: what a station whose bootloader write was cut still answers. */
const RECOVERY_COMMANDS: ReadonlySet<string> = new Set(['fw', 'fw install', 'version', 'help', 'login', 'logout', 'json', 'echo']);

export class Interpreter {
  private readonly serviceLogin: ServiceLogin;

  constructor(
    private readonly station: Station,
    readonly commands: readonly Command[],
  ) {
    this.serviceLogin = new ServiceLogin({
      clock: station.clock,
      log: station.log,
      getMeta: (key) => station.store.getMeta(key),
      setMeta: (key, value) => station.store.setMeta(key, value),
      securityEvent: (type, techInfo) => station.securityEvents.raise(type, techInfo),
    });
  }

  /** The command whose words are the longest prefix of `words`. */
  match(words: string[]): { command: Command; args: string[] } | undefined {
    let best: Command | undefined;
    for (const command of this.commands) {
      if (command.words.length > words.length) continue;
      if (!command.words.every((w, i) => w === words[i]!.toLowerCase())) continue;
      if (!best || command.words.length > best.words.length) best = command;
    }
    return best && { command: best, args: words.slice(best.words.length) };
  }

  async execute(line: string, session: SessionState): Promise<Outcome> {
    try {
      const words = tokenize(line.trim());
      if (words.length === 0) return { ok: true, reply: { data: null } };
      const found = this.match(words);
      if (!found) throw new ConsoleError('UNKNOWN_COMMAND', `unknown command '${words[0]}', type 'help' for the list`);
      const { command, args } = found;
      if (command.service && !session.service) throw new ConsoleError('DENIED', `'${command.words.join(' ')}' needs 'login service <password>'`);
      if (this.station.firmware.inRecovery && !RECOVERY_COMMANDS.has(command.words.join(' '))) {
        throw new ConsoleError('BUSY', `the station is in bootloader recovery (power lost while the bootloader was written): only ${[...RECOVERY_COMMANDS].join(', ')} answer`);
      }
      if (command.sim && !this.station.hardware.sim) throw new ConsoleError('NOT_SIMULATED', `'${command.words.join(' ')}' drives simulated hardware, this station has real hardware`);
      const reply = await command.run({ station: this.station, session, args, commands: this.commands, serviceLogin: this.serviceLogin });
      return { ok: true, reply };
    } catch (err) {
      if (err instanceof ConsoleError) return { ok: false, error: err };
      this.station.log.error('console', `internal error on '${line}': ${(err as Error).stack ?? err}`);
      return { ok: false, error: new ConsoleError('INTERNAL', (err as Error).message ?? String(err)) };
    }
  }
}
