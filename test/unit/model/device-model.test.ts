import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { defineVar } from '../../../src/station/model/catalog.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import { REMOVED_OCPP16_KEYS } from '../../../src/station/model/keys.js';
import type { VariableChange } from '../../../src/station/model/types.js';
import { Store } from '../../../src/station/store/store.js';

function open(file = ':memory:', clock = new FakeClock('2026-03-01T10:00:00Z')) {
  const store = Store.open(file);
  const model = new DeviceModel(store, { evseCount: 2, clock });
  return { store, model, clock };
}

const C = (name: string, evse?: { id: number; connectorId?: number }) => (evse ? { name, evse } : { name });

describe('DeviceModel GetVariables (B06)', () => {
  const { model } = open();

  it('answers Accepted with the value', () => {
    const [r] = model.getVariables([{ component: C('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' } }]);
    expect(r).toEqual({ attributeStatus: 'Accepted', attributeValue: '300', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } });
  });

  it('tells unknown component, unknown variable and unsupported attribute type apart', () => {
    const r = model.getVariables([
      { component: C('NoSuchCtrlr'), variable: { name: 'HeartbeatInterval' } },
      { component: C('OCPPCommCtrlr'), variable: { name: 'NoSuchVariable' } },
      { component: C('OCPPCommCtrlr'), variable: { name: 'HeartbeatInterval' }, attributeType: 'Target' },
      { component: C('EVSE', { id: 9 }), variable: { name: 'AvailabilityState' } },
      { component: C('EVSE'), variable: { name: 'AvailabilityState' } },
    ]);
    expect(r.map((x) => x.attributeStatus)).toEqual(['UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType', 'UnknownComponent', 'UnknownComponent']);
    expect(r[2]!.attributeType).toBe('Target');
    expect(r[2]!.attributeValue).toBeUndefined();
  });

  it('rejects reading a WriteOnly variable', () => {
    const [r] = model.getVariables([{ component: C('SecurityCtrlr'), variable: { name: 'BasicAuthPassword' } }]);
    expect(r!.attributeStatus).toBe('Rejected');
    expect(r!.attributeValue).toBeUndefined();
  });

  it('reports booleans as True / False (release notes over the spec lowercase)', () => {
    const r = model.getVariables([
      { component: C('AuthCtrlr'), variable: { name: 'LocalAuthorizeOffline' } },
      { component: C('AuthCtrlr'), variable: { name: 'AuthorizeRemoteStart' } },
    ]);
    expect(r.map((x) => x.attributeValue)).toEqual(['True', 'False']);
  });

  it('matches names case-insensitively and echoes the request', () => {
    const [r] = model.getVariables([{ component: { name: 'ocppcommctrlr' }, variable: { name: 'messageattempts', instance: 'transactionevent' } }]);
    expect(r).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '3', component: { name: 'ocppcommctrlr' } });
  });

  it('finds EVSE and Connector components by evse id, a connector also without connectorId', () => {
    const r = model.getVariables([
      { component: C('EVSE', { id: 2 }), variable: { name: 'AvailabilityState' } },
      { component: C('Connector', { id: 2, connectorId: 1 }), variable: { name: 'ConnectorType' } },
      { component: C('Connector', { id: 1 }), variable: { name: 'ConnectorType' } },
    ]);
    expect(r.map((x) => [x.attributeStatus, x.attributeValue])).toEqual([
      ['Accepted', 'Available'],
      ['Accepted', 'sType2'],
      ['Accepted', 'sType2'],
    ]);
  });

  it('reports the clock as ClockCtrlr.DateTime', async () => {
    const { model: m, clock } = open();
    expect(m.getByKey('ClockCtrlr.DateTime').attributeValue).toBe('2026-03-01T10:00:00Z');
    await clock.advance(90_000);
    expect(m.getString('ClockCtrlr.DateTime')).toBe('2026-03-01T10:01:30Z');
    m.setInternal('ClockCtrlr.DateTime', '2027-01-01T01:00:00+01:00');
    expect(clock.now()).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('does not expose the 1.6-only facts over 2.0.1', () => {
    const [r] = model.getVariables([{ component: C('OCPP16'), variable: { name: 'NumberOfConnectors' } }]);
    expect(r!.attributeStatus).toBe('UnknownComponent');
    expect(model.getNumber('NumberOfConnectors')).toBe(2);
  });
});

