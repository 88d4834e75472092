/**
 * The catalogue of a station's variables and the indexes the device model
 * looks them up by. They depend only on the EVSE layout, so a layout's
 * definitions are built once and shared by every station that has it (a
 * fleet of ten thousand holds one). Nothing may change them: they are the
 * same for every station (test/unit/model/definitions.test.ts checks it; not
 * frozen, which would cost a one-shot command 3 ms of its start-up).
 */
import { buildCatalog, defKey, type VariableDef } from './catalog.js';
import type { ComponentRef, VariableRef } from './types.js';

const lc = (s: string | undefined): string => (s ?? '').toLowerCase();

export function componentId(c: ComponentRef): string {
  return [lc(c.name), lc(c.instance), c.evse?.id ?? -1, c.evse?.connectorId ?? -1].join('|');
}

export function variableId(v: VariableRef): string {
  return `${lc(v.name)}|${lc(v.instance)}`;
}

export class Definitions {
  /** by `componentId#variableId` */
  readonly byId = new Map<string, VariableDef>();
  /** by console key, lower case */
  readonly byKey = new Map<string, VariableDef>();
  /** Component ids of the 2.0.1 device model (1.6-only facts excluded). */
  readonly components = new Set<string>();
  /**
   * Keys as the engine and the console spell them, once resolved: the engine
   * reads its settings by key all the time. Only keys that name a variable
   * are kept, so typing errors do not grow it.
   */
  readonly resolved = new Map<string, VariableDef>();

  constructor(readonly catalog: readonly VariableDef[]) {
    for (const def of catalog) {
      this.byId.set(`${componentId(def.component)}#${variableId(def.variable)}`, def);
      this.byKey.set(defKey(def).toLowerCase(), def);
      if (!def.ocpp16Only) this.components.add(componentId(def.component));
    }
  }

  private static readonly layouts = new Map<string, Definitions>();

  /** The shared definitions of a layout. */
  static of(evseCount: number, connectorsPerEvse = 1): Definitions {
    const layout = `${evseCount}x${connectorsPerEvse}`;
    let definitions = Definitions.layouts.get(layout);
    if (!definitions) {
      definitions = new Definitions(buildCatalog({ evseCount, connectorsPerEvse }));
      Definitions.layouts.set(layout, definitions);
    }
    return definitions;
  }
}

