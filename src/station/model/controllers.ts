/**
 * The OCPP 2.0.1 standard controller components (Part 2, Appendix 3
 * "Standardized components and variables") with the variables the functional
 * blocks of ng9 use. Names and data types follow the specification; defaults
 * are this firmware's.
 */
import { defineVar, LOCAL_LIST_MAX_ENTRIES, MAX_CHARGING_PROFILES, NETWORK_SLOTS, type VariableDef } from './define.js';
import { TX_POINT_ORDER, TX_STOP_POINT_ORDER } from './tx-points.js';

/** Measurands the NG9xx meter can deliver (AC, per phase). */
export const MEASURANDS = [
  'Current.Import',
  'Current.Offered',
  'Energy.Active.Import.Register',
  'Energy.Active.Import.Interval',
  'Power.Active.Import',
  'Power.Offered',
  'Voltage',
  'Frequency',
].join(',');

const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';

function ocppCommCtrlr(): VariableDef[] {
  const c = 'OCPPCommCtrlr';
  return [
    defineVar(c, 'ActiveNetworkProfile', 'integer', {
      kind: 'live', value: String(NETWORK_SLOTS[0]),
      description: 'Configuration slot of the network profile in use',
    }),
    defineVar(c, 'MessageTimeout', 'integer', {
      kind: 'live', instance: 'Default', value: '30', unit: 's', min: 1, max: 3600,
      description: 'From the messageTimeout of the active network profile',
    }),
    defineVar(c, 'FileTransferProtocols', 'MemberList', { kind: 'const', value: 'FTP,FTPS,HTTP,HTTPS', values: 'FTP,FTPS,HTTP,HTTPS,SFTP' }),
    defineVar(c, 'HeartbeatInterval', 'integer', { kind: 'rw', value: '300', unit: 's', min: 1, max: 86400 }),
    defineVar(c, 'NetworkConfigurationPriority', 'SequenceList', {
      kind: 'rw', value: String(NETWORK_SLOTS[0]), values: NETWORK_SLOTS.join(','), maxEntries: 4, nonEmpty: true,
      description: 'Configuration slots in priority order, highest first (at most 4)',
    }),
    defineVar(c, 'NetworkProfileConnectionAttempts', 'integer', { kind: 'rw', value: '3', min: 1, max: 100 }),
    defineVar(c, 'OfflineThreshold', 'integer', { kind: 'rw', value: '60', unit: 's', min: 0, max: 86400 }),
    defineVar(c, 'QueueAllMessages', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(c, 'MessageAttempts', 'integer', { kind: 'rw', instance: 'TransactionEvent', value: '3', min: 1, max: 100 }),
    defineVar(c, 'MessageAttemptInterval', 'integer', { kind: 'rw', instance: 'TransactionEvent', value: '60', unit: 's', min: 0, max: 86400 }),
    defineVar(c, 'UnlockOnEVSideDisconnect', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(c, 'WebSocketPingInterval', 'integer', { kind: 'rw', value: '30', unit: 's', min: 0, max: 3600, description: '0 disables client-side pings' }),
    defineVar(c, 'ResetRetries', 'integer', { kind: 'rw', value: '2', min: 0, max: 10 }),
    defineVar(c, 'RetryBackOffRepeatTimes', 'integer', { kind: 'rw', value: '3', min: 0, max: 20 }),
    defineVar(c, 'RetryBackOffRandomRange', 'integer', { kind: 'rw', value: '10', unit: 's', min: 0, max: 3600 }),
    defineVar(c, 'RetryBackOffWaitMinimum', 'integer', { kind: 'rw', value: '5', unit: 's', min: 0, max: 3600 }),
  ];
}

function deviceDataCtrlr(): VariableDef[] {
  const c = 'DeviceDataCtrlr';
  const defs: VariableDef[] = [];
  for (const instance of ['GetReport', 'GetVariables', 'SetVariables']) {
    defs.push(defineVar(c, 'ItemsPerMessage', 'integer', { kind: 'const', instance, value: '20', min: 1 }));
  }
  for (const instance of ['GetReport', 'GetVariables', 'SetVariables']) {
    defs.push(defineVar(c, 'BytesPerMessage', 'integer', { kind: 'const', instance, value: '8192', unit: 'B', min: 1 }));
  }
  defs.push(
    defineVar(c, 'ConfigurationValueSize', 'integer', { kind: 'const', value: '1000', min: 1, description: 'Longest attributeValue accepted by SetVariables' }),
    defineVar(c, 'ReportingValueSize', 'integer', { kind: 'const', value: '2500', min: 1, description: 'Longest value in GetVariables/NotifyReport' }),
  );
  return defs;
}

function securityCtrlr(): VariableDef[] {
  const c = 'SecurityCtrlr';
  return [
    defineVar(c, 'BasicAuthPassword', 'string', { kind: 'wo', value: '', minLength: 16, maxLength: 40, description: 'HTTP Basic authentication password (A01)' }),
    defineVar(c, 'Identity', 'string', { kind: 'ro', value: '', maxLength: 48, description: 'The station identity (last URL path segment)' }),
    defineVar(c, 'OrganizationName', 'string', { kind: 'rw', value: '', maxLength: 64, description: 'O of the certificate signing request' }),
    defineVar(c, 'SecurityProfile', 'integer', { kind: 'ro', value: '1', min: 0, max: 3, description: 'Security profile in use (A05: never lowered)' }),
    defineVar(c, 'CertificateEntries', 'integer', { kind: 'live', value: '0', min: 0, max: 20 }),
    defineVar(c, 'AdditionalRootCertificateCheck', 'boolean', { kind: 'const', value: 'false' }),
    defineVar(c, 'CertSigningWaitMinimum', 'integer', { kind: 'rw', value: '60', unit: 's', min: 1, max: 86400 }),
    defineVar(c, 'CertSigningRepeatTimes', 'integer', { kind: 'rw', value: '3', min: 0, max: 100 }),
  ];
}

function authCtrlrs(): VariableDef[] {
  const a = 'AuthCtrlr';
  const cache = 'AuthCacheCtrlr';
  const list = 'LocalAuthListCtrlr';
  return [
    defineVar(a, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(a, 'AuthorizeRemoteStart', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(a, 'LocalAuthorizeOffline', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(a, 'LocalPreAuthorize', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(a, 'OfflineTxForUnknownIdEnabled', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(a, 'DisableRemoteAuthorization', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(a, 'MasterPassGroupId', 'string', {
      kind: 'rw', value: '', maxLength: 36,
      description: 'IdTokens with this groupId belong to the Master Pass Group: they stop any ongoing transaction, never start one',
    }),
    defineVar(cache, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(cache, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(cache, 'LifeTime', 'integer', { kind: 'rw', value: '86400', unit: 's', min: 0, max: 31536000, description: '0: entries do not expire' }),
    defineVar(cache, 'Storage', 'integer', { kind: 'live', value: '0', unit: 'B', min: 0, max: 65536 }),
    defineVar(cache, 'Policy', 'OptionList', { kind: 'const', value: 'LRU', values: 'LRU,LFU,FIFO,CUSTOM' }),
    defineVar(cache, 'DisablePostAuthorize', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(list, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(list, 'Entries', 'integer', { kind: 'live', value: '0', min: 0, max: LOCAL_LIST_MAX_ENTRIES }),
    defineVar(list, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(list, 'ItemsPerMessage', 'integer', { kind: 'const', value: '100', min: 1 }),
    defineVar(list, 'BytesPerMessage', 'integer', { kind: 'const', value: '16384', unit: 'B', min: 1 }),
    defineVar(list, 'Storage', 'integer', { kind: 'live', value: '0', unit: 'B', min: 0, max: 262144 }),
    defineVar(list, 'DisablePostAuthorize', 'boolean', { kind: 'rw', value: 'false' }),
  ];
}

function txCtrlr(): VariableDef[] {
  const c = 'TxCtrlr';
  return [
    defineVar(c, 'EVConnectionTimeOut', 'integer', { kind: 'rw', value: '120', unit: 's', min: 0, max: 3600 }),
    defineVar(c, 'StopTxOnEVSideDisconnect', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(c, 'StopTxOnInvalidId', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(c, 'TxBeforeAcceptedEnabled', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(c, 'TxStartPoint', 'MemberList', { kind: 'rw', value: 'PowerPathClosed', values: TX_POINT_ORDER.join(','), nonEmpty: true }),
    defineVar(c, 'TxStopPoint', 'MemberList', {
      kind: 'rw', value: 'EVConnected,Authorized', values: TX_STOP_POINT_ORDER.join(','), nonEmpty: true,
      refusedMembers: { DataSigned: 'DataSigned cannot be a stop point' },
    }),
    defineVar(c, 'MaxEnergyOnInvalidId', 'integer', {
      kind: 'rw', value: '0', unit: 'Wh', min: 0, max: 4294967295,
      description: 'Energy still delivered after the CSMS deauthorizes the idToken of a running transaction (with StopTxOnInvalidId false)',
    }),
  ];
}

function smartChargingCtrlr(): VariableDef[] {
  const c = 'SmartChargingCtrlr';
  return [
    defineVar(c, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(c, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(c, 'ACPhaseSwitchingSupported', 'boolean', { kind: 'const', value: 'false' }),
    defineVar(c, 'ProfileStackLevel', 'integer', { kind: 'const', value: '8', min: 0 }),
    defineVar(c, 'RateUnit', 'MemberList', { kind: 'const', value: 'A,W', values: 'A,W' }),
    defineVar(c, 'PeriodsPerSchedule', 'integer', { kind: 'const', value: '24', min: 1 }),
    defineVar(c, 'ExternalControlSignalsEnabled', 'boolean', { kind: 'rw', value: 'true', description: 'Limits from outside (P1 load balancing) apply' }),
    defineVar(c, 'NotifyChargingLimitWithSchedules', 'boolean', { kind: 'rw', value: 'false' }),
    // what the EVSEs' hardware can do: set by the smart charging block at start
    defineVar(c, 'Phases3to1', 'boolean', { kind: 'live', value: 'false', description: 'the 3-phase EVSEs can limit themselves to one phase' }),
    defineVar(c, 'Entries', 'integer', { kind: 'live', instance: 'ChargingProfiles', value: '0', min: 0, max: MAX_CHARGING_PROFILES }),
    defineVar(c, 'LimitChangeSignificance', 'decimal', { kind: 'rw', value: '10', unit: 'Percent', min: 0, max: 100 }),
  ];
}

function reservationCtrlr(): VariableDef[] {
  const c = 'ReservationCtrlr';
  return [
    defineVar(c, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(c, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(c, 'NonEvseSpecific', 'boolean', { kind: 'const', value: 'true' }),
  ];
}

function meteringCtrlrs(): VariableDef[] {
  const s = 'SampledDataCtrlr';
  const a = 'AlignedDataCtrlr';
  const list = { values: MEASURANDS, maxLength: 1000 };
  return [
    defineVar(s, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(s, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(s, 'TxStartedMeasurands', 'MemberList', { kind: 'rw', value: DEFAULT_MEASURAND, ...list }),
    defineVar(s, 'TxUpdatedMeasurands', 'MemberList', { kind: 'rw', value: DEFAULT_MEASURAND, ...list }),
    defineVar(s, 'TxUpdatedInterval', 'integer', { kind: 'rw', value: '60', unit: 's', min: 0, max: 86400 }),
    defineVar(s, 'TxEndedMeasurands', 'MemberList', { kind: 'rw', value: DEFAULT_MEASURAND, ...list }),
    defineVar(s, 'TxEndedInterval', 'integer', { kind: 'rw', value: '0', unit: 's', min: 0, max: 86400 }),
    defineVar(a, 'Enabled', 'boolean', { kind: 'rw', value: 'true' }),
    defineVar(a, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(a, 'Measurands', 'MemberList', {
      kind: 'rw', value: '', ...list,
      description: 'Empty: Energy.Active.Import.Register is reported (release notes 6.0.0)',
    }),
    defineVar(a, 'Interval', 'integer', { kind: 'rw', value: '0', unit: 's', min: 0, max: 86400, description: '0: no clock-aligned meter values' }),
    defineVar(a, 'SendDuringIdle', 'boolean', { kind: 'rw', value: 'false' }),
    defineVar(a, 'TxEndedMeasurands', 'MemberList', { kind: 'rw', value: '', ...list }),
    defineVar(a, 'TxEndedInterval', 'integer', { kind: 'rw', value: '0', unit: 's', min: 0, max: 86400 }),
  ];
}

function clockCtrlr(): VariableDef[] {
  const c = 'ClockCtrlr';
  return [
    defineVar(c, 'DateTime', 'dateTime', { kind: 'live', value: '', clock: true, description: 'The station clock' }),
    defineVar(c, 'TimeSource', 'SequenceList', { kind: 'rw', value: 'Heartbeat', values: 'Heartbeat,NTP,RealTimeClock,MobileNetwork', nonEmpty: true }),
    defineVar(c, 'TimeZone', 'string', { kind: 'rw', value: 'UTC', maxLength: 64, description: 'IANA time zone, e.g. Europe/Amsterdam' }),
  ];
}

function tariffCostCtrlr(): VariableDef[] {
  const c = 'TariffCostCtrlr';
  return [
    defineVar(c, 'Enabled', 'boolean', { kind: 'rw', instance: 'Tariff', value: 'true' }),
    defineVar(c, 'Available', 'boolean', { kind: 'const', instance: 'Tariff', value: 'true' }),
    defineVar(c, 'Enabled', 'boolean', { kind: 'rw', instance: 'Cost', value: 'true' }),
    defineVar(c, 'Available', 'boolean', { kind: 'const', instance: 'Cost', value: 'true' }),
    defineVar(c, 'Currency', 'string', { kind: 'rw', value: 'EUR', minLength: 3, maxLength: 3, pattern: /^[A-Z]{3}$/, patternHint: 'an ISO 4217 code like EUR' }),
    defineVar(c, 'TariffFallbackMessage', 'string', { kind: 'rw', value: '', maxLength: 255 }),
    defineVar(c, 'TotalCostFallbackMessage', 'string', { kind: 'rw', value: '', maxLength: 255 }),
  ];
}

/** All standard controllers, in report order. */
export function controllerDefs(): VariableDef[] {
  return [
    ...ocppCommCtrlr(),
    ...deviceDataCtrlr(),
    ...securityCtrlr(),
    ...authCtrlrs(),
    ...txCtrlr(),
    ...smartChargingCtrlr(),
    ...reservationCtrlr(),
    ...meteringCtrlrs(),
    ...clockCtrlr(),
    ...tariffCostCtrlr(),
  ];
}