describe('DeviceModel SetVariables (B05)', () => {
  let model: DeviceModel;
  beforeEach(() => {
    model = open().model;
  });

  const set = (component: string, variable: string, value: string, instance?: string) =>
    model.setVariables([{ component: { name: component }, variable: instance ? { name: variable, instance } : { name: variable }, attributeValue: value }], 'csms')[0]!;

  it('accepts a valid value and reads it back', () => {
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', '120').attributeStatus).toBe('Accepted');
    expect(model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(120);
    expect(model.getNumber('HeartbeatInterval')).toBe(120);
  });

  it('rejects ReadOnly variables with reasonCode ReadOnly', () => {
    const r = set('ChargingStation', 'AvailabilityState', 'Unavailable');
    expect(r.attributeStatus).toBe('Rejected');
    expect(r.attributeStatusInfo?.reasonCode).toBe('ReadOnly');
    expect(model.getString('ChargingStation.AvailabilityState')).toBe('Available');
  });

  it('answers unknown component / variable / attribute type', () => {
    expect(set('Nope', 'HeartbeatInterval', '1').attributeStatus).toBe('UnknownComponent');
    expect(set('OCPPCommCtrlr', 'Nope', '1').attributeStatus).toBe('UnknownVariable');
    const r = model.setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1', attributeType: 'MaxSet' }], 'csms');
    expect(r[0]!.attributeStatus).toBe('NotSupportedAttributeType');
  });

  it('accepts only case-insensitive true / false for booleans (release notes)', () => {
    expect(set('AuthCtrlr', 'LocalPreAuthorize', 'TRUE').attributeStatus).toBe('Accepted');
    expect(model.getBoolean('AuthCtrlr.LocalPreAuthorize')).toBe(true);
    expect(model.getByKey('AuthCtrlr.LocalPreAuthorize').attributeValue).toBe('True');
    for (const bad of ['yes', '1', '', 'no', '0', 'tru', ' true']) {
      const r = set('AuthCtrlr', 'LocalPreAuthorize', bad);
      expect(r.attributeStatus, bad).toBe('Rejected');
      expect(r.attributeStatusInfo?.reasonCode).toBe('InvalidValue');
      expect(r.attributeStatusInfo?.additionalInfo).toMatch(/true or false/);
      expect(model.getBoolean('AuthCtrlr.LocalPreAuthorize')).toBe(true);
    }
    expect(set('AuthCtrlr', 'LocalPreAuthorize', 'False').attributeStatus).toBe('Accepted');
    expect(model.getByKey('LocalPreAuthorize').attributeValue).toBe('False');
    expect(model.getVariables([{ component: { name: 'AuthCtrlr' }, variable: { name: 'LocalPreAuthorize' } }])[0]!.attributeValue).toBe('False');
  });

  it('checks integers: whole numbers within limits', () => {
    for (const bad of ['3.5', 'abc', '', '1e3', ' 60']) {
      expect(set('OCPPCommCtrlr', 'HeartbeatInterval', bad).attributeStatusInfo?.reasonCode, bad).toBe('InvalidValue');
    }
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', '0').attributeStatusInfo?.reasonCode).toBe('ValueOutOfRange');
    expect(set('OCPPCommCtrlr', 'HeartbeatInterval', '+00060').attributeStatus).toBe('Accepted');
    expect(model.getString('HeartbeatInterval')).toBe('60');
  });

  it('MaxEnergyOnInvalidId takes 0..4294967295', () => {
    expect(set('TxCtrlr', 'MaxEnergyOnInvalidId', '4294967295').attributeStatus).toBe('Accepted');
    expect(set('TxCtrlr', 'MaxEnergyOnInvalidId', '0').attributeStatus).toBe('Accepted');
    for (const bad of ['4294967296', '-1', '99999999999999999999999']) {
      const r = set('TxCtrlr', 'MaxEnergyOnInvalidId', bad);
      expect(r.attributeStatus, bad).toBe('Rejected');
      expect(r.attributeStatusInfo).toMatchObject({ reasonCode: 'ValueOutOfRange' });
      expect(r.attributeStatusInfo?.additionalInfo).toMatch(/0\.\.4294967295/);
    }
    expect(model.getNumber('MaxEnergyOnInvalidId')).toBe(0);
  });

  it('MasterPassGroupId takes up to 36 characters', () => {
    expect(set('AuthCtrlr', 'MasterPassGroupId', 'G'.repeat(36)).attributeStatus).toBe('Accepted');
    const r = set('AuthCtrlr', 'MasterPassGroupId', 'H'.repeat(37));
    expect(r.attributeStatus).toBe('Rejected');
    expect(r.attributeStatusInfo?.reasonCode).toBe('ValueTooLong');
    expect(model.getString('MasterPassGroupId')).toBe('G'.repeat(36));
    expect(set('AuthCtrlr', 'MasterPassGroupId', '').attributeStatus).toBe('Accepted');
  });

  it('checks decimals', () => {
    expect(set('SmartChargingCtrlr', 'LimitChangeSignificance', '12.5').attributeStatus).toBe('Accepted');
    expect(model.getNumber('SmartChargingCtrlr.LimitChangeSignificance')).toBe(12.5);
    expect(set('SmartChargingCtrlr', 'LimitChangeSignificance', '101').attributeStatusInfo?.reasonCode).toBe('ValueOutOfRange');
    expect(set('SmartChargingCtrlr', 'LimitChangeSignificance', '1,5').attributeStatusInfo?.reasonCode).toBe('InvalidValue');
  });

  it('checks OptionList values and stores the canonical spelling', () => {
    expect(set('P1SmartMeter', 'Interface', 'Telnet').attributeStatus).toBe('Accepted');
    expect(model.getString('P1SmartMeter.Interface')).toBe('telnet');
    const r = set('P1SmartMeter', 'Interface', 'wifi');
    expect(r.attributeStatus).toBe('Rejected');
    expect(r.attributeStatusInfo?.additionalInfo).toMatch(/serial,telnet/);
  });

  it('checks MemberList members; DataSigned is refused as stop point', () => {
    expect(set('TxCtrlr', 'TxStartPoint', 'evconnected, Authorized').attributeStatus).toBe('Accepted');
    expect(model.getString('TxCtrlr.TxStartPoint')).toBe('EVConnected,Authorized');
    expect(set('TxCtrlr', 'TxStartPoint', 'DataSigned').attributeStatus).toBe('Accepted');
    const ds = set('TxCtrlr', 'TxStopPoint', 'EVConnected,DataSigned');
    expect(ds.attributeStatus).toBe('Rejected');
    expect(ds.attributeStatusInfo?.additionalInfo).toMatch(/DataSigned cannot be a stop point/);
    expect(model.getString('TxCtrlr.TxStopPoint')).toBe('EVConnected,Authorized');
    for (const bad of ['Foo', 'EVConnected,EVConnected', '', 'EVConnected,']) {
      expect(set('TxCtrlr', 'TxStopPoint', bad).attributeStatus, bad).toBe('Rejected');
    }
    expect(set('AlignedDataCtrlr', 'Measurands', '').attributeStatus).toBe('Accepted');
    expect(set('AlignedDataCtrlr', 'Measurands', 'Energy.Active.Import.Register,Voltage').attributeStatus).toBe('Accepted');
    expect(set('AlignedDataCtrlr', 'Measurands', 'SoC').attributeStatus).toBe('Rejected');
  });

  it('checks SequenceList members, order kept', () => {
    expect(set('OCPPCommCtrlr', 'NetworkConfigurationPriority', '1,0').attributeStatus).toBe('Accepted');
    expect(model.getString('OCPPCommCtrlr.NetworkConfigurationPriority')).toBe('1,0');
    for (const bad of ['0,0', '9', '', '0,1,2,3,4']) {
      expect(set('OCPPCommCtrlr', 'NetworkConfigurationPriority', bad).attributeStatus, bad).toBe('Rejected');
    }
    expect(set('OCPPCommCtrlr', 'NetworkConfigurationPriority', '3,2,1,0').attributeStatus).toBe('Accepted');
  });

  it('checks string shapes (WriteOnly password 16..40, P1 host)', () => {
    expect(set('SecurityCtrlr', 'BasicAuthPassword', 'short').attributeStatusInfo?.reasonCode).toBe('ValueTooShort');
    expect(set('SecurityCtrlr', 'BasicAuthPassword', 'x'.repeat(41)).attributeStatusInfo?.reasonCode).toBe('ValueTooLong');
    expect(set('SecurityCtrlr', 'BasicAuthPassword', 'correct-horse-battery').attributeStatus).toBe('Accepted');
    expect(model.getString('SecurityCtrlr.BasicAuthPassword')).toBe('correct-horse-battery');
    expect(set('P1SmartMeter', 'Host', '192.168.1.50').attributeStatus).toBe('Accepted');
    expect(set('P1SmartMeter', 'Host', 'p1.local').attributeStatus).toBe('Accepted');
    expect(set('P1SmartMeter', 'Host', 'not a host!').attributeStatus).toBe('Rejected');
  });

  it('refuses values longer than ConfigurationValueSize', () => {
    const r = set('TariffCostCtrlr', 'TariffFallbackMessage', 'x'.repeat(1001));
    expect(r.attributeStatus).toBe('Rejected');
    expect(r.attributeStatusInfo?.reasonCode).toBe('ValueTooLong');
  });

  it('handles each entry of a batch on its own', () => {
    const r = model.setVariables(
      [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '200' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'OfflineThreshold' }, attributeValue: 'x' },
        { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' }, attributeValue: '30' },
      ],
      'csms',
    );
    expect(r.map((x) => x.attributeStatus)).toEqual(['Accepted', 'Rejected', 'Accepted']);
    expect(model.getNumber('OCPPCommCtrlr.OfflineThreshold')).toBe(60);
    expect(model.getNumber('ConnectionTimeOut')).toBe(30);
  });
});

