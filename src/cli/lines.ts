/**
 * Flags and arguments of the one-shot commands → the one console line each
 * sends (CONSOLE.md). Pure functions: the tests pin the mapping.
 */
import { quote } from '../station/console/tokenize.js';

/** A command-line mistake caught before anything is sent (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const join = (...words: Array<string | number | undefined>): string =>
  words
    .filter((w): w is string | number => w !== undefined)
    .map((w) => (typeof w === 'number' ? String(w) : w))
    .join(' ');

/** A console keyword or number given on the command line: must be one word. */
function word(value: string | number, what: string): string {
  const text = String(value);
  if (text === '' || /\s/.test(text)) throw new UsageError(`${what} must be a single word, got '${text}'`);
  return text;
}

export interface NetworkSetInput {
  slot: number | string;
  iface: string;
  url: string;
  sp?: number;
  apn?: string;
  apnUser?: string;
  apnPassword?: string;
  ocpp?: string;
}

export function networkSetLine(o: NetworkSetInput): string {
  if ((o.apnUser !== undefined || o.apnPassword !== undefined) && o.apn === undefined) {
    throw new UsageError('--apn-user and --apn-password need --apn');
  }
  return join(
    'network set',
    word(o.slot, 'slot'),
    word(o.iface, 'interface'),
    quote(o.url),
    o.sp !== undefined ? `sp ${o.sp}` : undefined,
    o.apn !== undefined ? `apn ${quote(o.apn)}` : undefined,
    o.apnUser !== undefined ? `user ${quote(o.apnUser)}` : undefined,
    o.apnPassword !== undefined ? `password ${quote(o.apnPassword)}` : undefined,
    o.ocpp !== undefined ? `ocpp ${word(o.ocpp, 'OCPP version')}` : undefined,
  );
}

export const networkPriorityLine = (slot: number | string, priority: string | number): string =>
  join('network priority', word(slot, 'slot'), word(priority, 'priority'));

export const networkRemoveLine = (slot: number | string): string => join('network remove', word(slot, 'slot'));

export function reasonsLine(which?: 'start' | 'stop', mask?: string): string {
  if (!which) return 'reasons';
  if (mask === undefined) throw new UsageError(`reasons ${which} needs a mask (decimal, 0x.., 0b.. or NAME[,NAME])`);
  // `TX_AUTHORIZED, TX_EV_CONNECTED` typed with a space is still one list.
  return join('reasons', which, word(mask.replace(/\s*,\s*/g, ','), 'mask'));
}

export type P1Setting = 'interface' | 'host' | 'port' | 'device' | 'baud';

export function p1Line(setting?: P1Setting | 'dump', value?: string | number): string {
  if (!setting) return 'p1';
  if (setting === 'dump') return 'p1 dump';
  if (value === undefined) throw new UsageError(`p1 ${setting} needs a value`);
  return join('p1', setting, word(value, setting));
}

export const masterpassLine = (value?: string): string => (value === undefined ? 'masterpass' : join('masterpass', quote(value)));

export const configLine = (filter?: string): string => (filter === undefined ? 'config' : join('config', quote(filter)));
export const configGetLine = (key: string): string => join('config get', word(key, 'key'));
export const configSetLine = (key: string, value: string): string => join('config set', word(key, 'key'), quote(value));

export const odGetLine = (id: string): string => join('od get', word(id, 'object id'));
export const odSetLine = (id: string, value: string): string => join('od set', word(id, 'object id'), quote(value));
export const odListLine = (filter?: string): string => (filter === undefined ? 'od list' : join('od list', quote(filter)));

export function logLine(n?: number, level?: string): string {
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new UsageError(`log needs a positive number of lines, got ${n}`);
  return join('log', n, level === undefined ? undefined : `level ${word(level, 'level')}`);
}

/** `date 2025-03-01 12:00:00Z`: the value's words stay separate words, as typed on the console. */
export function dateLine(value: string[] = []): string {
  const words = value.flatMap((v) => v.trim().split(/\s+/)).filter(Boolean);
  return join('date', ...words);
}

export const loginLine = (password: string): string => `login service ${quote(password)}`;

/**
 * `ng9 exec "network set 1 ..."` sends the line as is; `ng9 exec network set 1 ...`
 * (several arguments, the shell already split them) joins them, quoting the
 * ones that hold spaces.
 */
export function execLine(argv: string[]): string {
  if (argv.length === 0) throw new UsageError('exec needs a console line, e.g. ng9 exec "network"');
  if (argv.length === 1) return argv[0]!;
  return argv.map(quote).join(' ');
}

export const txLine = (transactionId?: string): string => (transactionId === undefined ? 'tx' : join('tx', word(transactionId, 'transaction id')));

export function scheduleLine(evse?: number, duration?: string): string {
  if (duration !== undefined && evse === undefined) throw new UsageError('schedule needs the EVSE before a duration, e.g. ng9 schedule 1 2h');
  return join('schedule', ...(evse === undefined ? [] : [String(evse)]), ...(duration === undefined ? [] : [word(duration, 'duration')]));
}

export const LB_SETTINGS = ['limit', 'safe', 'timeout', 'includes', 'on', 'off'] as const;
export type LbSetting = (typeof LB_SETTINGS)[number];

/** `ng9 lb [setting [value]]` → the console line (`lb`, `lb limit 25`, `lb on`). */
export function lbLine(setting?: LbSetting, value?: string): string {
  if (setting === undefined) return 'lb';
  if (setting === 'on' || setting === 'off') {
    if (value !== undefined) throw new UsageError(`lb ${setting} takes no value`);
    return `lb ${setting}`;
  }
  if (value === undefined) throw new UsageError(`lb ${setting} needs a value`);
  if (value === '' || /\s/.test(value)) throw new UsageError(`${setting} must be a single word, got '${value}'`);
  return `lb ${setting} ${value}`;
}

/**
 * `cert install <type> <file.pem>`: a console line has no line breaks, so
 * the certificates of the PEM travel as the base64 of their DER, comma
 * separated (the console's `cert install`).
 */
export function certInstallLine(type: string, pem: string): string {
  const bodies = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
  if (bodies.length === 0) throw new UsageError('the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  return join('cert', 'install', type, bodies.join(','));
}
