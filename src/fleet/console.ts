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
  if (!m.station) return 'not started';
  return `${m.registration.padEnd(12)} link ${m.connected ? 'up  ' : 'down'}  transactions ${m.transactions.size}`;
}

/** The reply lines to one fleet console line; 'quit' is the caller's. */
export async function fleetConsoleLine(fleet: Fleet, line: string): Promise<string[]> {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  const [word, id, ...rest] = trimmed.split(/\s+/);
  if (word === 'help') return FLEET_CONSOLE_HELP;
  if (word === 'stations') return fleet.members.map((m) => `${m.id}  ${stateOf(m)}`);
  if (word === 'station') {
    if (!id) return ['usage: station <id> <console line>'];
    const member = fleet.member(id);
    if (!member) return [`no station ${id} in this fleet (${fleet.members[0]?.id} … ${fleet.members.at(-1)?.id})`];
    if (!member.station) return [`${id}: ${stateOf(member)}`];
    if (rest.length === 0) return [`${id}  ${stateOf(member)}`];
    let session = sessions.get(member);
    if (!session) sessions.set(member, (session = { json: false, trace: false, service: false }));
    const consoleLine = trimmed.slice(trimmed.indexOf(id) + id.length).trim();
    const outcome = await consoleOf(member.station).execute(consoleLine, session);
    if (!outcome.ok) return [`ERR ${outcome.error.code} ${outcome.error.message}`];
    const { text, data } = outcome.reply;
    return text ?? (data === null || data === undefined ? ['OK'] : [JSON.stringify(data)]);
  }
  return [`unknown command '${word}'; try:`, ...FLEET_CONSOLE_HELP];
}