describe('DeviceModel listeners and engine writes', () => {
  it('fires onChange after accepted sets with canonical refs, not after rejected ones', () => {
    const { model } = open();
    const seen: VariableChange[] = [];
    const off = model.onChange((c) => seen.push(c));
    model.setVariables([{ component: { name: 'ocppcommctrlr' }, variable: { name: 'MESSAGEATTEMPTS', instance: 'transactionevent' }, attributeValue: '5' }], 'csms');
    model.setVariables([{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: 'x' }], 'csms');
    model.setByKey('StopTransactionOnInvalidId', 'FALSE', 'console');
    expect(seen).toEqual([
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'MessageAttempts', instance: 'TransactionEvent' }, attributeType: 'Actual', value: '5', source: 'csms' },
      { component: { name: 'TxCtrlr' }, variable: { name: 'StopTxOnInvalidId' }, attributeType: 'Actual', value: 'false', source: 'console' },
    ]);
    off();
    model.setByKey('HeartbeatInterval', '10', 'console');
    expect(seen).toHaveLength(2);
  });

  it('a throwing listener neither undoes the write nor silences the others', () => {
    const { model } = open();
    let heard = 0;
    model.onChange(() => {
      throw new Error('boom');
    });
    model.onChange(() => heard++);
    expect(model.setByKey('HeartbeatInterval', '10', 'console').attributeStatus).toBe('Accepted');
    expect(heard).toBe(1);
    expect(model.getNumber('HeartbeatInterval')).toBe(10);
  });

  it('setInternal writes ReadOnly values, validates, and notifies only real changes', () => {
    const { model } = open();
    const seen: VariableChange[] = [];
    model.onChange((c) => seen.push(c));
    model.setInternal('EVSE/1.AvailabilityState', 'Occupied');
    model.setInternal('EVSE/1.AvailabilityState', 'Occupied');
    model.setInternal('P1SmartMeter.LimitingCurrent', 16.5);
    model.setInternal('AuthCacheCtrlr.Enabled', false);
    expect(model.getString('EVSE/1.AvailabilityState')).toBe('Occupied');
    expect(model.getNumber('P1SmartMeter.LimitingCurrent')).toBe(16.5);
    expect(model.getBoolean('AuthorizationCacheEnabled')).toBe(false);
    expect(seen.map((c) => [c.variable.name, c.value, c.source])).toEqual([
      ['AvailabilityState', 'Occupied', 'station'],
      ['LimitingCurrent', '16.5', 'station'],
      ['Enabled', 'false', 'station'],
    ]);
    expect(() => model.setInternal('EVSE/1.AvailabilityState', 'Sleeping')).toThrow(/AvailabilityState/);
    expect(() => model.setInternal('OCPPCommCtrlr.HeartbeatInterval', 1.5)).toThrow();
    expect(() => model.setInternal('NoSuch.Key', 1)).toThrow(/unknown key/);
  });

  it('typed reads throw on unknown keys and wrong types', () => {
    const { model } = open();
    expect(() => model.getString('Nope.Nope')).toThrow(/unknown key/);
    expect(() => model.getBoolean('HeartbeatInterval')).toThrow(/not a boolean/);
    expect(() => model.getNumber('P1SmartMeter.Host')).toThrow(/not a number/);
    expect(model.getString('Connector/1/1.ConnectorType')).toBe('sType2');
    expect(model.getBoolean('tariffcostctrlr.enabled:tariff')).toBe(true);
  });

  it('extra validators from other modules reject with their reason', () => {
    const { model } = open();
    const off = model.addValidator('OCPPCommCtrlr.NetworkConfigurationPriority', (value) => (value.split(',').includes('2') ? 'slot 2 has no profile' : undefined));
    const r = model.setByKey('OCPPCommCtrlr.NetworkConfigurationPriority', '0,2', 'csms');
    expect(r.attributeStatus).toBe('Rejected');
    expect(r.attributeStatusInfo).toEqual({ reasonCode: 'InvalidValue', additionalInfo: 'slot 2 has no profile' });
    off();
    expect(model.setByKey('OCPPCommCtrlr.NetworkConfigurationPriority', '0,2', 'csms').attributeStatus).toBe('Accepted');
  });

  it('bounds Actual by MinSet / MaxSet when the variable has them', () => {
    const store = Store.open(':memory:');
    const def = defineVar('TestCtrlr', 'Limit', 'integer', { kind: 'rw', value: '10', min: 0, max: 100 });
    def.attributes.push({ type: 'MinSet', mutability: 'ReadWrite', persistent: true, constant: false, default: '5' });
    def.attributes.push({ type: 'MaxSet', mutability: 'ReadWrite', persistent: true, constant: false, default: '50' });
    const model = new DeviceModel(store, { evseCount: 1, clock: new FakeClock(), catalog: [def] });
    const set = (value: string, attributeType?: 'MinSet' | 'MaxSet' | 'Actual') =>
      model.setVariables([{ component: { name: 'TestCtrlr' }, variable: { name: 'Limit' }, attributeValue: value, ...(attributeType ? { attributeType } : {}) }], 'csms')[0]!;
    expect(set('60').attributeStatusInfo?.additionalInfo).toMatch(/5\.\.50/);
    expect(set('4').attributeStatus).toBe('Rejected');
    expect(set('50').attributeStatus).toBe('Accepted');
    expect(set('80', 'MaxSet').attributeStatus).toBe('Accepted');
    expect(set('80').attributeStatus).toBe('Accepted');
    expect(set('101', 'MaxSet').attributeStatus).toBe('Rejected');
    const [report] = model.report('FullInventory');
    expect(report!.variableAttribute.map((a) => [a.type, a.value])).toEqual([
      ['Actual', '80'],
      ['MinSet', '5'],
      ['MaxSet', '80'],
    ]);
  });
});

