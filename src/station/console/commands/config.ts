import { defKey } from '../../model/catalog.js';
import { REMOVED_OCPP16_KEYS } from '../../model/keys.js';
import type { KeyInfo } from '../../model/types.js';
import type { Station } from '../../station.js';
import { badArgument, type Command } from '../types.js';
import { columns, expectArgs } from './args.js';
import { readKey, refusalText, writeKey } from './model-write.js';

/** One key in `config` (JSON data). `value` is null for WriteOnly keys. */
export interface KeyView {
  key: string;
  ocpp16Key: string | null;
  value: string | null;
  mutability: string;
  dataType: string;
  unit: string | null;
}

function toView(info: KeyInfo): KeyView {
  return {
    key: info.key,
    ocpp16Key: info.ocpp16Key ?? null,
    value: info.value ?? null,
    mutability: info.mutability,
    dataType: info.dataType,
    unit: info.unit ?? null,
  };
}

/** How a value reads on the console: `(write-only)` when it cannot be read, `""` when empty. */
export function showValue(v: { value: string | null; mutability: string }): string {
  if (v.mutability === 'WriteOnly') return '(write-only)';
  if (v.value === null || v.value === '') return '""';
  return /\s/.test(v.value) ? JSON.stringify(v.value) : v.value;
}

/** The row of one key (console notation or 1.6 key, any case); BAD_ARGUMENT when unknown. */
export function keyView(station: Station, key: string): KeyView {
  const def = station.model.definition(key);
  if (!def && REMOVED_OCPP16_KEYS.some((k) => k.toLowerCase() === key.trim().toLowerCase())) {
    throw badArgument(`'${key}' was removed in firmware 6.0.0: the backoffice connection is a network profile now ('help network')`);
  }
  if (!def) throw badArgument(`unknown key '${key}': 'config <filter>' lists the keys`);
  const canonical = def.ocpp16Only && def.ocpp16Key ? def.ocpp16Key : defKey(def);
  const info = station.model.listKeys(canonical).find((k) => k.key === canonical);
  if (!info) throw badArgument(`unknown key '${key}': 'config <filter>' lists the keys`);
  return toView(info);
}

function keyLine(v: KeyView): string[] {
  return columns([[v.key, v.ocpp16Key ?? '-', showValue(v), v.mutability]]);
}

const CONFIG_USAGE = 'config [filter]   (filter: part of a 2.0.1 key, a 1.6 key or an OD id)';

const list: Command = {
  words: ['config'],
  usage: CONFIG_USAGE,
  summary: 'list configuration keys: 2.0.1 key, OCPP 1.6 key, value, mutability',
  run({ station, args }) {
    expectArgs(args, 0, 1, CONFIG_USAGE);
    const keys = station.model.listKeys(args[0]).map(toView);
    if (keys.length === 0) return { data: { keys }, text: [`no key matches '${args[0]}'`] };
    const text = columns([['key', 'ocpp1.6', 'value', 'mutability'], ...keys.map((k) => [k.key, k.ocpp16Key ?? '-', showValue(k), k.mutability])]);
    return { data: { keys }, text };
  },
};

const get: Command = {
  words: ['config', 'get'],
  usage: 'config get <key>   (Component[.instance][/evse].Variable[:instance] or an OCPP 1.6 key)',
  summary: 'read one configuration key',
  run({ station, args }) {
    expectArgs(args, 1, 1, 'config get <key>');
    const v = keyView(station, args[0]!);
    return { data: v, text: keyLine(v) };
  },
};

const set: Command = {
  words: ['config', 'set'],
  usage: 'config set <key> <value>   (quote a value with spaces; same validation as SetVariables)',
  summary: 'write one configuration key',
  run({ station, session, args }) {
    expectArgs(args, 2, 2, 'config set <key> <value>');
    const [key, value] = args as [string, string];
    const before = keyView(station, key);
    const result = writeKey(station, session, key, value);
    const v = keyView(station, before.key);
    const rebootRequired = result.attributeStatus === 'RebootRequired';
    station.log.info('console', `config set ${v.key}${v.mutability === 'WriteOnly' ? '' : ` = ${v.value}`}`);
    const text = keyLine(v);
    if (rebootRequired) text.push('reboot required to apply');
    return { data: { ...v, status: result.attributeStatus }, text };
  },
};

const MASTERPASS_KEY = 'AuthCtrlr.MasterPassGroupId';
const MASTERPASS_USAGE = 'masterpass [<groupId 1..36 chars>|clear]';

