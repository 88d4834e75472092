/**
 * The station's OCPP 2.0.1 device model: GetVariables / SetVariables (B05,
 * B06), GetBaseReport data (B07), typed reads for the engine, and the key,
 * OCPP 1.6 and object dictionary access the console uses.
 *
 * Values live in memory; persistent attributes written away from their
 * catalogue default are also rows of the store table `variables` (a value set
 * back to its default removes the row). Non-persistent values (live status the
 * engine writes: AvailabilityState, Power, ActiveNetworkProfile, ...) start at
 * their default on every start. ClockCtrlr.DateTime is the station clock.
 *
 * Booleans go out as `True`/`False` (release notes 6.0.0 win over the OCPP
 * spec's lowercase; see values.ts). Change listeners get the internal form
 * (`true`/`false`).
 */
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { defKey, type AttributeDef, type VariableDef } from './catalog.js';
import { componentId, Definitions, variableId } from './definitions.js';
import { lookupOcpp16, parseKey, type KeyRef } from './keys.js';
import { ObjectDictionary } from './od.js';
import { formatValue, validateValue, type Bounds } from './values.js';
import type {
  AttributeType,
  ComponentRef,
  DeviceModelConsoleApi,
  GetVariableData,
  GetVariableResult,
  GetVariableStatus,
  KeyInfo,
  OdInfo,
  ReportBase,
  ReportData,
  SetVariableData,
  SetVariableResult,
  StatusInfo,
  ValueValidator,
  VariableChange,
  VariableRef,
  WriteSource,
} from './types.js';

export interface DeviceModelOptions {
  evseCount: number;
  clock: Clock;
  connectorsPerEvse?: number;
  /** Use this catalogue instead of buildCatalog(...) (tests). */
  catalog?: VariableDef[];
}

type Lookup = { def: VariableDef } | { status: Exclude<GetVariableStatus, 'Accepted' | 'Rejected' | 'NotSupportedAttributeType'> };

interface Row {
  component: string;
  instance: string;
  evse: number;
  connector: number;
  variable: string;
  var_instance: string;
  attribute: string;
  value: string;
}

/** Value ids by definition and attribute: definitions are shared by a fleet's stations, so each id is built once, not at every read. */
const valueIds = new WeakMap<VariableDef, Map<AttributeType, string>>();

function valueId(def: VariableDef, type: AttributeType): string {
  let ids = valueIds.get(def);
  if (!ids) valueIds.set(def, (ids = new Map()));
  let id = ids.get(type);
  if (id === undefined) ids.set(type, (id = `${componentId(def.component)}#${variableId(def.variable)}#${type}`));
  return id;
}

function copyComponent(c: ComponentRef): ComponentRef {
  const out: ComponentRef = { name: c.name };
  if (c.instance !== undefined) out.instance = c.instance;
  if (c.evse) out.evse = { ...c.evse };
  return out;
}

function copyVariable(v: VariableRef): VariableRef {
  return v.instance !== undefined ? { name: v.name, instance: v.instance } : { name: v.name };
}

function statusInfo(info: StatusInfo | string): StatusInfo {
  return typeof info === 'string' ? { reasonCode: 'InvalidValue', additionalInfo: info.slice(0, 512) } : info;
}

export class DeviceModel implements DeviceModelConsoleApi {
  readonly catalog: readonly VariableDef[];
  private readonly clock: Clock;
  private readonly definitions: Definitions;
  private readonly values = new Map<string, string>();
  private readonly listeners = new Set<(change: VariableChange) => void>();
  private readonly validators = new Map<VariableDef, Set<ValueValidator>>();
  private odIndex?: ObjectDictionary;

  constructor(
    private readonly store: Store,
    opts: DeviceModelOptions,
  ) {
    this.clock = opts.clock;
    this.definitions = opts.catalog ? new Definitions(opts.catalog) : Definitions.of(opts.evseCount, opts.connectorsPerEvse ?? 1);
    this.catalog = this.definitions.catalog;
    this.load();
  }

  /** Built when the console first asks (most stations of a fleet never do). */
  private get od(): ObjectDictionary {
    return (this.odIndex ??= new ObjectDictionary(this));
  }

  /* ---------------------------- OCPP 2.0.1 ---------------------------- */

