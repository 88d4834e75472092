/**
 * Console key notation and the OCPP 1.6 configuration key map.
 *
 * Notation: `Component[.instance][/evse[/connector]].Variable[:varInstance]`
 *   TxCtrlr.TxStartPoint
 *   OCPPCommCtrlr.MessageAttempts:TransactionEvent
 *   EVSE/1.AvailabilityState
 *   Connector/1/1.ConnectorType
 * The variable is the last dotted segment; a component instance sits between the
 * component name and the evse part. Matching against the catalogue is
 * case-insensitive (done by the device model); formatting uses the names given.
 */
import type { ComponentRef, VariableRef } from './types.js';

export interface KeyRef {
  component: ComponentRef;
  variable: VariableRef;
}

const KEY_RE = /^([A-Za-z0-9_-]+)(?:\.([^/:]+?))?(?:\/(\d+)(?:\/(\d+))?)?\.([A-Za-z0-9_-]+)(?::(.+))?$/;

/** Parse the console notation; undefined when the text is not in that shape. */
export function parseKey(text: string): KeyRef | undefined {
  const m = KEY_RE.exec(text.trim());
  if (!m) return undefined;
  const [, name, instance, evseId, connectorId, variable, varInstance] = m;
  const component: ComponentRef = { name: name! };
  if (instance !== undefined && instance !== '') component.instance = instance;
  if (evseId !== undefined) {
    component.evse = { id: Number(evseId) };
    if (connectorId !== undefined) component.evse.connectorId = Number(connectorId);
  }
  const ref: VariableRef = { name: variable! };
  if (varInstance !== undefined && varInstance !== '') ref.instance = varInstance;
  return { component, variable: ref };
}

/** Format a component/variable pair in the console notation. */
export function formatKey(component: ComponentRef, variable: VariableRef): string {
  let key = component.name;
  if (component.instance) key += `.${component.instance}`;
  if (component.evse) {
    key += `/${component.evse.id}`;
    if (component.evse.connectorId !== undefined) key += `/${component.evse.connectorId}`;
  }
  key += `.${variable.name}`;
  if (variable.instance) key += `:${variable.instance}`;
  return key;
}

/**
 * OCPP 1.6 key → the 2.0.1 variable (console notation) holding the same value.
 * 1.6 keys are CiString50: looked up case-insensitively. Keys under `OCPP16.`
 * are 1.6-only read-only facts with no 2.0.1 variable (not in 2.0.1 reports).
 */
