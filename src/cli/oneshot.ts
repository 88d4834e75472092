/**
 * Every console line is a one-shot command: `ng9 <console words> [flags]`
 * sends those words to the station. This parser (bin/run.js consults it
 * before loading anything else) decides whether an invocation is such a
 * plain line, which then runs without oclif (fast-path.ts): oclif's import
 * alone costs more than node's own start-up.
 *
 * - A one-line oclif command (status, config set, lb …) is checked against
 *   its oclif arguments (dist/cli/oneshot.json, made at build: count,
 *   options, integer bounds) and its line is built by the very function its
 *   oclif class uses (lines.ts); whatever oclif would refuse goes to oclif,
 *   which refuses it the same way.
 * - A console command without an oclif class of its own (plug, txerase,
 *   swipe …) sends its words as they are.
 * - Anything else — console, serve, run, a flag of a command's own
 *   (`network set … --sp 2`), an unknown word (oclif suggests the command
 *   meant) — returns undefined and oclif runs.
 */
import { quote } from '../station/console/tokenize.js';
import { identityProblem } from '../station/identity.js';
import * as lines from './lines.js';
import { DEFAULT_STATION_ID } from './state-dir.js';

/** A console command's words. */
export interface ConsoleWords {
  words: string[];
  /** destructive: the line ends in `confirm` (`--yes` adds it) */
  confirm: boolean;
}

export interface ArgShape {
  name: string;
  required: boolean;
  options?: string[];
  integer: boolean;
  min?: number;
  max?: number;
}

/** dist/cli/oneshot.json (scripts/oneshot-manifest.mjs). */
export interface OneShotManifest {
  console: ConsoleWords[];
  /** one-line oclif commands by id (words joined by spaces) */
  oclif: Record<string, { args: ArgShape[]; strict: boolean }>;
}

export interface OneShot {
  /** the console line to send; a usage error when the line builder refused the arguments (exit 2) */
  line: string | lines.UsageError;
  json: boolean;
  /** `login service <pw>` first */
  servicePassword?: string;
  port?: string;
  baud: number;
  timeoutSec: number;
  state?: string;
  id: string;
}

/** oclif commands that do more than send one line, even where a console command has the same words. */
const OCLIF_ONLY = ['console', 'serve', 'run', 'backoffice', 'exec', 'help', 'autocomplete', 'plugins', 'config export', 'config diff', 'config import', 'network add', 'cert install', 'fwi', 'fw install', 'fw upload', 'sim fleet'];

const str = (a: string[], i: number): string | undefined => a[i];
const int = (a: string[], i: number): number | undefined => (a[i] === undefined ? undefined : Number(a[i]));

/** The line of each one-line oclif command, built as its class builds it. */
const LINES: Record<string, (a: string[]) => string> = {
  version: () => 'version',
  status: () => 'status',
  queue: () => 'queue',
  reboot: () => 'reboot',
  network: () => 'network',
  // the console's own options after the url (`sp 2 apn internet`) pass as they are
  'network set': (a) => (a.length > 3 ? ['network', 'set', ...a].map(quote).join(' ') : lines.networkSetLine({ slot: a[0]!, iface: a[1]!, url: a[2]! })),
  'network priority': (a) => lines.networkPriorityLine(a[0]!, a[1]!),
  'network remove': (a) => lines.networkRemoveLine(a[0]!),
  modem: () => 'modem',
  'modem sim': (a) => ['modem', 'sim', ...a].map(quote).join(' '),
  'modem registration': (a) => `modem registration ${a[0]}`,
  reasons: () => lines.reasonsLine(),
  'reasons start': (a) => lines.reasonsLine('start', str(a, 0)),
  'reasons stop': (a) => lines.reasonsLine('stop', str(a, 0)),
  p1: () => lines.p1Line(),
  'p1 dump': () => lines.p1Line('dump'),
  'p1 interface': (a) => lines.p1Line('interface', str(a, 0)),
  'p1 host': (a) => lines.p1Line('host', str(a, 0)),
  'p1 port': (a) => lines.p1Line('port', str(a, 0)),
  'p1 device': (a) => lines.p1Line('device', str(a, 0)),
  'p1 baud': (a) => lines.p1Line('baud', str(a, 0)),
  masterpass: (a) => lines.masterpassLine(str(a, 0)),
  config: (a) => lines.configLine(str(a, 0)),
  'config get': (a) => lines.configGetLine(a[0]!),
  'config set': (a) => lines.configSetLine(a[0]!, a[1]!),
  'od get': (a) => lines.odGetLine(a[0]!),
  'od set': (a) => lines.odSetLine(a[0]!, a[1]!),
  'od list': (a) => lines.odListLine(str(a, 0)),
  log: (a) => lines.logLine(int(a, 0)),
  date: (a) => lines.dateLine(a),
  tx: (a) => lines.txLine(str(a, 0)),
  schedule: (a) => lines.scheduleLine(int(a, 0), str(a, 1)),
  lb: (a) => lines.lbLine(str(a, 0) as lines.LbSetting | undefined, str(a, 1)),
  fw: () => 'fw',
  display: (a) => (a[0] === undefined ? 'display' : `display ${a[0]}`),
  datatransfer: (a) => ['datatransfer', ...a].map(quote).join(' '),
  forcefirmwarepermanent: () => 'forcefirmwarepermanent',
};