  getVariables(data: GetVariableData[]): GetVariableResult[] {
    return data.map((d) => {
      const found = this.lookup(d.component, d.variable, false);
      return this.get(found, d.component, d.variable, d.attributeType);
    });
  }

  setVariables(data: SetVariableData[], source: WriteSource): SetVariableResult[] {
    return data.map((d) => {
      const found = this.lookup(d.component, d.variable, false);
      return this.set(found, d.component, d.variable, d.attributeValue, source, d.attributeType);
    });
  }

  /**
   * GetBaseReport data. FullInventory: every variable with all attributes and
   * characteristics. ConfigurationInventory: the variables with a ReadWrite or
   * WriteOnly attribute. WriteOnly values are never reported. SummaryInventory
   * is not claimed by the release notes ("only the core functionalities
   * reportBase; FullInventory and ConfigurationInventory are implemented"): the
   * caller answers NotSupported and this returns [].
   */
  report(base: ReportBase): ReportData[] {
    if (base === 'SummaryInventory') return [];
    const defs = this.catalog.filter((d) => !d.ocpp16Only);
    const chosen = base === 'FullInventory' ? defs : defs.filter((d) => d.attributes.some((a) => a.mutability !== 'ReadOnly'));
    return chosen.map((def) => this.reportData(def));
  }

  /* ---------------------------- engine side --------------------------- */

  getString(key: string): string {
    const def = this.mustResolve(key);
    return this.raw(def, this.primary(def).type);
  }

  getNumber(key: string): number {
    const text = this.getString(key);
    const n = text.trim() === '' ? NaN : Number(text);
    if (Number.isNaN(n)) throw new Error(`device model: ${key} is not a number (${JSON.stringify(text)})`);
    return n;
  }

  getBoolean(key: string): boolean {
    const def = this.mustResolve(key);
    if (def.dataType !== 'boolean') throw new Error(`device model: ${key} is a ${def.dataType}, not a boolean`);
    return this.raw(def, this.primary(def).type) === 'true';
  }

  /** Engine-side write: no mutability check, full type validation (throws when invalid); listeners only hear real changes. */
  setInternal(key: string, value: string | number | boolean): void {
    const def = this.mustResolve(key);
    const attr = this.primary(def);
    const text = String(value);
    // the value held is valid: writing it again changes nothing (the engine rewrites its live values often)
    if (!def.clock && this.raw(def, attr.type) === text) return;
    const v = validateValue(def, text, this.bounds(def, attr.type));
    if (!v.ok) throw new Error(`device model: cannot set ${key} to ${JSON.stringify(text)}: ${v.info.additionalInfo ?? v.info.reasonCode}`);
    if (def.clock) {
      this.clock.setTime(Date.parse(v.value));
      this.emit(def, attr.type, this.raw(def, attr.type), 'station');
      return;
    }
    if (this.raw(def, attr.type) === v.value) return;
    this.write([{ def, attr, value: v.value }]);
    this.emit(def, attr.type, v.value, 'station');
  }

