/**
 * Value validation and formatting for the device model.
 *
 * Internally values are kept in a canonical form (booleans `true`/`false`,
 * integers without sign noise, list members in their catalogue spelling).
 * Outward (GetVariables, reports, console) booleans read `True`/`False`: the
 * 6.0.0 release notes ("Changed the replied boolean types in GetVariables to the
 * correct capitalizations: True and False. This used to be all lowercase.") win
 * over the OCPP 2.0.1 specification's lowercase `true`/`false`. One formatter
 * serves every outward path so a value reads the same everywhere.
 */
import type { VariableDef } from './define.js';
import type { StatusInfo } from './types.js';

export type Validation = { ok: true; value: string } | { ok: false; info: StatusInfo };

/** Extra numeric bounds, e.g. from the MinSet/MaxSet attributes. */
export interface Bounds {
  min?: number;
  max?: number;
}

function reject(reasonCode: string, additionalInfo: string): Validation {
  return { ok: false, info: { reasonCode, additionalInfo: additionalInfo.slice(0, 512) } };
}

function show(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

const INTEGER_RE = /^[+-]?\d+$/;
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/;

/** The tighter of two optional bounds. */
function tighter(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number): number | undefined {
  return a === undefined ? b : b === undefined ? a : pick(a, b);
}

function range(def: VariableDef, bounds: Bounds | undefined): { min?: number; max?: number } {
  const r: { min?: number; max?: number } = {};
  const min = tighter(def.minLimit, bounds?.min, Math.max);
  const max = tighter(def.maxLimit, bounds?.max, Math.min);
  if (min !== undefined) r.min = min;
  if (max !== undefined) r.max = max;
  return r;
}

function rangeText(r: { min?: number; max?: number }): string {
  if (r.min !== undefined && r.max !== undefined) return `${r.min}..${r.max}`;
  if (r.min !== undefined) return `>= ${r.min}`;
  return `<= ${r.max}`;
}

function validateInteger(def: VariableDef, text: string, bounds?: Bounds): Validation {
  if (!INTEGER_RE.test(text)) return reject('InvalidValue', `${show(text)} is not a whole number`);
  const n = BigInt(text);
  const r = range(def, bounds);
  if ((r.min !== undefined && n < BigInt(Math.ceil(r.min))) || (r.max !== undefined && n > BigInt(Math.floor(r.max)))) {
    return reject('ValueOutOfRange', `${n} is out of range ${rangeText(r)}`);
  }
  return { ok: true, value: n.toString() };
}

function validateDecimal(def: VariableDef, text: string, bounds?: Bounds): Validation {
  if (!DECIMAL_RE.test(text)) return reject('InvalidValue', `${show(text)} is not a decimal number`);
  const n = Number(text);
  if (!Number.isFinite(n)) return reject('InvalidValue', `${show(text)} is not a decimal number`);
  const r = range(def, bounds);
  if ((r.min !== undefined && n < r.min) || (r.max !== undefined && n > r.max)) {
    return reject('ValueOutOfRange', `${text} is out of range ${rangeText(r)}`);
  }
  return { ok: true, value: text.replace(/^\+/, '') };
}

function validateDateTime(text: string): Validation {
  const m = DATETIME_RE.exec(text);
  const bad = reject('InvalidValue', `${show(text)} is not an ISO 8601 date-time with offset (e.g. 2026-01-01T12:00:00Z or 2026-01-01T13:00:00+01:00)`);
  if (!m) return bad;
  const [, y, mo, d, h, mi, s, , oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysIn = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn) return bad;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return bad;
  if (oh !== undefined && (Number(oh) > 14 || Number(om) > 59)) return bad;
  if (Number.isNaN(Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) return bad;
  return { ok: true, value: text };
}

function checkLength(def: VariableDef, value: string): Validation | undefined {
  if (def.maxLength !== undefined && value.length > def.maxLength) {
    return reject('ValueTooLong', `${value.length} characters, at most ${def.maxLength} allowed`);
  }
  if (def.minLength !== undefined && value.length < def.minLength) {
    return reject('ValueTooShort', `${value.length} characters, at least ${def.minLength} needed`);
  }
  return undefined;
}

function allowed(def: VariableDef): string[] {
  return (def.valuesList ?? '').split(',').filter((v) => v !== '');
}

function canonicalMember(def: VariableDef, member: string): string | undefined {
  const lower = member.toLowerCase();
  return allowed(def).find((v) => v.toLowerCase() === lower);
}

function refusal(def: VariableDef, member: string): string | undefined {
  if (!def.refusedMembers) return undefined;
  const lower = member.toLowerCase();
  for (const [name, why] of Object.entries(def.refusedMembers)) if (name.toLowerCase() === lower) return why;
  return undefined;
}

function validateList(def: VariableDef, text: string): Validation {
  const members = text.trim() === '' ? [] : text.split(',').map((m) => m.trim());
  if (members.length === 0 && def.nonEmpty) return reject('InvalidValue', `at least one of ${def.valuesList} is needed`);
  const out: string[] = [];
  for (const member of members) {
    if (member === '') return reject('InvalidValue', `empty member in ${show(text)}`);
    const why = refusal(def, member);
    if (why) return reject('InvalidValue', why);
    const canon = canonicalMember(def, member);
    if (!canon) return reject('InvalidValue', `${show(member)} is not one of ${def.valuesList}`);
    if (out.includes(canon)) return reject('InvalidValue', `${canon} appears twice`);
    out.push(canon);
  }
  if (def.maxEntries !== undefined && out.length > def.maxEntries) {
    return reject('ValueOutOfRange', `${out.length} entries, at most ${def.maxEntries} allowed`);
  }
  const value = out.join(',');
  return checkLength(def, value) ?? { ok: true, value };
}

/**
 * Validate a value for a definition and return it in canonical form, or the
 * reason it is refused (reasonCode InvalidValue, ValueOutOfRange, ValueTooLong
 * or ValueTooShort, with additionalInfo saying why).
 */
export function validateValue(def: VariableDef, text: string, bounds?: Bounds): Validation {
  switch (def.dataType) {
    case 'integer':
      return validateInteger(def, text, bounds);
    case 'decimal':
      return validateDecimal(def, text, bounds);
    case 'boolean': {
      // Release notes 6.0.0: only (case-insensitive) true and false; anything
      // else is refused instead of being read as false.
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === 'false') return { ok: true, value: lower };
      return reject('InvalidValue', `${show(text)} is not a boolean: use true or false`);
    }
    case 'dateTime':
      return validateDateTime(text);
    case 'OptionList': {
      const canon = canonicalMember(def, text.trim());
      if (!canon) return reject('InvalidValue', `${show(text)} is not one of ${def.valuesList}`);
      return { ok: true, value: canon };
    }
    case 'MemberList':
    case 'SequenceList':
      return validateList(def, text);
    case 'string': {
      const tooLong = checkLength(def, text);
      if (tooLong) return tooLong;
      if (def.pattern && !def.pattern.test(text)) {
        return reject('InvalidValue', `${show(text)} is not ${def.patternHint ?? 'a valid value'}`);
      }
      return { ok: true, value: text };
    }
  }
}

/** The outward form of an internal value: booleans as `True`/`False`. */
export function formatValue(def: VariableDef, raw: string): string {
  if (def.dataType === 'boolean') {
    if (raw === 'true') return 'True';
    if (raw === 'false') return 'False';
  }
  return raw;
}
