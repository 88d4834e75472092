/**
 * The device model catalogue: every component/variable the station has, with
 * its characteristics and attributes. Generated per station from the EVSE
 * layout. Controller definitions are in controllers.ts; this file holds the
 * station topology (ChargingStation, EVSE, Connector), the NFC TokenReader, the vendor
 * P1SmartMeter component and the OCPP 1.6-only facts.
 */
import { formatKey, OCPP16_BY_TARGET, OCPP16_ONLY_COMPONENT } from './keys.js';
import { controllerDefs } from './controllers.js';
import { defineVar, EVSE_MAX_POWER_W, LOCAL_LIST_MAX_ENTRIES, MAX_CHARGING_PROFILES, type VariableDef } from './define.js';
import type { ComponentRef } from './types.js';

export type { AttributeDef, VariableDef, VarKind, VarSpec } from './define.js';
export { defineVar, NETWORK_SLOTS, EVSE_MAX_POWER_W, EVSE_MAX_CURRENT_A, LOCAL_LIST_MAX_ENTRIES, MAX_CHARGING_PROFILES } from './define.js';

export interface CatalogOptions {
  evseCount: number;
  connectorsPerEvse?: number;
}

const AVAILABILITY_STATES = 'Available,Occupied,Reserved,Unavailable,Faulted';

function topologyDefs(evseCount: number, connectorsPerEvse: number): VariableDef[] {
  const cs = 'ChargingStation';
  const defs: VariableDef[] = [
    defineVar(cs, 'AvailabilityState', 'OptionList', { kind: 'live', value: 'Available', values: AVAILABILITY_STATES }),
    defineVar(cs, 'Available', 'boolean', { kind: 'const', value: 'true' }),
    defineVar(cs, 'Model', 'string', { kind: 'const', value: 'NG9xx' }),
    defineVar(cs, 'VendorName', 'string', { kind: 'const', value: 'NG9' }),
    defineVar(cs, 'SupplyPhases', 'integer', { kind: 'const', value: '3', min: 0, max: 3 }),
    defineVar(cs, 'AllowNewSessionsPendingFirmwareUpdate', 'boolean', {
      kind: 'rw', value: 'false',
      description: 'L01: new sessions may start while a firmware install waits for the transactions to end',
    }),
    defineVar(cs, 'Power', 'decimal', {
      kind: 'live', value: '0', unit: 'W', min: 0, max: EVSE_MAX_POWER_W * evseCount,
      description: 'Actual: instantaneous power of the station; maxLimit: what it can deliver',
    }),
  ];
  for (let id = 1; id <= evseCount; id++) {
    const evse: ComponentRef = { name: 'EVSE', evse: { id } };
    defs.push(
      defineVar(evse, 'AvailabilityState', 'OptionList', { kind: 'live', value: 'Available', values: AVAILABILITY_STATES }),
      defineVar(evse, 'Available', 'boolean', { kind: 'const', value: 'true' }),
      defineVar(evse, 'Power', 'decimal', {
        kind: 'live', value: '0', unit: 'W', min: 0, max: EVSE_MAX_POWER_W,
        description: 'Actual: instantaneous power of the EVSE; maxLimit: what it can deliver',
      }),
      defineVar(evse, 'SupplyPhases', 'integer', { kind: 'const', value: '3', min: 0, max: 3 }),
    );
    for (let connectorId = 1; connectorId <= connectorsPerEvse; connectorId++) {
      const conn: ComponentRef = { name: 'Connector', evse: { id, connectorId } };
      defs.push(
        defineVar(conn, 'AvailabilityState', 'OptionList', { kind: 'live', value: 'Available', values: AVAILABILITY_STATES }),
        defineVar(conn, 'Available', 'boolean', { kind: 'const', value: 'true' }),
        defineVar(conn, 'ConnectorType', 'string', { kind: 'const', value: 'sType2' }),
        defineVar(conn, 'SupplyPhases', 'integer', { kind: 'const', value: '3', min: 0, max: 3 }),
        defineVar({ name: 'ConnectorPlugRetentionLock', evse: { id, connectorId } }, 'Problem', 'boolean', {
          kind: 'live', value: 'false', description: 'the cable lock failed to engage or release (G05)',
        }),
      );
    }
  }
  return defs;
}

/** The NFC card reader (OCPP 2.0.1 standardized component TokenReader). */
function tokenReaderDefs(): VariableDef[] {
  return [
    defineVar('TokenReader', 'Enabled', 'boolean', {
      kind: 'rw', value: 'true',
      description: 'an NFC reader is fitted and used; false: no reader, its absence is no error',
    }),
    defineVar('TokenReader', 'Problem', 'boolean', {
      kind: 'live', value: 'false', description: 'the reader is configured (Enabled) but not detected',
    }),
  ];
}

