/**
 * Fleet scenarios (docs/fleet.md): what each simulated station does, as a
 * small JSON file. Every duration is seconds, either fixed (`60`) or drawn
 * uniformly from `[min, max]` with the fleet's seeded random source, so a
 * run with the same `--seed` repeats.
 *
 *   {
 *     "idTokens": ["TAG-0001", "TAG-0002"],
 *     "sessions": [{ "arrival": [30, 90], "duration": [60, 300], "energy": [5, 20] }],
 *     "linkDrops": { "every": [600, 1200], "duration": [5, 30] },
 *     "reboots": { "every": 3600 },
 *     "variables": { "SampledDataCtrlr.TxUpdatedInterval": 30 }
 *   }
 */
import { lookupOcpp16, parseKey } from '../station/model/keys.js';
import { JsonLines, lineAt } from './json-lines.js';

/** A quantity: fixed, or uniform in [min, max]. */
export type Range = number | [number, number];
/** Seconds: fixed, or uniform in [min, max]. */
export type Seconds = Range;

export interface SessionSpec {
  /** time between two arrivals at the station (the first one too) */
  arrival: Seconds;
  /** how long the EV stays plugged in */
  duration: Seconds;
  /** kWh the EV takes, then it stops drawing (SuspendedEV) until it leaves; none: it draws until it leaves */
  energy?: Range;
  /** cards presented; default: the scenario's idTokens; none: plug only */
  idTokens?: string[];
  /** the EVSE to use; default: any free one */
  evse?: number;
}

export interface Scenario {
  idTokens?: string[];
  sessions?: SessionSpec[];
  /** the link to the CSMS goes down every `every`, for `duration` */
  linkDrops?: { every: Seconds; duration: Seconds };
  /** the station reboots (LocalReset) every `every` */
  reboots?: { every: Seconds };
  /** device-model values set on every station before it powers up: console key (or OCPP 1.6 key) → value */
  variables?: Record<string, string>;
}

/**
 * A scenario file that does not fit the format: `path` names the field (e.g.
 * `sessions[0].duration`), `line` where it is in the file's text (or, for a
 * missing field, the object that lacks it).
 */
export class ScenarioError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(path ? `${path}: ${problem}` : problem);
  }

  /** `busy.json line 7: sessions[1].duraton: unknown field …` */
  in(file: string): string {
    return `${file}${this.line === undefined ? '' : ` line ${this.line}`}: ${this.message}`;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(v: Obj, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(v)) {
    if (keys.includes(key)) continue;
    const near = keys.find((k) => closeTo(k, key));
    throw new ScenarioError(path ? `${path}.${key}` : key, `unknown field${near ? ` (did you mean '${near}'?)` : ''}; expected one of ${keys.join(', ')}`);
  }
}

/** Same letters give or take one edit (Levenshtein ≤ 2 for longer words). */
function closeTo(a: string, b: string): boolean {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]! <= (a.length > 5 ? 2 : 1);
}

function quantity(v: unknown, path: string, unit: string): Range {
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) {
    if (v[0] > v[1]) throw new ScenarioError(path, `[min, max] with min ≤ max, got [${v[0]}, ${v[1]}]`);
    return [v[0], v[1]];
  }
  throw new ScenarioError(path, `expected a number or [min, max] (${unit}, each ≥ 0), got ${JSON.stringify(v)}`);
}

function positive(v: unknown, path: string, unit: string): Range {
  const s = quantity(v, path, unit);
  if ((Array.isArray(s) ? s[1] : s) <= 0) throw new ScenarioError(path, `must be more than 0 ${unit}, got ${JSON.stringify(v)}`);
  return s;
}

function positiveSeconds(v: unknown, path: string): Seconds {
  return positive(v, path, 'seconds');
}

function idTokens(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) throw new ScenarioError(path, `expected a list of idTokens, got ${JSON.stringify(v)}`);
  return v.map((t, i) => {
    if (typeof t !== 'string' || t.length < 1 || t.length > 36) throw new ScenarioError(`${path}[${i}]`, `expected an idToken of 1..36 characters, got ${JSON.stringify(t)}`);
    return t;
  });
}