  onChange(listener: (change: VariableChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /* ---------------------------- console side -------------------------- */

  resolveKey(key: string): { component: ComponentRef; variable: VariableRef } | undefined {
    const def = this.resolve(key);
    return def ? { component: copyComponent(def.component), variable: copyVariable(def.variable) } : undefined;
  }

  /** The definition behind a console or 1.6 key (characteristics such as maxLimit). */
  definition(key: string): VariableDef | undefined {
    return this.resolve(key);
  }

  listKeys(filter?: string): KeyInfo[] {
    const needle = filter?.trim().toLowerCase() ?? '';
    const rows: KeyInfo[] = [];
    for (const def of this.catalog) {
      const key = def.ocpp16Only && def.ocpp16Key ? def.ocpp16Key : defKey(def);
      if (needle && ![key, def.ocpp16Key ?? '', def.od ?? ''].some((s) => s.toLowerCase().includes(needle))) continue;
      const attr = this.primary(def);
      const row: KeyInfo = {
        key,
        value: attr.mutability === 'WriteOnly' ? undefined : formatValue(def, this.raw(def, attr.type)),
        mutability: attr.mutability,
        dataType: def.dataType,
      };
      if (def.ocpp16Key) row.ocpp16Key = def.ocpp16Key;
      if (def.unit) row.unit = def.unit;
      if (def.od) row.od = def.od;
      rows.push(row);
    }
    return rows;
  }

  getByKey(key: string): GetVariableResult {
    const [found, component, variable] = this.lookupKey(key);
    return this.get(found, component, variable, undefined);
  }

  setByKey(key: string, value: string, source: WriteSource): SetVariableResult {
    const [found, component, variable] = this.lookupKey(key);
    return this.set(found, component, variable, value, source, undefined);
  }

  odGet(id: string): (GetVariableResult & { id: string; key: string }) | undefined {
    return this.od.odGet(id);
  }

  odSet(id: string, value: string, source: WriteSource = 'console'): (SetVariableResult & { id: string; key: string }) | undefined {
    return this.od.odSet(id, value, source);
  }

  odList(filter?: string): OdInfo[] {
    return this.od.odList(filter);
  }

  addValidator(key: string, validator: ValueValidator): () => void {
    const def = this.mustResolve(key);
    let set = this.validators.get(def);
    if (!set) this.validators.set(def, (set = new Set()));
    set.add(validator);
    return () => set.delete(validator);
  }

  eraseConfig(source: WriteSource = 'console'): number {
    const changed: Array<{ def: VariableDef; attr: AttributeDef }> = [];
    for (const def of this.catalog) {
      for (const attr of def.attributes) {
        if (attr.persistent && this.values.has(valueId(def, attr.type)) && this.raw(def, attr.type) !== attr.default) changed.push({ def, attr });
      }
    }
    this.store.tx(() => this.store.db.prepare('DELETE FROM variables WHERE station = @station').run());
    for (const { def, attr } of changed) this.values.delete(valueId(def, attr.type));
    for (const { def, attr } of changed) this.emit(def, attr.type, attr.default, source);
    return changed.length;
  }

  /**
   * A reboot in place: forget the non-persistent values (live status back to
   * its catalogue default), as a fresh start from the store would. Listeners
   * are not told: the engine re-derives its live state while it boots.
   */
  resetVolatile(): void {
    for (const def of this.catalog) {
      for (const attr of def.attributes) if (!attr.persistent) this.values.delete(valueId(def, attr.type));
    }
  }

  /* ------------------------------ internals --------------------------- */

  private get(found: Lookup, component: ComponentRef, variable: VariableRef, attributeType: AttributeType | undefined): GetVariableResult {
    const result: GetVariableResult = { attributeStatus: 'Accepted', component, variable };
    if (attributeType) result.attributeType = attributeType;
    if ('status' in found) return { ...result, attributeStatus: found.status };
    const def = found.def;
    const attr = def.attributes.find((a) => a.type === (attributeType ?? 'Actual'));
    if (!attr) return { ...result, attributeStatus: 'NotSupportedAttributeType' };
    if (attr.mutability === 'WriteOnly') {
      return { ...result, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'WriteOnly', additionalInfo: `${defKey(def)} can be written, not read` } };
    }
    result.attributeValue = this.outward(def, attr.type);
    return result;
  }

  private set(
    found: Lookup,
    component: ComponentRef,
    variable: VariableRef,
    text: string,
    source: WriteSource,
    attributeType: AttributeType | undefined,
  ): SetVariableResult {
    const result: SetVariableResult = { attributeStatus: 'Accepted', component, variable };
    if (attributeType) result.attributeType = attributeType;
    if ('status' in found) return { ...result, attributeStatus: found.status };
    const def = found.def;
    const attr = def.attributes.find((a) => a.type === (attributeType ?? 'Actual'));
    if (!attr) return { ...result, attributeStatus: 'NotSupportedAttributeType' };
    const rejected = (info: StatusInfo): SetVariableResult => ({ ...result, attributeStatus: 'Rejected', attributeStatusInfo: info });
    if (attr.mutability === 'ReadOnly') return rejected({ reasonCode: 'ReadOnly', additionalInfo: `${defKey(def)} is read-only` });
    const maxSize = this.configurationValueSize();
    if (text.length > maxSize) return rejected({ reasonCode: 'ValueTooLong', additionalInfo: `value longer than ConfigurationValueSize (${maxSize})` });
    const v = validateValue(def, text, this.bounds(def, attr.type));
    if (!v.ok) return rejected(v.info);
    for (const validator of this.validators.get(def) ?? []) {
      const why = validator(v.value, source);
      if (why !== undefined) return rejected(statusInfo(why));
    }
    this.write([{ def, attr, value: v.value }]);
    this.emit(def, attr.type, v.value, source);
    return result;
  }

  /** Find a definition by refs, case-insensitively. `withOcpp16Only` for key access. */
  private lookup(component: ComponentRef, variable: VariableRef, withOcpp16Only: boolean): Lookup {
    let cid = componentId(component);
    if (!this.definitions.components.has(cid) && component.evse && component.evse.connectorId === undefined) {
      // A connector addressed without connectorId: the EVSE's only connector.
      const alt = componentId({ ...component, evse: { id: component.evse.id, connectorId: 1 } });
      if (this.definitions.components.has(alt) && !this.definitions.components.has(componentId({ ...component, evse: { id: component.evse.id, connectorId: 2 } }))) cid = alt;
    }
    const def = this.definitions.byId.get(`${cid}#${variableId(variable)}`);
    if (def && (withOcpp16Only || !def.ocpp16Only)) return { def };
    if (this.definitions.components.has(cid)) return { status: 'UnknownVariable' };
    return { status: 'UnknownComponent' };
  }

  private resolve(key: string): VariableDef | undefined {
    const known = this.definitions.resolved.get(key);
    if (known) return known;
    const legacy = lookupOcpp16(key);
    let def: VariableDef | undefined;
    if (legacy) def = this.definitions.byKey.get(legacy.target.toLowerCase());
    else {
      const ref = parseKey(key);
      const found = ref && this.lookup(ref.component, ref.variable, true);
      def = found && 'def' in found ? found.def : undefined;
    }
    if (def) this.definitions.resolved.set(key, def);
    return def;
  }

  /** Resolve a key for getByKey/setByKey: canonical refs when known, else the parsed ones. */
  private lookupKey(key: string): [Lookup, ComponentRef, VariableRef] {
    const def = this.resolve(key);
    if (def) return [{ def }, copyComponent(def.component), copyVariable(def.variable)];
    const ref: KeyRef | undefined = parseKey(key);
    if (ref) return [this.lookup(ref.component, ref.variable, true), ref.component, ref.variable];
    // Neither a known OCPP 1.6 key nor the console notation.
    return [{ status: 'UnknownVariable' }, { name: '' }, { name: key.trim() }];
  }

  private mustResolve(key: string): VariableDef {
    const def = this.resolve(key);
    if (!def) throw new Error(`device model: unknown key ${JSON.stringify(key)}`);
    return def;
  }

  private primary(def: VariableDef): AttributeDef {
    return def.attributes.find((a) => a.type === 'Actual') ?? def.attributes[0]!;
  }

  private raw(def: VariableDef, type: AttributeType): string {
    if (def.clock) return new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const stored = this.values.get(valueId(def, type));
    if (stored !== undefined) return stored;
    return def.attributes.find((a) => a.type === type)?.default ?? '';
  }

  private outward(def: VariableDef, type: AttributeType): string {
    const limit = this.reportingValueSize();
    return formatValue(def, this.raw(def, type)).slice(0, limit);
  }

  /** MinSet/MaxSet bound the Actual value when present and set. */
  private bounds(def: VariableDef, type: AttributeType): Bounds | undefined {
    if (type !== 'Actual') return undefined;
    const b: Bounds = {};
    for (const [attrType, field] of [['MinSet', 'min'], ['MaxSet', 'max']] as const) {
      if (!def.attributes.some((a) => a.type === attrType)) continue;
      const text = this.raw(def, attrType);
      const n = text === '' ? NaN : Number(text);
      if (!Number.isNaN(n)) b[field] = n;
    }
    return b.min === undefined && b.max === undefined ? undefined : b;
  }

  private configurationValueSize(): number {
    const def = this.definitions.byKey.get('devicedatactrlr.configurationvaluesize');
    return def ? Number(this.raw(def, 'Actual')) || 1000 : 1000;
  }

  private reportingValueSize(): number {
    const def = this.definitions.byKey.get('devicedatactrlr.reportingvaluesize');
    return def ? Number(this.raw(def, 'Actual')) || 2500 : 2500;
  }

  private reportData(def: VariableDef): ReportData {
    const chars: NonNullable<ReportData['variableCharacteristics']> = { dataType: def.dataType, supportsMonitoring: false };
    if (def.unit) chars.unit = def.unit;
    const isText = def.dataType !== 'integer' && def.dataType !== 'decimal';
    const min = isText ? def.minLength : def.minLimit;
    const max = isText ? def.maxLength : def.maxLimit;
    if (min !== undefined) chars.minLimit = min;
    if (max !== undefined) chars.maxLimit = max;
    if (def.valuesList !== undefined) chars.valuesList = def.valuesList;
    return {
      component: copyComponent(def.component),
      variable: copyVariable(def.variable),
      variableAttribute: def.attributes.map((a) => {
        const attr: ReportData['variableAttribute'][number] = { type: a.type };
        if (a.mutability !== 'WriteOnly') attr.value = this.outward(def, a.type);
        attr.mutability = a.mutability;
        attr.persistent = a.persistent;
        attr.constant = a.constant;
        return attr;
      }),
      variableCharacteristics: chars,
    };
  }

  private write(changes: Array<{ def: VariableDef; attr: AttributeDef; value: string }>): void {
    const persist = changes.filter((c) => c.attr.persistent && !c.def.ocpp16Only);
    if (persist.length) {
      const upsert = this.store.db.prepare(
        `INSERT INTO variables (station, component, instance, evse, connector, variable, var_instance, attribute, value)
         VALUES (@station, @component, @instance, @evse, @connector, @variable, @var_instance, @attribute, @value)
         ON CONFLICT(station, component, instance, evse, connector, variable, var_instance, attribute) DO UPDATE SET value = excluded.value`,
      );
      const remove = this.store.db.prepare(
        `DELETE FROM variables WHERE station = @station AND component = @component AND instance = @instance AND evse = @evse AND connector = @connector
         AND variable = @variable AND var_instance = @var_instance AND attribute = @attribute`,
      );
      this.store.tx(() => {
        for (const { def, attr, value } of persist) {
          const row = this.row(def, attr.type, value);
          if (value === attr.default) remove.run(row);
          else upsert.run(row);
        }
      });
    }
    for (const { def, attr, value } of changes) {
      if (value === attr.default) this.values.delete(valueId(def, attr.type));
      else this.values.set(valueId(def, attr.type), value);
    }
  }

  private row(def: VariableDef, type: AttributeType, value: string): Row {
    return {
      component: def.component.name,
      instance: def.component.instance ?? '',
      evse: def.component.evse?.id ?? -1,
      connector: def.component.evse?.connectorId ?? -1,
      variable: def.variable.name,
      var_instance: def.variable.instance ?? '',
      attribute: type,
      value,
    };
  }

  /** Read the stored values; rows that no longer match the catalogue or no longer validate are ignored. */
  private load(): void {
    const rows = this.store.db.prepare('SELECT * FROM variables WHERE station = @station').all() as Row[];
    for (const r of rows) {
      const component: ComponentRef = { name: r.component };
      if (r.instance) component.instance = r.instance;
      if (r.evse >= 0) component.evse = r.connector >= 0 ? { id: r.evse, connectorId: r.connector } : { id: r.evse };
      const variable: VariableRef = r.var_instance ? { name: r.variable, instance: r.var_instance } : { name: r.variable };
      const def = this.definitions.byId.get(`${componentId(component)}#${variableId(variable)}`);
      const attr = def?.attributes.find((a) => a.type === r.attribute);
      if (!def || !attr || !attr.persistent) continue;
      const v = validateValue(def, r.value);
      if (v.ok && v.value !== attr.default) this.values.set(valueId(def, attr.type), v.value);
    }
  }

  private emit(def: VariableDef, type: AttributeType, value: string, source: WriteSource): void {
    const change: VariableChange = { component: copyComponent(def.component), variable: copyVariable(def.variable), attributeType: type, value, source };
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A failing listener must not undo an accepted write nor silence the others.
      }
    }
  }
}