function p1Defs(): VariableDef[] {
  const p1 = 'P1SmartMeter';
  return [
    defineVar(p1, 'Interface', 'OptionList', {
      kind: 'rw', value: 'serial', values: 'serial,telnet', od: '2191_01',
      description: 'Where DSMR P1 telegrams come from: the serial P1 port or a P1-to-network converter (telnet)',
    }),
    defineVar(p1, 'Host', 'string', {
      kind: 'rw', value: '', maxLength: 253, od: '2191_02',
      pattern: /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)?$/,
      patternHint: 'an IP address or host name',
      description: 'Telnet server (P1-to-network converter) IP address or host name',
    }),
    defineVar(p1, 'Port', 'integer', { kind: 'rw', value: '23', min: 1, max: 65535, od: '2191_03', description: 'Telnet server TCP port' }),
    defineVar(p1, 'MaxCurrent', 'integer', {
      kind: 'rw', value: '25', unit: 'A', min: 1, max: 1000,
      description: 'Maximum current per phase at the smart meter (main fuse) for load balancing',
    }),
    defineVar(p1, 'LimitingCurrent', 'decimal', {
      kind: 'live', value: '0', unit: 'A', min: 0,
      description: 'Limiting current the load balancing currently allows (shown in the Service Installer app)',
    }),
    ...loadBalancingDefs(p1),
  ];
}

/** Load balancing on the P1 meter (src/station/loadbalancing); MaxCurrent and LimitingCurrent above belong to it too. */
function loadBalancingDefs(p1: string): VariableDef[] {
  return [
    defineVar(p1, 'LoadBalancingEnabled', 'boolean', {
      kind: 'rw', value: 'false',
      description: 'Keep the household current at the smart meter below MaxCurrent by limiting the EVSEs',
    }),
    defineVar(p1, 'IncludesStation', 'boolean', {
      kind: 'rw', value: 'true',
      description: "The P1 currents include the station's own draw (the meter is upstream of the station)",
    }),
    defineVar(p1, 'SafeCurrent', 'integer', {
      kind: 'rw', value: '6', unit: 'A', min: 0, max: 1000,
      description: 'Current per phase all EVSEs together may draw while P1 data is missing',
    }),
    defineVar(p1, 'DataTimeout', 'integer', {
      // DSMR 4.x meters send every 10 s: a shorter default would fall back between two good telegrams
      kind: 'rw', value: '30', unit: 's', min: 1, max: 3600,
      description: 'No P1 telegram for this long: load balancing falls back to SafeCurrent',
    }),
  ];
}

function ocpp16OnlyDefs(evseCount: number, connectorsPerEvse: number): VariableDef[] {
  const c = OCPP16_ONLY_COMPONENT;
  const k = { kind: 'const' as const, ocpp16Only: true };
  return [
    defineVar(c, 'NumberOfConnectors', 'integer', { ...k, value: String(evseCount * connectorsPerEvse) }),
    // Only what answers: FirmwareManagement is UpdateFirmware (v16/firmware.ts) and GetDiagnostics (v16/diagnostics.ts).
    defineVar(c, 'SupportedFeatureProfiles', 'string', {
      ...k, value: 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger',
    }),
    // 1.6 Core: the phase rotation of each connector (0 = the grid connection); NG9xx wires them RST.
    defineVar(c, 'ConnectorPhaseRotation', 'string', {
      kind: 'rw', ocpp16Only: true, value: Array.from({ length: evseCount * connectorsPerEvse + 1 }, (_, i) => `${i}.RST`).join(','),
    }),
    defineVar(c, 'GetConfigurationMaxKeys', 'integer', { ...k, value: '100' }),
    defineVar(c, 'LocalAuthListMaxLength', 'integer', { ...k, value: String(LOCAL_LIST_MAX_ENTRIES) }),
    defineVar(c, 'MaxChargingProfilesInstalled', 'integer', { ...k, value: String(MAX_CHARGING_PROFILES) }),
    defineVar(c, 'ChargingScheduleAllowedChargingRateUnit', 'string', { ...k, value: 'Current,Power' }),
  ];
}

/** The canonical console key of a definition. */
export function defKey(def: VariableDef): string {
  return formatKey(def.component, def.variable);
}

/** All definitions of a station, in report order, with their OCPP 1.6 keys attached. */
export function buildCatalog(opts: CatalogOptions): VariableDef[] {
  const evseCount = opts.evseCount;
  const connectorsPerEvse = opts.connectorsPerEvse ?? 1;
  if (!Number.isInteger(evseCount) || evseCount < 1) throw new Error(`evseCount must be a positive integer, got ${evseCount}`);
  if (!Number.isInteger(connectorsPerEvse) || connectorsPerEvse < 1) throw new Error(`connectorsPerEvse must be a positive integer`);
  const defs = [...controllerDefs(), ...topologyDefs(evseCount, connectorsPerEvse), ...tokenReaderDefs(), ...p1Defs(), ...ocpp16OnlyDefs(evseCount, connectorsPerEvse)];
  for (const def of defs) {
    const key = OCPP16_BY_TARGET.get(defKey(def).toLowerCase());
    if (key) def.ocpp16Key = key;
  }
  return defs;
}

/** Component names in the catalogue (2.0.1 device model only), in order. */
export function catalogComponents(defs: readonly VariableDef[]): string[] {
  return [...new Set(defs.filter((d) => !d.ocpp16Only).map((d) => d.component.name))];
}
