/**
 * The fleet's console (a TTY, no --json): `stations` lists them,
 * `station <id> <console line>` runs a console line on one of them.
 */
import { consoleOf } from '../station/console/index.js';
import type { SessionState } from '../station/console/types.js';
import type { Fleet, Member } from './fleet.js';

export const FLEET_CONSOLE_HELP = [
  'stations                       list the stations: registration, link, transactions',
  'station <id> <console line>    run a console line on one station (e.g. station NG9-0001 status)',
  'quit                           stop every station and print the summary (or Ctrl-C)',
];

const sessions = new WeakMap<Member, SessionState>();

function stateOf(m: Member): string {
  if (m.failed) return `failed: ${m.failed}`;
  if (!m.station && !m.sleeper) return 'not started';
  return `${m.registration.padEnd(12)} link ${m.connected ? 'up  ' : 'down'}  transactions ${m.transactions.size}${m.outOfHandles && !m.connected ? '  (out of file handles)' : ''}${m.sleeper ? '  (hibernating)' : ''}`;
}

/** What a fleet console line asks for, before any station is involved. */
export type FleetLine =
  | { kind: 'reply'; lines: string[] }
  | { kind: 'stations' }
  /** `rest`: the station's own console line; empty: its state */
  | { kind: 'station'; id: string; rest: string };

export function parseFleetLine(line: string): FleetLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'reply', lines: [] };
  const [word, id] = trimmed.split(/\s+/);
  if (word === 'help') return { kind: 'reply', lines: FLEET_CONSOLE_HELP };
  if (word === 'stations') return { kind: 'stations' };
  if (word === 'station') {
    if (!id) return { kind: 'reply', lines: ['usage: station <id> <console line>'] };
    return { kind: 'station', id, rest: trimmed.slice(trimmed.indexOf(id) + id.length).trim() };
  }
  return { kind: 'reply', lines: [`unknown command '${word}'; try:`, ...FLEET_CONSOLE_HELP] };
}

/** The reply to a station id the fleet does not have. */
export function noSuchStation(id: string, first: string | undefined, last: string | undefined): string[] {
  return [`no station ${id} in this fleet (${first} … ${last})`];
}

/** The reply lines to one fleet console line; 'quit' is the caller's. */
export async function fleetConsoleLine(fleet: Fleet, line: string): Promise<string[]> {
  const parsed = parseFleetLine(line);
  if (parsed.kind === 'reply') return parsed.lines;
  if (parsed.kind === 'stations') return fleet.members.map((m) => `${m.id}  ${stateOf(m)}`);
  const { id, rest } = parsed;
  const member = fleet.member(id);
  if (!member) return noSuchStation(id, fleet.members[0]?.id, fleet.members.at(-1)?.id);
  if (!member.station && !member.sleeper) return [`${id}: ${stateOf(member)}`];
  if (rest === '') return [`${id}  ${stateOf(member)}`];
  let session = sessions.get(member);
  if (!session) sessions.set(member, (session = { json: false, trace: false, service: false }));
  const outcome = await consoleOf(fleet.awake(member)!).execute(rest, session);
  if (!outcome.ok) return [`ERR ${outcome.error.code} ${outcome.error.message}`];
  const { text, data } = outcome.reply;
  return text ?? (data === null || data === undefined ? ['OK'] : [JSON.stringify(data)]);
}