/** `{ "Component.Variable": value }`: keys in the console notation or OCPP 1.6 keys, values strings, numbers or booleans. */
function variables(v: unknown): Record<string, string> {
  if (!isObj(v)) throw new ScenarioError('variables', 'expected an object { "Component.Variable": value }');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) {
    const path = `variables.${key}`;
    if (!lookupOcpp16(key) && !parseKey(key)) throw new ScenarioError(path, 'expected a key Component.Variable (e.g. SampledDataCtrlr.TxUpdatedInterval) or an OCPP 1.6 key');
    if (typeof value !== 'string' && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
      throw new ScenarioError(path, `expected a string, number or boolean, got ${JSON.stringify(value)}`);
    }
    out[key] = String(value);
  }
  return out;
}

function required(v: Obj, key: string, path: string): unknown {
  if (!(key in v)) throw new ScenarioError(`${path}.${key}`, 'missing');
  return v[key];
}

/** Check a parsed scenario; throws ScenarioError naming the first field that is wrong. */
export function validateScenario(input: unknown, evses = Number.POSITIVE_INFINITY): Scenario {
  if (!isObj(input)) throw new ScenarioError('', 'a scenario is a JSON object');
  onlyKeys(input, '', ['idTokens', 'sessions', 'linkDrops', 'reboots', 'variables']);
  const scenario: Scenario = {};
  if (input.idTokens !== undefined) scenario.idTokens = idTokens(input.idTokens, 'idTokens');
  if (input.sessions !== undefined) {
    if (!Array.isArray(input.sessions)) throw new ScenarioError('sessions', `expected a list, got ${JSON.stringify(input.sessions)}`);
    scenario.sessions = input.sessions.map((s, i) => {
      const path = `sessions[${i}]`;
      if (!isObj(s)) throw new ScenarioError(path, 'expected an object { arrival, duration }');
      onlyKeys(s, path, ['arrival', 'duration', 'energy', 'idTokens', 'evse']);
      const spec: SessionSpec = {
        arrival: positiveSeconds(required(s, 'arrival', path), `${path}.arrival`),
        duration: positiveSeconds(required(s, 'duration', path), `${path}.duration`),
      };
      if (s.energy !== undefined) spec.energy = positive(s.energy, `${path}.energy`, 'kWh');
      if (s.idTokens !== undefined) spec.idTokens = idTokens(s.idTokens, `${path}.idTokens`);
      if (s.evse !== undefined) {
        if (!Number.isInteger(s.evse) || (s.evse as number) < 1 || (s.evse as number) > evses) {
          throw new ScenarioError(`${path}.evse`, `expected an EVSE number 1..${Number.isFinite(evses) ? evses : 'n'}, got ${JSON.stringify(s.evse)}`);
        }
        spec.evse = s.evse as number;
      }
      return spec;
    });
  }
  if (input.linkDrops !== undefined) {
    const v = input.linkDrops;
    if (!isObj(v)) throw new ScenarioError('linkDrops', 'expected an object { every, duration }');
    onlyKeys(v, 'linkDrops', ['every', 'duration']);
    scenario.linkDrops = { every: positiveSeconds(required(v, 'every', 'linkDrops'), 'linkDrops.every'), duration: positiveSeconds(required(v, 'duration', 'linkDrops'), 'linkDrops.duration') };
  }
  if (input.reboots !== undefined) {
    const v = input.reboots;
    if (!isObj(v)) throw new ScenarioError('reboots', 'expected an object { every }');
    onlyKeys(v, 'reboots', ['every']);
    scenario.reboots = { every: positiveSeconds(required(v, 'every', 'reboots'), 'reboots.every') };
  }
  if (input.variables !== undefined) scenario.variables = variables(input.variables);
  return scenario;
}

/** Parse and check a scenario file's text; the error names the line of the field (or of the JSON syntax error). */
export function parseScenario(text: string, evses?: number): Scenario {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    // no position, or past the last character: the text ended too soon, its last line
    const end = text.trimEnd().length;
    const at = /position (\d+)/.exec(message);
    throw new ScenarioError('', `not valid JSON: ${message}`, lineAt(text, Math.min(at ? Number(at[1]) : end, end)));
  }
  try {
    return validateScenario(input, evses);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw new ScenarioError(err.path, err.problem, JsonLines.of(text).lineOf(err.path));
  }
}

/** A seeded source of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of station number `index` (1-based) of a fleet seeded with `seed`. */
export function stationSeed(seed: number, index: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0;
}

/** A value drawn from a fixed value or a [min, max] range. */
export function draw(s: Range, random: () => number): number {
  return Array.isArray(s) ? s[0] + (s[1] - s[0]) * random() : s;
}