describe('DeviceModel persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ng9-model-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps accepted values across a store reopen, and nothing from failed sets', () => {
    const file = join(dir, 'station.db');
    const a = open(file);
    a.model.setByKey('HeartbeatInterval', '77', 'csms');
    a.model.setByKey('AuthCtrlr.MasterPassGroupId', 'POLICE', 'console');
    a.model.setByKey('TxCtrlr.TxStartPoint', 'Authorized', 'console');
    a.model.setByKey('LocalPreAuthorize', 'TRUE', 'csms');
    a.model.setByKey('SecurityCtrlr.BasicAuthPassword', 'a-password-of-20char', 'csms');
    a.model.setByKey('MaxEnergyOnInvalidId', '4294967296', 'csms');
    a.model.setByKey('LocalAuthorizeOffline', 'yes', 'csms');
    a.model.setInternal('SecurityCtrlr.SecurityProfile', 2);
    a.model.setInternal('EVSE/1.AvailabilityState', 'Faulted');
    a.model.odSet('2191_03', '2323');
    a.store.close();

    const b = open(file);
    expect(b.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(77);
    expect(b.model.getString('MasterPassGroupId')).toBe('POLICE');
    expect(b.model.getString('TxCtrlr.TxStartPoint')).toBe('Authorized');
    expect(b.model.getBoolean('LocalPreAuthorize')).toBe(true);
    expect(b.model.getString('SecurityCtrlr.BasicAuthPassword')).toBe('a-password-of-20char');
    expect(b.model.getNumber('MaxEnergyOnInvalidId')).toBe(0);
    expect(b.model.getBoolean('LocalAuthorizeOffline')).toBe(true);
    expect(b.model.getNumber('SecurityCtrlr.SecurityProfile')).toBe(2);
    expect(b.model.getString('EVSE/1.AvailabilityState')).toBe('Available');
    expect(b.model.getNumber('P1SmartMeter.Port')).toBe(2323);
    b.store.close();
  });

  it('resetVolatile forgets live values only, as a reboot does', () => {
    const { store, model } = open(join(dir, 'station.db'));
    model.setInternal('EVSE/1.AvailabilityState', 'Faulted');
    model.setByKey('HeartbeatInterval', '77', 'csms');
    model.resetVolatile();
    expect(model.getString('EVSE/1.AvailabilityState')).toBe('Available');
    expect(model.getNumber('HeartbeatInterval')).toBe(77);
    store.close();
  });

  it('stores only values away from their default', () => {
    const { store, model } = open(join(dir, 'station.db'));
    const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM variables').get() as { n: number }).n;
    model.setByKey('HeartbeatInterval', '77', 'csms');
    expect(count()).toBe(1);
    expect(store.db.prepare('SELECT * FROM variables').get()).toMatchObject({ component: 'OCPPCommCtrlr', variable: 'HeartbeatInterval', value: '77', evse: -1 });
    model.setByKey('HeartbeatInterval', '300', 'csms');
    expect(count()).toBe(0);
    model.setInternal('ChargingStation.Power', 7000);
    expect(count()).toBe(0);
    store.close();
  });

  it('eraseConfig returns every configuration value to its default', () => {
    const file = join(dir, 'station.db');
    const a = open(file);
    const seen: string[] = [];
    a.model.setByKey('HeartbeatInterval', '77', 'csms');
    a.model.setByKey('P1SmartMeter.Interface', 'telnet', 'console');
    a.model.onChange((c) => seen.push(`${c.variable.name}=${c.value}`));
    expect(a.model.eraseConfig()).toBe(2);
    expect(seen.sort()).toEqual(['HeartbeatInterval=300', 'Interface=serial']);
    a.store.close();
    const b = open(file);
    expect(b.model.getNumber('HeartbeatInterval')).toBe(300);
    b.store.close();
  });
});