const VALUE_FLAGS = new Set(['state', 'id', 'port', 'baud', 'timeout', 'service-password']);

export function parseOneShot(argv: readonly string[], manifest: OneShotManifest, env: NodeJS.ProcessEnv = process.env): OneShot | undefined {
  const words: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || /^-\d/.test(arg)) {
      words.push(arg);
      continue;
    }
    const short = ({ '-y': 'yes', '-h': 'help' } as Record<string, string>)[arg];
    const m = short ? [arg, short, undefined] : /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) return undefined;
    const name = m[1]!;
    if (values.has(name) || switches.has(name)) return undefined;
    if (['json', 'yes', 'help'].includes(name) && m[2] === undefined) {
      switches.add(name);
      continue;
    }
    if (!VALUE_FLAGS.has(name)) return undefined;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) return undefined;
    values.set(name, value);
  }
  if (words.length === 0) return undefined;
  const lower = words.map((w) => w.toLowerCase());
  const startsWith = (id: string) => id.split(' ').every((w, i) => lower[i] === w);
  if (OCLIF_ONLY.some(startsWith)) return undefined;
  const baud = positiveInt(values.get('baud') ?? '115200');
  const timeoutSec = positiveInt(values.get('timeout') ?? '10');
  if (baud === undefined || timeoutSec === undefined) return undefined;
  if (identityProblem(values.get('id') ?? DEFAULT_STATION_ID)) return undefined; // oclif says what is wrong with it

  let line: string | lines.UsageError;
  const oclifId = Object.keys(manifest.oclif)
    .filter((id) => id.split(' ').every((w, i) => words[i] === w)) // oclif matches command words exactly
    .sort((x, y) => y.split(' ').length - x.split(' ').length)[0];
  const consoleCommand = longestMatch(lower, manifest.console);
  if (oclifId !== undefined) {
    if (switches.has('help') || switches.has('yes')) return undefined; // oclif's own help; no oclif one-liner takes --yes
    const build = LINES[oclifId];
    const args = words.slice(oclifId.split(' ').length);
    if (!build || !fitsShape(args, manifest.oclif[oclifId]!, oclifId === 'network set')) return undefined;
    try {
      line = build(args);
    } catch (err) {
      if (!(err instanceof lines.UsageError)) throw err;
      line = err;
    }
  } else if (consoleCommand) {
    let lineWords = words;
    if (switches.has('help')) lineWords = ['help', ...consoleCommand.words];
    else if (switches.has('yes') && consoleCommand.confirm && lower.at(-1) !== 'confirm') lineWords = [...words, 'confirm'];
    line = lineWords.map(quote).join(' ');
  } else {
    return undefined;
  }
  return {
    line,
    json: switches.has('json'),
    servicePassword: values.get('service-password') ?? env.NG9_SERVICE_PASSWORD,
    port: values.get('port') ?? env.NG9_PORT,
    baud,
    timeoutSec,
    state: values.get('state'),
    id: values.get('id') ?? DEFAULT_STATION_ID,
  };
}

/** Whether oclif would accept these positional arguments (else oclif runs and says what is wrong). */
function fitsShape(args: string[], shape: { args: ArgShape[]; strict: boolean }, extraWords: boolean): boolean {
  if (shape.strict && !extraWords && args.length > shape.args.length) return false;
  return shape.args.every((a, i) => {
    const value = args[i];
    if (value === undefined) return !a.required;
    if (a.options && !a.options.includes(value)) return false;
    if (!a.integer) return true;
    if (!/^-?\d+$/.test(value)) return false;
    const n = Number(value);
    return (a.min === undefined || n >= a.min) && (a.max === undefined || n <= a.max);
  });
}

function longestMatch(words: string[], commands: readonly ConsoleWords[]): ConsoleWords | undefined {
  let best: ConsoleWords | undefined;
  for (const c of commands) {
    if (c.words.length > words.length || !c.words.every((w, i) => w === words[i])) continue;
    if (!best || c.words.length > best.words.length) best = c;
  }
  return best;
}

function positiveInt(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}
