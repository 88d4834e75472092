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
