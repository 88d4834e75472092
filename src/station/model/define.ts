/**
 * Shapes of the device model catalogue and the helper that builds one
 * variable definition. See catalog.ts for the station's catalogue.
 */
import type { AttributeType, ComponentRef, DataType, Mutability, VariableRef } from './types.js';

/** Slots of the network connection profiles (valuesList of NetworkConfigurationPriority). */
export const NETWORK_SLOTS: readonly number[] = [0, 1, 2, 3];
/** Per EVSE: 32 A three phase at 230 V. */
export const EVSE_MAX_POWER_W = 22080;
export const EVSE_MAX_CURRENT_A = 32;
export const LOCAL_LIST_MAX_ENTRIES = 1000;
export const MAX_CHARGING_PROFILES = 20;

export interface AttributeDef {
  type: AttributeType;
  mutability: Mutability;
  /** Value survives a reboot (stored in the `variables` table when written). */
  persistent: boolean;
  /** Value never changes at run time. */
  constant: boolean;
  /** Value before anything wrote it (internal form: booleans `true`/`false`). */
  default: string;
}

export interface VariableDef {
  component: ComponentRef;
  variable: VariableRef;
  dataType: DataType;
  unit?: string;
  /** Numeric limits (integer/decimal). */
  minLimit?: number;
  maxLimit?: number;
  /** Length limits for string values (reported as minLimit/maxLimit, as OCPP does for strings). */
  minLength?: number;
  maxLength?: number;
  /** Comma-separated allowed values for OptionList/MemberList/SequenceList. */
  valuesList?: string;
  /** MemberList/SequenceList: how many members at most. */
  maxEntries?: number;
  /** MemberList/SequenceList: the empty list is refused. */
  nonEmpty?: boolean;
  /** Members refused with a specific reason (e.g. DataSigned as stop point). */
  refusedMembers?: Readonly<Record<string, string>>;
  /** Extra shape for strings (e.g. a host name); with a human description. */
  pattern?: RegExp;
  patternHint?: string;
  attributes: AttributeDef[];
  /** OCPP 1.6 configuration key with the same value. */
  ocpp16Key?: string;
  /** Object dictionary id `IIII_SS`. */
  od?: string;
  /** Only reachable as an OCPP 1.6 key; not part of the 2.0.1 device model. */
  ocpp16Only?: boolean;
  /** The value is the station clock (ClockCtrlr.DateTime). */
  clock?: boolean;
  description?: string;
}

/** Kinds of variable, deciding mutability / persistent / constant. */
export type VarKind =
  /** ReadWrite, persistent. */
  | 'rw'
  /** WriteOnly, persistent. */
  | 'wo'
  /** ReadOnly constant (a fact of the hardware/firmware). */
  | 'const'
  /** ReadOnly, persistent, changed by the engine (e.g. SecurityProfile). */
  | 'ro'
  /** ReadOnly, not persistent: a live status the engine updates. */
  | 'live';

export interface VarSpec {
  kind: VarKind;
  value: string;
  instance?: string;
  unit?: string;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  values?: string;
  maxEntries?: number;
  nonEmpty?: boolean;
  refusedMembers?: Record<string, string>;
  pattern?: RegExp;
  patternHint?: string;
  od?: string;
  clock?: boolean;
  description?: string;
  ocpp16Only?: boolean;
}

const KIND: Record<VarKind, Pick<AttributeDef, 'mutability' | 'persistent' | 'constant'>> = {
  rw: { mutability: 'ReadWrite', persistent: true, constant: false },
  wo: { mutability: 'WriteOnly', persistent: true, constant: false },
  const: { mutability: 'ReadOnly', persistent: true, constant: true },
  ro: { mutability: 'ReadOnly', persistent: true, constant: false },
  live: { mutability: 'ReadOnly', persistent: false, constant: false },
};

/** Build one definition with a single Actual attribute. */
export function defineVar(component: ComponentRef | string, name: string, dataType: DataType, spec: VarSpec): VariableDef {
  const comp: ComponentRef = typeof component === 'string' ? { name: component } : component;
  const variable: VariableRef = { name };
  if (spec.instance) variable.instance = spec.instance;
  const def: VariableDef = {
    component: comp,
    variable,
    dataType,
    attributes: [{ type: 'Actual', ...KIND[spec.kind], default: spec.value }],
  };
  if (spec.unit !== undefined) def.unit = spec.unit;
  if (spec.min !== undefined) def.minLimit = spec.min;
  if (spec.max !== undefined) def.maxLimit = spec.max;
  if (spec.minLength !== undefined) def.minLength = spec.minLength;
  if (spec.maxLength !== undefined) def.maxLength = spec.maxLength;
  if (spec.values !== undefined) def.valuesList = spec.values;
  if (spec.maxEntries !== undefined) def.maxEntries = spec.maxEntries;
  if (spec.nonEmpty) def.nonEmpty = true;
  if (spec.refusedMembers) def.refusedMembers = spec.refusedMembers;
  if (spec.pattern) def.pattern = spec.pattern;
  if (spec.patternHint) def.patternHint = spec.patternHint;
  if (spec.od) def.od = spec.od;
  if (spec.clock) def.clock = true;
  if (spec.description) def.description = spec.description;
  if (spec.ocpp16Only) def.ocpp16Only = true;
  return def;
}

