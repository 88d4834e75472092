/**
 * The OCPP 2.0.1 device model as the engine sees it: components with
 * variables, each variable with characteristics and up to four attributes.
 * Shapes follow the OCPP 2.0.1 JSON schemas so results go on the wire as is.
 */
export type DataType = 'string' | 'decimal' | 'integer' | 'dateTime' | 'boolean' | 'OptionList' | 'SequenceList' | 'MemberList';
export type AttributeType = 'Actual' | 'Target' | 'MinSet' | 'MaxSet';
export type Mutability = 'ReadOnly' | 'WriteOnly' | 'ReadWrite';

export interface EvseRef {
  id: number;
  connectorId?: number;
}

export interface ComponentRef {
  name: string;
  instance?: string;
  evse?: EvseRef;
}

export interface VariableRef {
  name: string;
  instance?: string;
}

export interface StatusInfo {
  reasonCode: string;
  additionalInfo?: string;
}

export type GetVariableStatus = 'Accepted' | 'Rejected' | 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType';
export type SetVariableStatus = 'Accepted' | 'Rejected' | 'UnknownComponent' | 'UnknownVariable' | 'NotSupportedAttributeType' | 'RebootRequired';

/** One entry of GetVariablesRequest.getVariableData. */
export interface GetVariableData {
  attributeType?: AttributeType;
  component: ComponentRef;
  variable: VariableRef;
}

/** One entry of GetVariablesResponse.getVariableResult. */
export interface GetVariableResult {
  attributeStatus: GetVariableStatus;
  attributeStatusInfo?: StatusInfo;
  attributeType?: AttributeType;
  attributeValue?: string;
  component: ComponentRef;
  variable: VariableRef;
}

/** One entry of SetVariablesRequest.setVariableData. */
export interface SetVariableData {
  attributeType?: AttributeType;
  attributeValue: string;
  component: ComponentRef;
  variable: VariableRef;
}

/** One entry of SetVariablesResponse.setVariableResult. */
export interface SetVariableResult {
  attributeType?: AttributeType;
  attributeStatus: SetVariableStatus;
  attributeStatusInfo?: StatusInfo;
  component: ComponentRef;
  variable: VariableRef;
}

/** ReportDataType of NotifyReportRequest. */
export interface ReportData {
  component: ComponentRef;
  variable: VariableRef;
  variableAttribute: Array<{
    type?: AttributeType;
    value?: string;
    mutability?: Mutability;
    persistent?: boolean;
    constant?: boolean;
  }>;
  variableCharacteristics?: {
    unit?: string;
    dataType: DataType;
    minLimit?: number;
    maxLimit?: number;
    valuesList?: string;
    supportsMonitoring: boolean;
  };
}

export type ReportBase = 'ConfigurationInventory' | 'FullInventory' | 'SummaryInventory';

/** Who is writing: the CSMS (SetVariables) or the console (technician). */
export type WriteSource = 'csms' | 'console' | 'station';

export interface VariableChange {
  component: ComponentRef;
  variable: VariableRef;
  attributeType: AttributeType;
  value: string;
  source: WriteSource;
}

/**
 * What the rest of the engine needs from the device model. Keys are the
 * console notation `Component[.instance][/evse[/connector]].Variable[:varInstance]`
 * (e.g. `OCPPCommCtrlr.HeartbeatInterval`, `OCPPCommCtrlr.MessageAttempts:TransactionEvent`,
 * `EVSE/1.AvailabilityState`) or an OCPP 1.6 key name (`HeartbeatInterval`).
 */
export interface DeviceModelApi {
  getVariables(data: GetVariableData[]): GetVariableResult[];
  setVariables(data: SetVariableData[], source: WriteSource): SetVariableResult[];
  report(base: ReportBase): ReportData[];

  /** Typed reads for engine code; throw on an unknown key (a programming error). */
  getString(key: string): string;
  getNumber(key: string): number;
  getBoolean(key: string): boolean;
  /** Engine-side write (e.g. ReadOnly status values), bypassing mutability; validates type. */
  setInternal(key: string, value: string | number | boolean): void;

  onChange(listener: (change: VariableChange) => void): () => void;
}

/* ------------------------------------------------------------------------ *
 * Additions for the console and the OCPP 1.6 adapter (keys, OD ids).
 * ------------------------------------------------------------------------ */

/** One row of the console `config` listing (see DeviceModelConsoleApi.listKeys). */
export interface KeyInfo {
  /** Console notation, or the 1.6 key for 1.6-only facts (e.g. NumberOfConnectors). */
  key: string;
  /** Outward value (booleans `True`/`False`); undefined for WriteOnly. */
  value: string | undefined;
  mutability: Mutability;
  dataType: DataType;
  ocpp16Key?: string;
  unit?: string;
  od?: string;
}

/** One row of `od list`. */
export interface OdInfo {
  /** `IIII_SS`, e.g. `2191_01`. */
  id: string;
  /** Console key of the variable behind the object. */
  key: string;
  value: string | undefined;
  mutability: Mutability;
  dataType: DataType;
  description?: string;
}

/**
 * Extra validation another module adds to a variable (e.g. the network block
 * refusing a NetworkConfigurationPriority slot without a profile). Runs for
 * CSMS and console writes after the type checks; return a reason (text or
 * StatusInfo) to reject, undefined to accept. `value` is in canonical form.
 */
export type ValueValidator = (value: string, source: WriteSource) => StatusInfo | string | undefined;

/**
 * The device model as the console, the OCPP 1.6 adapter and the object
 * dictionary see it. Key-based results have the same shape and validation as
 * GetVariables/SetVariables, so the console shows what the CSMS would get.
 */
export interface DeviceModelConsoleApi extends DeviceModelApi {
  /** Canonical refs of a console key or 1.6 key (case-insensitive), or undefined. */
  resolveKey(key: string): { component: ComponentRef; variable: VariableRef } | undefined;
  /** Every variable (and 1.6-only fact), filtered by a case-insensitive substring of key / 1.6 key / OD id. */
  listKeys(filter?: string): KeyInfo[];
  getByKey(key: string): GetVariableResult;
  setByKey(key: string, value: string, source: WriteSource): SetVariableResult;
  /** Object dictionary access; undefined for an unknown id. */
  odGet(id: string): (GetVariableResult & { id: string; key: string }) | undefined;
  odSet(id: string, value: string, source?: WriteSource): (SetVariableResult & { id: string; key: string }) | undefined;
  odList(filter?: string): OdInfo[];
  addValidator(key: string, validator: ValueValidator): () => void;
  /** Forget every written configuration value (back to catalogue defaults); returns how many changed. */
  eraseConfig(source?: WriteSource): number;
}