const masterpass: Command = {
  words: ['masterpass'],
  usage: MASTERPASS_USAGE,
  summary: 'show or set AuthCtrlr.MasterPassGroupId (tokens of that group stop any transaction); clear removes it',
  run({ station, session, args }) {
    expectArgs(args, 0, 1, MASTERPASS_USAGE);
    if (args.length === 1) {
      const arg = args[0]!;
      const value = arg.toLowerCase() === 'clear' ? '' : arg;
      if (value === arg && (arg.length < 1 || arg.length > 36)) {
        throw badArgument(`group id must be 1..36 characters, got ${arg.length} ('masterpass clear' removes it)`);
      }
      writeKey(station, session, MASTERPASS_KEY, value);
      station.log.info('console', value ? `masterpass group id set to ${value}` : 'masterpass group id cleared');
    }
    const value = readKey(station, MASTERPASS_KEY) ?? '';
    return { data: { groupId: value === '' ? null : value }, text: [value === '' ? 'masterpass not set' : `masterpass ${value}`] };
  },
};

/* ------------------------------ object dictionary ------------------------------ */

const OD_ID = '<IIII_SS>';

const odGet: Command = {
  words: ['od', 'get'],
  usage: `od get ${OD_ID}`,
  summary: 'read an object dictionary entry (e.g. od get 2191_01)',
  run({ station, args }) {
    expectArgs(args, 1, 1, `od get ${OD_ID}`);
    const r = station.model.odGet(args[0]!);
    if (!r) throw badArgument(`unknown object '${args[0]}': 'od list' shows the objects`);
    const writeOnly = r.attributeStatus === 'Rejected' && r.attributeStatusInfo?.reasonCode === 'WriteOnly';
    if (r.attributeStatus !== 'Accepted' && !writeOnly) throw badArgument(`${r.id} cannot be read: ${r.attributeStatusInfo?.additionalInfo ?? r.attributeStatus}`);
    const value = writeOnly ? null : (r.attributeValue ?? null);
    return { data: { id: r.id, key: r.key, value }, text: columns([[r.id, r.key, writeOnly ? '(write-only)' : showValue({ value, mutability: '' })]]) };
  },
};

const odSet: Command = {
  words: ['od', 'set'],
  usage: `od set ${OD_ID} <value>`,
  summary: 'write an object dictionary entry (same validation as the variable behind it)',
  run({ station, args }) {
    expectArgs(args, 2, 2, `od set ${OD_ID} <value>`);
    const [id, value] = args as [string, string];
    const r = station.model.odSet(id, value, 'console');
    if (!r) throw badArgument(`unknown object '${id}': 'od list' shows the objects`);
    if (r.attributeStatus !== 'Accepted' && r.attributeStatus !== 'RebootRequired') throw badArgument(refusalText(r.id, r));
    station.log.info('console', `od set ${r.id} (${r.key})`);
    const after = station.model.odGet(r.id)!;
    const shown = after.attributeStatus === 'Accepted' ? (after.attributeValue ?? null) : null;
    return { data: { id: r.id, key: r.key, value: shown, status: r.attributeStatus }, text: columns([[r.id, r.key, showValue({ value: shown, mutability: '' })]]) };
  },
};

const odList: Command = {
  words: ['od', 'list'],
  usage: 'od list [filter]',
  summary: 'list the object dictionary: id, variable, value',
  run({ station, args }) {
    expectArgs(args, 0, 1, 'od list [filter]');
    const objects = station.model.odList(args[0]).map((o) => ({
      id: o.id,
      key: o.key,
      value: o.value ?? null,
      mutability: o.mutability,
      dataType: o.dataType,
      description: o.description ?? null,
    }));
    if (objects.length === 0) return { data: { objects }, text: [args[0] ? `no object matches '${args[0]}'` : 'no objects'] };
    return { data: { objects }, text: columns(objects.map((o) => [o.id, o.key, showValue(o), o.mutability])) };
  },
};

const od: Command = {
  words: ['od'],
  usage: `od get ${OD_ID} | od set ${OD_ID} <value> | od list [filter]`,
  summary: 'object dictionary access',
  run({ args }) {
    throw badArgument(args.length ? `unknown 'od ${args[0]}': use od get, od set or od list` : `use od get ${OD_ID}, od set ${OD_ID} <value> or od list [filter]`);
  },
};

export const configCommands: Command[] = [list, get, set, masterpass, od, odGet, odSet, odList];