describe('DeviceModel report (B07)', () => {
  const { model } = open();
  model.setByKey('SecurityCtrlr.BasicAuthPassword', 'a-password-of-20char', 'csms');
  const full = model.report('FullInventory');
  const config = model.report('ConfigurationInventory');
  const find = (list: typeof full, comp: string, v: string, inst?: string) =>
    list.find((r) => r.component.name === comp && r.variable.name === v && r.variable.instance === inst);

  it('FullInventory has every variable with attributes and characteristics', () => {
    expect(full.length).toBe(model.catalog.filter((d) => !d.ocpp16Only).length);
    expect(find(full, 'ChargingStation', 'Model')).toBeDefined();
    expect(find(full, 'ClockCtrlr', 'DateTime')?.variableAttribute[0]).toEqual({ type: 'Actual', value: '2026-03-01T10:00:00Z', mutability: 'ReadOnly', persistent: false, constant: false });
    expect(find(full, 'TxCtrlr', 'MaxEnergyOnInvalidId')?.variableCharacteristics).toEqual({ dataType: 'integer', unit: 'Wh', minLimit: 0, maxLimit: 4294967295, supportsMonitoring: false });
    expect(find(full, 'AuthCtrlr', 'MasterPassGroupId')?.variableCharacteristics).toMatchObject({ dataType: 'string', maxLimit: 36 });
    expect(find(full, 'TxCtrlr', 'TxStopPoint')?.variableCharacteristics?.valuesList).toBe('ParkingBayOccupancy,EVConnected,Authorized,PowerPathClosed,EnergyTransfer');
    expect(find(full, 'AuthCtrlr', 'LocalAuthorizeOffline')?.variableAttribute[0]?.value).toBe('True');
    const evse = full.find((r) => r.component.name === 'EVSE' && r.component.evse?.id === 2 && r.variable.name === 'Power');
    expect(evse?.variableCharacteristics).toMatchObject({ dataType: 'decimal', unit: 'W', maxLimit: 22080 });
    expect(full.some((r) => r.component.name === 'OCPP16')).toBe(false);
  });

  it('ConfigurationInventory has only writable variables, WriteOnly values omitted', () => {
    expect(config.length).toBeGreaterThan(10);
    expect(config.length).toBeLessThan(full.length);
    for (const r of config) expect(r.variableAttribute.some((a) => a.mutability !== 'ReadOnly')).toBe(true);
    expect(find(config, 'ChargingStation', 'Model')).toBeUndefined();
    expect(find(config, 'ClockCtrlr', 'DateTime')).toBeUndefined();
    expect(find(config, 'OCPPCommCtrlr', 'HeartbeatInterval')?.variableAttribute[0]).toMatchObject({ value: '300', mutability: 'ReadWrite', persistent: true });
    const pw = find(config, 'SecurityCtrlr', 'BasicAuthPassword');
    expect(pw?.variableAttribute[0]).toEqual({ type: 'Actual', mutability: 'WriteOnly', persistent: true, constant: false });
    expect(JSON.stringify(config)).not.toContain('a-password-of-20char');
    expect(JSON.stringify(full)).not.toContain('a-password-of-20char');
  });

  it('SummaryInventory is not claimed', () => {
    expect(model.report('SummaryInventory')).toEqual([]);
  });
});

