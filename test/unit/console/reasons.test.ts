import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Console, openConsole } from './harness.js';

describe('console reasons', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  const start = () => c.station.model.getString('TxCtrlr.TxStartPoint');
  const stop = () => c.station.model.getString('TxCtrlr.TxStopPoint');

  it('shows start and stop points as hex bitmask and names', async () => {
    await c.station.model.setByKey('TxCtrlr.TxStartPoint', 'PowerPathClosed', 'console');
    await c.station.model.setByKey('TxCtrlr.TxStopPoint', 'EVConnected,Authorized', 'console');
    expect(await c.ok('reasons')).toEqual(['start  0x02  TX_POWER_PATH_CLOSED', 'stop   0x18  TX_AUTHORIZED,TX_EV_CONNECTED']);
    expect((await c.json('reasons')).data).toEqual({
      start: { mask: 2, hex: '0x02', names: ['TX_POWER_PATH_CLOSED'], value: 'PowerPathClosed' },
      stop: { mask: 24, hex: '0x18', names: ['TX_AUTHORIZED', 'TX_EV_CONNECTED'], value: 'EVConnected,Authorized' },
    });
  });

  it.each(['0x18', '0X18', '0b11000', '24', 'TX_AUTHORIZED,TX_EV_CONNECTED', 'tx_ev_connected,tx_authorized', 'Authorized,EVConnected'])(
    'reasons start %s sets EVConnected,Authorized',
    async (mask) => {
      const r = await c.json(`reasons start ${mask}`);
      expect(r.ok).toBe(true);
      expect(r.data.start).toEqual({ mask: 0x18, hex: '0x18', names: ['TX_AUTHORIZED', 'TX_EV_CONNECTED'], value: 'EVConnected,Authorized' });
      expect(start()).toBe('EVConnected,Authorized');
    },
  );

  it('writes the stop point; DataSigned is no stop point', async () => {
    expect(await c.ok('reasons stop 0x11')).toEqual(['start  0x02  TX_POWER_PATH_CLOSED', 'stop   0x11  TX_ENERGY_TRANSFER,TX_EV_CONNECTED']);
    expect(stop()).toBe('EVConnected,EnergyTransfer');
    expect(await c.err('reasons stop TX_DATA_SIGNED,TX_EV_CONNECTED')).toBe('ERR BAD_ARGUMENT TX_DATA_SIGNED (DataSigned) cannot be a stop point');
    expect(await c.err('reasons stop 0x04')).toBe('ERR BAD_ARGUMENT TX_DATA_SIGNED (DataSigned) cannot be a stop point');
    expect(stop()).toBe('EVConnected,EnergyTransfer');
    // as a start point it is fine
    await c.ok('reasons start TX_DATA_SIGNED');
    expect(start()).toBe('DataSigned');
  });

  it('refuses empty, out-of-range and unknown masks', async () => {
    const before = [start(), stop()];
    expect(await c.err('reasons start 0')).toBe('ERR BAD_ARGUMENT no start point given: at least one is needed');
    expect(await c.err('reasons start 64')).toBe('ERR BAD_ARGUMENT mask 64 out of range: bits 0..5 only (0x00..0x3F)');
    expect(await c.err('reasons start 0x1G')).toMatch(/^ERR BAD_ARGUMENT invalid mask "0x1G"/);
    expect(await c.err('reasons stop TX_SOMETHING')).toMatch(/^ERR BAD_ARGUMENT unknown reason "TX_SOMETHING": use TX_ENERGY_TRANSFER, /);
    expect(await c.err('reasons start')).toMatch(/^ERR BAD_ARGUMENT missing argument: reasons start <mask\|NAME\[,NAME\]>/);
    expect(await c.err('reasons start 1 2')).toMatch(/^ERR BAD_ARGUMENT unexpected '2'/);
    expect([start(), stop()]).toEqual(before);
  });

  it('the CSMS sees what the console wrote', async () => {
    await c.ok('reasons start 0x30');
    const [r] = c.station.model.getVariables([{ component: { name: 'TxCtrlr' }, variable: { name: 'TxStartPoint' } }]);
    expect(r!.attributeValue).toBe('ParkingBayOccupancy,EVConnected');
  });
});
