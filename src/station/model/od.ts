/**
 * The object dictionary: firmware object ids `IIII_SS` (index, sub-index) that
 * the console and the Service Installer app use, each mapped to a device model
 * variable. Release notes 6.0.0: the P1 interface (serial/telnet) and the telnet
 * server IP address and port are "settable using OD's 2191_01, 2191_02 and
 * 2191_03". The ids come from the catalogue's `od` field.
 */
import { defKey, type VariableDef } from './catalog.js';
import type { GetVariableResult, KeyInfo, OdInfo, SetVariableResult, WriteSource } from './types.js';

/** The host the dictionary reads and writes through (the DeviceModel). */
export interface OdHost {
  readonly catalog: readonly VariableDef[];
  getByKey(key: string): GetVariableResult;
  setByKey(key: string, value: string, source: WriteSource): SetVariableResult;
  listKeys(filter?: string): KeyInfo[];
}

/**
 * Normalize an OD id: `2191_01`, `2191 01`, `2191.01`, `219101` → `2191_01`
 * (hex digits upper-cased). Undefined when it is not an OD id.
 */
export function normalizeOdId(text: string): string | undefined {
  const m = /^([0-9A-Fa-f]{4})[_ .:/-]?([0-9A-Fa-f]{2})$/.exec(text.trim());
  return m ? `${m[1]!.toUpperCase()}_${m[2]!.toUpperCase()}` : undefined;
}

export class ObjectDictionary {
  private readonly byId = new Map<string, VariableDef>();

  constructor(private readonly host: OdHost) {
    for (const def of host.catalog) {
      if (def.od) this.byId.set(normalizeOdId(def.od) ?? def.od, def);
    }
  }

  /** Known ids, sorted. */
  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  /** The console key behind an id, or undefined. */
  keyOf(id: string): string | undefined {
    const def = this.def(id);
    return def ? defKey(def) : undefined;
  }

  odGet(id: string): (GetVariableResult & { id: string; key: string }) | undefined {
    const norm = normalizeOdId(id);
    const key = norm && this.keyOf(norm);
    if (!norm || !key) return undefined;
    return { ...this.host.getByKey(key), id: norm, key };
  }

  odSet(id: string, value: string, source: WriteSource = 'console'): (SetVariableResult & { id: string; key: string }) | undefined {
    const norm = normalizeOdId(id);
    const key = norm && this.keyOf(norm);
    if (!norm || !key) return undefined;
    return { ...this.host.setByKey(key, value, source), id: norm, key };
  }

  /** Every object, filtered by a case-insensitive substring of its id (`2191_01` or `2191 01`) or key. */
  odList(filter?: string): OdInfo[] {
    const needle = filter?.trim().toLowerCase() ?? '';
    const rows: OdInfo[] = [];
    for (const id of this.ids()) {
      const def = this.byId.get(id)!;
      const key = defKey(def);
      const hay = `${id} ${key}`.toLowerCase();
      if (needle && !hay.includes(needle) && !hay.includes(needle.replace(/[ .:/-]/, '_'))) continue;
      const info = this.host.listKeys(key).find((k) => k.key === key);
      const row: OdInfo = {
        id,
        key,
        value: info?.value,
        mutability: info?.mutability ?? def.attributes[0]!.mutability,
        dataType: def.dataType,
      };
      if (def.description) row.description = def.description;
      rows.push(row);
    }
    return rows;
  }

  private def(id: string): VariableDef | undefined {
    const norm = normalizeOdId(id);
    return norm ? this.byId.get(norm) : undefined;
  }
}