describe('DeviceModel console keys', () => {
  const { model } = open();

  it('resolves console notation and 1.6 keys to canonical refs', () => {
    expect(model.resolveKey('ocppcommctrlr.messageattempts:transactionevent')).toEqual({
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'MessageAttempts', instance: 'TransactionEvent' },
    });
    expect(model.resolveKey('connectiontimeout')).toEqual({ component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } });
    expect(model.resolveKey('evse/2.availabilitystate')).toEqual({ component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } });
    expect(model.resolveKey('TxStartPoint')).toBeUndefined();
  });

  it('knows none of the keys the release notes remove', () => {
    for (const key of REMOVED_OCPP16_KEYS) {
      expect(model.resolveKey(key), key).toBeUndefined();
      expect(model.getByKey(key).attributeStatus, key).toBe('UnknownVariable');
      expect(model.setByKey(key, '1', 'csms').attributeStatus, key).toBe('UnknownVariable');
      expect(() => model.getString(key)).toThrow();
      expect(model.listKeys().some((k) => k.key.toLowerCase() === key.toLowerCase() || k.ocpp16Key?.toLowerCase() === key.toLowerCase())).toBe(false);
    }
  });

  it('gets and sets by key with the same statuses the CSMS gets', () => {
    expect(model.getByKey('TxCtrlr.TxStopPoint')).toEqual({
      attributeStatus: 'Accepted',
      attributeValue: 'EVConnected,Authorized',
      component: { name: 'TxCtrlr' },
      variable: { name: 'TxStopPoint' },
    });
    expect(model.getByKey('Nope.Var').attributeStatus).toBe('UnknownComponent');
    expect(model.getByKey('TxCtrlr.Nope').attributeStatus).toBe('UnknownVariable');
    expect(model.getByKey('SecurityCtrlr.BasicAuthPassword').attributeStatus).toBe('Rejected');
    expect(model.setByKey('ChargingStation.Model', 'X', 'console').attributeStatusInfo?.reasonCode).toBe('ReadOnly');
    expect(model.setByKey('NumberOfConnectors', '5', 'console').attributeStatus).toBe('Rejected');
    expect(model.getByKey('NumberOfConnectors').attributeValue).toBe('2');
    const r = model.setByKey('TxCtrlr.TxStopPoint', 'DataSigned', 'console');
    expect(r).toMatchObject({ attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'InvalidValue' } });
  });

  it('lists keys with values, mutability, type and 1.6 key', () => {
    const all = model.listKeys();
    expect(all.length).toBe(model.catalog.length);
    expect(all.find((k) => k.key === 'OCPPCommCtrlr.HeartbeatInterval')).toEqual({
      key: 'OCPPCommCtrlr.HeartbeatInterval',
      value: '300',
      mutability: 'ReadWrite',
      dataType: 'integer',
      ocpp16Key: 'HeartbeatInterval',
      unit: 's',
    });
    expect(all.find((k) => k.key === 'SecurityCtrlr.BasicAuthPassword')?.value).toBeUndefined();
    expect(all.find((k) => k.key === 'NumberOfConnectors')).toMatchObject({ value: '2', mutability: 'ReadOnly' });
    const tx = model.listKeys('txctrlr');
    expect(tx.length).toBeGreaterThan(3);
    expect(tx.every((k) => k.key.startsWith('TxCtrlr.'))).toBe(true);
    expect(model.listKeys('ConnectionTimeOut').map((k) => k.key)).toEqual(['TxCtrlr.EVConnectionTimeOut']);
    expect(model.listKeys('2191').map((k) => k.key)).toEqual(['P1SmartMeter.Interface', 'P1SmartMeter.Host', 'P1SmartMeter.Port']);
  });
});
