import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { buildCatalog } from '../../../src/station/model/catalog.js';
import { Definitions } from '../../../src/station/model/definitions.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import { SharedDatabase } from '../../../src/station/store/store.js';
import { atTestEnd } from '../../support/test-end.js';

describe('device-model definitions are built once per EVSE layout and shared', () => {
  it('stations with the same layout share them; what one station writes changes neither the definitions nor the others', () => {
    const db = new SharedDatabase(':memory:');
    atTestEnd(() => db.close());
    const clock = new FakeClock('2026-04-01T08:00:00Z');
    const a = new DeviceModel(db.station('A'), { evseCount: 2, clock });
    const b = new DeviceModel(db.station('B'), { evseCount: 2, clock });
    expect(a.catalog).toBe(b.catalog);
    expect(new DeviceModel(db.station('C'), { evseCount: 3, clock }).catalog).not.toBe(a.catalog);
    expect(Definitions.of(2)).toBe(Definitions.of(2, 1));

    expect(a.setByKey('OCPPCommCtrlr.HeartbeatInterval', '77', 'console').attributeStatus).toBe('Accepted');
    a.setVariables([{ component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' }, attributeValue: '33' }], 'csms');
    a.setInternal('ChargingStation.AvailabilityState', 'Unavailable');
    a.odSet('2191_01', 'telnet');
    a.resetVolatile();
    a.eraseConfig();
    a.setByKey('AuthCtrlr.MasterPassGroupId', 'TOWING', 'console');

    expect(JSON.stringify(a.catalog)).toBe(JSON.stringify(buildCatalog({ evseCount: 2 })));
    expect(b.getNumber('OCPPCommCtrlr.HeartbeatInterval')).not.toBe(77);
    expect(b.getString('AuthCtrlr.MasterPassGroupId')).toBe('');
    expect(a.getString('AuthCtrlr.MasterPassGroupId')).toBe('TOWING');
  });
});