export const OCPP16_KEYS: Readonly<Record<string, string>> = {
  HeartbeatInterval: 'OCPPCommCtrlr.HeartbeatInterval',
  ConnectionTimeOut: 'TxCtrlr.EVConnectionTimeOut',
  StopTransactionOnEVSideDisconnect: 'TxCtrlr.StopTxOnEVSideDisconnect',
  StopTransactionOnInvalidId: 'TxCtrlr.StopTxOnInvalidId',
  MaxEnergyOnInvalidId: 'TxCtrlr.MaxEnergyOnInvalidId',
  AuthorizeRemoteTxRequests: 'AuthCtrlr.AuthorizeRemoteStart',
  LocalAuthorizeOffline: 'AuthCtrlr.LocalAuthorizeOffline',
  LocalPreAuthorize: 'AuthCtrlr.LocalPreAuthorize',
  AllowOfflineTxForUnknownId: 'AuthCtrlr.OfflineTxForUnknownIdEnabled',
  MasterPassGroupId: 'AuthCtrlr.MasterPassGroupId',
  AuthorizationCacheEnabled: 'AuthCacheCtrlr.Enabled',
  LocalAuthListEnabled: 'LocalAuthListCtrlr.Enabled',
  SendLocalListMaxLength: 'LocalAuthListCtrlr.ItemsPerMessage',
  MeterValueSampleInterval: 'SampledDataCtrlr.TxUpdatedInterval',
  MeterValuesSampledData: 'SampledDataCtrlr.TxUpdatedMeasurands',
  StopTxnSampledData: 'SampledDataCtrlr.TxEndedMeasurands',
  ClockAlignedDataInterval: 'AlignedDataCtrlr.Interval',
  MeterValuesAlignedData: 'AlignedDataCtrlr.Measurands',
  StopTxnAlignedData: 'AlignedDataCtrlr.TxEndedMeasurands',
  TransactionMessageAttempts: 'OCPPCommCtrlr.MessageAttempts:TransactionEvent',
  TransactionMessageRetryInterval: 'OCPPCommCtrlr.MessageAttemptInterval:TransactionEvent',
  UnlockConnectorOnEVSideDisconnect: 'OCPPCommCtrlr.UnlockOnEVSideDisconnect',
  WebSocketPingInterval: 'OCPPCommCtrlr.WebSocketPingInterval',
  ResetRetries: 'OCPPCommCtrlr.ResetRetries',
  ChargeProfileMaxStackLevel: 'SmartChargingCtrlr.ProfileStackLevel',
  ChargingScheduleMaxPeriods: 'SmartChargingCtrlr.PeriodsPerSchedule',
  ConnectorSwitch3to1PhaseSupported: 'SmartChargingCtrlr.Phases3to1',
  ReserveConnectorZeroSupported: 'ReservationCtrlr.NonEvseSpecific',
  AuthorizationKey: 'SecurityCtrlr.BasicAuthPassword',
  CpoName: 'SecurityCtrlr.OrganizationName',
  AdditionalRootCertificateCheck: 'SecurityCtrlr.AdditionalRootCertificateCheck',
  NumberOfConnectors: 'OCPP16.NumberOfConnectors',
  SupportedFeatureProfiles: 'OCPP16.SupportedFeatureProfiles',
  ConnectorPhaseRotation: 'OCPP16.ConnectorPhaseRotation',
  GetConfigurationMaxKeys: 'OCPP16.GetConfigurationMaxKeys',
  LocalAuthListMaxLength: 'OCPP16.LocalAuthListMaxLength',
  MaxChargingProfilesInstalled: 'OCPP16.MaxChargingProfilesInstalled',
  ChargingScheduleAllowedChargingRateUnit: 'OCPP16.ChargingScheduleAllowedChargingRateUnit',
};

/** Component name of the 1.6-only facts (never reported over 2.0.1). */
export const OCPP16_ONLY_COMPONENT = 'OCPP16';

/**
 * 1.6 keys the 6.0.0 release notes remove ("Due to the implementation of
 * setNetworkProfiles in OCPP 2.0.1, the related configuration keys in OCPP 1.5
 * and 1.6 are not functioning anymore"). None of them may resolve.
 */
export const REMOVED_OCPP16_KEYS: readonly string[] = [
  'ProtocolName',
  'ProtocolVersion',
  'BackOffice-Path-APN',
  'BackOffice-Path-wired',
  'BackOffice-Path-APN2',
  'BackOffice-Path-wired2',
  'BackOffice-URL-APN',
  'BackOffice-URL-wired',
  'WS timeout',
  'APN-Name',
  'APN-Password',
  'APN-User',
  'SecurityProfile',
];

const BY_LOWER = new Map<string, { key: string; target: string }>(
  Object.entries(OCPP16_KEYS).map(([key, target]) => [key.toLowerCase(), { key, target }]),
);

/** The canonical 1.6 key and its target for a 1.6 key in any case, or undefined. */
export function lookupOcpp16(key: string): { key: string; target: string } | undefined {
  return BY_LOWER.get(key.trim().toLowerCase());
}

/** 2.0.1 console key → its 1.6 key (reverse map), keyed by lowercase console key. */
export const OCPP16_BY_TARGET: ReadonlyMap<string, string> = new Map(
  Object.entries(OCPP16_KEYS).map(([key, target]) => [target.toLowerCase(), key]),
);
