import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import { normalizeOdId } from '../../../src/station/model/od.js';
import { Store } from '../../../src/station/store/store.js';

describe('object dictionary', () => {
  const model = new DeviceModel(Store.open(':memory:'), { evseCount: 2, clock: new FakeClock() });

  it('normalizes ids', () => {
    expect(normalizeOdId('2191_01')).toBe('2191_01');
    expect(normalizeOdId('2191 02')).toBe('2191_02');
    expect(normalizeOdId('219103')).toBe('2191_03');
    expect(normalizeOdId('21a1.0f')).toBe('21A1_0F');
    expect(normalizeOdId('2191')).toBeUndefined();
    expect(normalizeOdId('x')).toBeUndefined();
  });

  it('maps 2191_01/02/03 to the P1 interface, host and port', () => {
    expect(model.odGet('2191_01')).toMatchObject({ id: '2191_01', key: 'P1SmartMeter.Interface', attributeStatus: 'Accepted', attributeValue: 'serial' });
    expect(model.odGet('2191_02')).toMatchObject({ key: 'P1SmartMeter.Host', attributeValue: '' });
    expect(model.odGet('2191_03')).toMatchObject({ key: 'P1SmartMeter.Port', attributeValue: '23' });
    expect(model.odGet('9999_99')).toBeUndefined();
    expect(model.odSet('9999_99', '1')).toBeUndefined();
  });

  it('sets through the device model validation', () => {
    expect(model.odSet('2191_01', 'telnet')?.attributeStatus).toBe('Accepted');
    expect(model.getString('P1SmartMeter.Interface')).toBe('telnet');
    expect(model.odSet('2191 02', '10.0.0.7')?.attributeStatus).toBe('Accepted');
    expect(model.getString('P1SmartMeter.Host')).toBe('10.0.0.7');
    const bad = model.odSet('2191_03', '70000');
    expect(bad).toMatchObject({ attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'ValueOutOfRange' } });
    expect(model.odSet('2191_01', 'bluetooth')?.attributeStatus).toBe('Rejected');
    expect(model.getNumber('P1SmartMeter.Port')).toBe(23);
  });

  it('lists objects, filtered', () => {
    expect(model.odList().map((o) => o.id)).toEqual(['2191_01', '2191_02', '2191_03']);
    expect(model.odList('port')).toEqual([
      { id: '2191_03', key: 'P1SmartMeter.Port', value: '23', mutability: 'ReadWrite', dataType: 'integer', description: 'Telnet server TCP port' },
    ]);
    expect(model.odList('2191 01').map((o) => o.id)).toEqual(['2191_01']);
  });
});
