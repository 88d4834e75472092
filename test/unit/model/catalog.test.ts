import { describe, expect, it } from 'vitest';
import { buildCatalog, catalogComponents, defKey } from '../../../src/station/model/catalog.js';
import { OCPP16_KEYS, parseKey } from '../../../src/station/model/keys.js';
import { validateValue } from '../../../src/station/model/values.js';

describe('catalogue', () => {
  const defs = buildCatalog({ evseCount: 2, connectorsPerEvse: 1 });

  it('has the standard controllers, the station topology, the NFC TokenReader and the P1 meter', () => {
    expect(catalogComponents(defs)).toEqual([
      'OCPPCommCtrlr',
      'DeviceDataCtrlr',
      'SecurityCtrlr',
      'AuthCtrlr',
      'AuthCacheCtrlr',
      'LocalAuthListCtrlr',
      'TxCtrlr',
      'SmartChargingCtrlr',
      'ReservationCtrlr',
      'SampledDataCtrlr',
      'AlignedDataCtrlr',
      'ClockCtrlr',
      'TariffCostCtrlr',
      'ChargingStation',
      'EVSE',
      'Connector',
      'ConnectorPlugRetentionLock',
      'TokenReader',
      'P1SmartMeter',
    ]);
  });

  it('has one EVSE and one Connector component per EVSE', () => {
    const keys = defs.map(defKey);
    for (const id of [1, 2]) {
      expect(keys).toContain(`EVSE/${id}.AvailabilityState`);
      expect(keys).toContain(`EVSE/${id}.Power`);
      expect(keys).toContain(`Connector/${id}/1.ConnectorType`);
    }
    expect(keys).not.toContain('EVSE/3.AvailabilityState');
    expect(buildCatalog({ evseCount: 3 }).map(defKey)).toContain('Connector/3/1.SupplyPhases');
  });

  it('has unique keys that parse back to themselves', () => {
    const keys = defs.map(defKey);
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
    for (const key of keys) expect(parseKey(key), key).toBeDefined();
  });

  it('has defaults that pass their own validation', () => {
    for (const def of defs) {
      if (def.clock) continue;
      for (const attr of def.attributes) {
        // A WriteOnly secret starts unset ('') and cannot be set back to that.
        if (attr.mutability === 'WriteOnly' && attr.default === '') continue;
        const v = validateValue(def, attr.default);
        expect(v, `${defKey(def)} default ${JSON.stringify(attr.default)}`).toEqual({ ok: true, value: attr.default });
      }
    }
  });

  it('writes run-time values as non-persistent ReadOnly', () => {
    for (const key of ['ChargingStation.AvailabilityState', 'EVSE/1.AvailabilityState', 'Connector/1/1.AvailabilityState', 'ClockCtrlr.DateTime', 'OCPPCommCtrlr.ActiveNetworkProfile', 'P1SmartMeter.LimitingCurrent']) {
      const def = defs.find((d) => defKey(d) === key)!;
      expect(def, key).toBeDefined();
      expect(def.attributes[0]).toMatchObject({ type: 'Actual', mutability: 'ReadOnly', persistent: false, constant: false });
    }
  });

  it('attaches the 1.6 keys and the OD ids', () => {
    const byKey = (k: string) => defs.find((d) => defKey(d) === k)!;
    expect(byKey('TxCtrlr.EVConnectionTimeOut').ocpp16Key).toBe('ConnectionTimeOut');
    expect(byKey('TxCtrlr.MaxEnergyOnInvalidId').ocpp16Key).toBe('MaxEnergyOnInvalidId');
    expect(byKey('SecurityCtrlr.SecurityProfile').ocpp16Key).toBeUndefined();
    expect(byKey('P1SmartMeter.Interface').od).toBe('2191_01');
    expect(byKey('P1SmartMeter.Host').od).toBe('2191_02');
    expect(byKey('P1SmartMeter.Port').od).toBe('2191_03');
    // every 1.6 key maps to a catalogue entry
    const all = new Set(defs.map((d) => defKey(d).toLowerCase()));
    for (const [key, target] of Object.entries(OCPP16_KEYS)) expect(all.has(target.toLowerCase()), key).toBe(true);
  });

  it('has the release-notes variables with their limits', () => {
    const byKey = (k: string) => defs.find((d) => defKey(d) === k)!;
    expect(byKey('TxCtrlr.MaxEnergyOnInvalidId')).toMatchObject({ dataType: 'integer', minLimit: 0, maxLimit: 4294967295 });
    expect(byKey('TxCtrlr.MaxEnergyOnInvalidId').attributes[0]).toMatchObject({ mutability: 'ReadWrite', default: '0' });
    expect(byKey('AuthCtrlr.MasterPassGroupId')).toMatchObject({ dataType: 'string', maxLength: 36 });
    expect(byKey('TxCtrlr.TxStopPoint').valuesList).not.toContain('DataSigned');
    expect(byKey('TxCtrlr.TxStartPoint').valuesList).toBe('ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer');
  });
});
