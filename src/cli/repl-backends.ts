/**
 * The two things a REPL can talk to, both in the console's text mode: the
 * embedded station (a text-mode ConsoleSession, lines printed as they come)
 * and a charger over serial (the raw serial text).
 */
import { consoleOf } from '../station/console/index.js';
import type { Station } from '../station/station.js';
import { commandPhrases, type ReplBackend } from './repl.js';
import type { SerialTarget } from './serial-target.js';
import { parseProtocolLine, parseStatusLine } from './target.js';

/** Did this reply's last line say OK (text `OK` or a JSON ok reply)? */
function endedOk(last: string | undefined): boolean {
  if (last === undefined) return true;
  const parsed = parseProtocolLine(last);
  if (parsed.kind === 'reply') return parsed.reply.ok;
  return parseStatusLine(last)?.ok ?? true;
}

export async function inProcessBackend(station: Station): Promise<ReplBackend> {
  const { ConsoleSession } = await import('../station/console/session.js');
  const asyncListeners = new Set<(line: string) => void>();
  let sink: ((line: string) => void) | undefined;
  const session = new ConsoleSession(station, (line) => {
    if (sink) sink(line);
    else for (const fn of [...asyncListeners]) fn(line);
  });

  // Completion words come from the interpreter's own `help`.
  let phrases: string[] = [];
  const help = await consoleOf(station).execute('help', { json: true, trace: false, service: false });
  if (help.ok) phrases = commandPhrases(help.reply.data);
  if (phrases.length === 0) phrases = commandPhrases(consoleOf(station).commands.map((c) => c.words.join(' ')));

  return {
    phrases: [...phrases, 'exit', 'quit'],
    async send(line, print) {
      let last: string | undefined;
      sink = (text) => {
        last = text;
        print(text);
      };
      try {
        await session.handleLine(line);
      } finally {
        sink = undefined;
      }
      return endedOk(last);
    },
    onAsync(fn) {
      asyncListeners.add(fn);
      return () => asyncListeners.delete(fn);
    },
    async close() {
      session.close();
    },
  };
}

/** A serial target switched to text mode; `help` (asked in JSON mode first) gives the completion words. */
export async function serialBackend(target: SerialTarget): Promise<ReplBackend> {
  const help = await target.request('help');
  const phrases = help.ok ? commandPhrases(help.data) : [];
  await target.textMode();
  return {
    phrases: [...phrases, 'exit', 'quit'],
    async send(line, print) {
      const reply = await target.requestText(line, print);
      return reply.ok;
    },
    onAsync(fn) {
      const offText = target.onText(fn);
      const offEvent = target.onEvent((event) => fn(JSON.stringify(event)));
      return () => {
        offText();
        offEvent();
      };
    },
    cancel: () => target.cancel(),
    close: () => target.close(),
  };
}

/** The station id a remote charger reports (status / version data), for the prompt. */
export function stationIdOf(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const rec = data as Record<string, unknown>;
  for (const key of ['id', 'stationId', 'chargingStationId', 'identity']) if (typeof rec[key] === 'string' && rec[key]) return rec[key] as string;
  for (const key of ['station', 'chargingStation']) {
    const found = stationIdOf(rec[key]);
    if (found) return found;
  }
  return undefined;
}
