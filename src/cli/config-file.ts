/**
 * `ng9 config export | diff | import`: a station's writable configuration
 * as a file, to provision a hundred chargers the same way. The file is JSON:
 *
 *   { "ng9": "config", "version": 1, "keys": { "OCPPCommCtrlr.HeartbeatInterval": "300", ... } }
 *
 * Keys are the console's (2.0.1 `Component[.instance][/evse].Variable`, or an
 * OCPP 1.6-only key), values the strings `config set` takes. Only ReadWrite
 * keys are exported: read-only values belong to the station, write-only ones
 * (passwords) cannot be read back.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './lines.js';
import type { ReplyError, Target } from './target.js';

export interface ConfigFile {
  ng9: 'config';
  version: 1;
  stationId?: string;
  exportedAt?: string;
  keys: Record<string, string>;
}

/** A key as `config` lists it (its JSON data). */
export interface StationKey {
  key: string;
  value: string | null;
  mutability: string;
}

export interface KeyDifference {
  key: string;
  /** the value in the file */
  file: string;
  /** the station's value; null when the station has no such key */
  station: string | null;
  mutability: string | null;
}

export function exportConfig(keys: StationKey[], meta: { stationId?: string; exportedAt?: string } = {}): ConfigFile {
  const out: Record<string, string> = {};
  for (const k of keys) if (k.mutability === 'ReadWrite' && k.value !== null) out[k.key] = k.value;
  return { ng9: 'config', version: 1, ...meta, keys: out };
}

/** Read a config file's text; a clear UsageError naming what is wrong otherwise. */
export function parseConfigFile(text: string, name: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${name} is not JSON: ${(err as Error).message}`);
  }
  const file = value as Partial<ConfigFile>;
  if (!file || typeof file !== 'object' || file.ng9 !== 'config' || file.version !== 1) {
    throw new UsageError(`${name} is not an ng9 config file (it needs "ng9": "config" and "version": 1; make one with 'ng9 config export')`);
  }
  if (!file.keys || typeof file.keys !== 'object' || Array.isArray(file.keys)) throw new UsageError(`${name}: "keys" must be an object of key → value`);
  for (const [key, v] of Object.entries(file.keys)) {
    if (typeof v !== 'string') throw new UsageError(`${name}: the value of ${key} must be a string, got ${JSON.stringify(v)}`);
  }
  return file as ConfigFile;
}

/** The keys of the file whose value differs from the station's (unknown and not writable keys included). */
export function diffConfig(file: ConfigFile, keys: StationKey[]): KeyDifference[] {
  const byKey = new Map(keys.map((k) => [k.key.toLowerCase(), k]));
  const diffs: KeyDifference[] = [];
  for (const [key, value] of Object.entries(file.keys)) {
    const k = byKey.get(key.toLowerCase());
    if (!k) diffs.push({ key, file: value, station: null, mutability: null });
    else if (k.mutability !== 'ReadWrite' || k.value !== value) diffs.push({ key: k.key, file: value, station: k.value, mutability: k.mutability });
  }
  return diffs;
}

/** Why a difference cannot be imported, or undefined when `config set` may write it. */
export function importProblem(d: KeyDifference): string | undefined {
  if (d.mutability === null) return `${d.key}: the station has no such key`;
  if (d.mutability !== 'ReadWrite') return `${d.key} is ${d.mutability}: it cannot be imported`;
  return undefined;
}

/** Read and check a config file; a UsageError (exit 2) when it cannot be used. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseConfigFile(text, path);
}

/** Where the file and the station differ, read from the station's `config`. */
export async function differencesWith(target: Target, file: ConfigFile): Promise<{ ok: true; diffs: KeyDifference[] } | { ok: false; error: ReplyError }> {
  const keys = await target.request('config');
  if (!keys.ok) return keys;
  return { ok: true, diffs: diffConfig(file, (keys.data as { keys: StationKey[] }).keys) };
}
