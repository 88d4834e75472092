/**
 * Argument helpers shared by the console commands. Each throws
 * BAD_ARGUMENT with what is wrong and what to type; none changes anything.
 */
import type { Station } from '../../station.js';
import { badArgument } from '../types.js';

/** Refuse a wrong number of arguments, quoting the usage. */
export function expectArgs(args: string[], min: number, max: number, usage: string): void {
  if (args.length < min) throw badArgument(`missing argument: ${usage}`);
  if (args.length > max) throw badArgument(`unexpected '${args[max]}': ${usage}`);
}

/** One of the given keywords, case-insensitively; returns the keyword as listed. */
export function keyword<T extends string>(text: string | undefined, options: readonly T[], what = 'argument'): T {
  const found = options.find((o) => o.toLowerCase() === (text ?? '').toLowerCase());
  if (found === undefined) {
    throw badArgument(text === undefined ? `missing ${what}: use ${options.join('|')}` : `unknown ${what} '${text}': use ${options.join('|')}`);
  }
  return found;
}

/** `on` / `off` (also true/false, 1/0) → boolean. */
export function onOff(text: string | undefined, usage: string): boolean {
  const t = (text ?? '').toLowerCase();
  if (t === 'on' || t === 'true' || t === '1') return true;
  if (t === 'off' || t === 'false' || t === '0') return false;
  throw badArgument(text === undefined ? `missing on|off: ${usage}` : `'${text}' is not on or off: ${usage}`);
}

/** A decimal integer within [min, max]. */
export function intInRange(text: string | undefined, min: number, max: number, what: string): number {
  if (text === undefined) throw badArgument(`missing ${what} (${min}..${max})`);
  if (!/^[+-]?\d+$/.test(text)) throw badArgument(`${what} must be a whole number ${min}..${max}, got '${text}'`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badArgument(`${what} must be ${min}..${max}, got ${text}`);
  return n;
}

/** A number (decimals allowed) within [min, max]. */
export function numberInRange(text: string | undefined, min: number, max: number, what: string): number {
  if (text === undefined) throw badArgument(`missing ${what} (${min}..${max})`);
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw badArgument(`${what} must be a number ${min}..${max}, got '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw badArgument(`${what} must be ${min}..${max}, got ${text}`);
  return n;
}

/** An EVSE id of this station (1..evseCount). */
export function evseId(station: Station, text: string | undefined): number {
  return intInRange(text, 1, station.hardware.evses.length, 'EVSE');
}

/** Destructive commands end in the word `confirm`. */
export function expectConfirm(args: string[], line: string): void {
  if (args.length === 1 && args[0]!.toLowerCase() === 'confirm') return;
  if (args.length === 0) throw badArgument(`this erases data: type '${line} confirm'`);
  throw badArgument(`unexpected '${args.find((a) => a.toLowerCase() !== 'confirm') ?? args[1]}': type '${line} confirm'`);
}

/** Lay rows out in columns separated by two spaces; the last column is not padded. */
export function columns(rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  const cells = rows.map((r) => r.map(String));
  const widths: number[] = [];
  for (const row of cells) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return cells.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The value or `-` for text output. */
export function dash(value: unknown): string {
  return value === undefined || value === null || value === '' ? '-' : String(value);
}

/** Energy as a technician reads it: Wh below 10 kWh, kWh (two decimals) above. */
export function energyText(wh: number): string {
  return Math.abs(wh) < 10_000 ? `${wh} Wh` : `${(wh / 1000).toFixed(2)} kWh`;
}
