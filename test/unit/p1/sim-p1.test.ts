import { describe, expect, it } from 'vitest';
import { parseTelegram } from '../../../src/hardware/p1/parser.js';
import type { Telegram } from '../../../src/hardware/p1/telegram.js';
import { scriptedLoad, steadyLoad } from '../../../src/hardware/sim/sim-p1-load.js';
import { SimP1Meter, tariffAt } from '../../../src/hardware/sim/sim-p1.js';
import { FakeClock } from '../../../src/station/clock.js';

function read(meter: SimP1Meter): Telegram {
  const r = parseTelegram(meter.telegram());
  if (!r.ok) throw new Error(r.reason);
  return r.telegram;
}

describe('simulated DSMR P1 meter', () => {
  it('builds DSMR 5.0 telegrams with a correct CRC, time from the clock, per-phase values from the load', () => {
    const clock = new FakeClock('2026-03-02T09:15:00Z'); // Monday 10:15 CET
    const meter = new SimP1Meter(clock, { load: steadyLoad([2300, -1150, 460], [230, 230, 230]) });
    const t = read(meter);
    expect(t.header).toBe('ISK5\\2M550T-1012');
    expect(t.dsmrVersion).toBe('5.0');
    expect(t.raw).toContain('0-0:1.0.0(260302101500W)');
    expect(t.timestamp).toBe(clock.now());
    expect(t.phases.voltageV).toEqual([230, 230, 230]);
    expect(t.phases.currentA).toEqual([10, 5, 2]);
    expect(t.phases.powerImportW).toEqual([2300, 0, 460]);
    expect(t.phases.powerExportW).toEqual([0, 1150, 0]);
    expect(t.powerImportW).toBe(1610);
    expect(t.powerExportW).toBe(0);
    expect(t.tariff).toBe(2);
    expect(t.raw).toMatch(/\r\n1-0:31\.7\.0\(010\*A\)\r\n/);
  });

  it('integrates energy into the register of the tariff in force (low at night and weekends)', async () => {
    const clock = new FakeClock('2026-03-02T21:30:00Z'); // Monday 22:30 CET
    const meter = new SimP1Meter(clock, { load: steadyLoad([1000, 1000, 1000]), registersKwh: { importT1: 0, importT2: 0, exportT1: 0, exportT2: 0 } });
    read(meter);
    await clock.advance(30 * 60_000); // 22:30 → 23:00, normal tariff: 1.5 kWh
    let t = read(meter);
    expect(t.energyKwh.importT2).toBeCloseTo(1.5, 3);
    expect(t.tariff).toBe(1);
    await clock.advance(60 * 60_000); // 23:00 → 00:00, low tariff: 3 kWh
    t = read(meter);
    expect(t.energyKwh.importT1).toBeCloseTo(3, 3);
    meter.setLoad([-500, 0, 0]);
    await clock.advance(60 * 60_000);
    t = read(meter);
    expect(t.energyKwh.exportT1).toBeCloseTo(0.5, 3);
    expect(t.powerExportW).toBe(500);
    expect(tariffAt(Date.parse('2026-03-07T12:00:00Z'))).toBe(1); // Saturday
  });

  it('follows a scripted household load', async () => {
    const clock = new FakeClock('2026-03-02T12:00:00Z');
    const meter = new SimP1Meter(clock, {
      load: scriptedLoad(clock.now(), [
        { atSec: 0, powerW: [230, 0, 0] },
        { atSec: 60, powerW: [2300, 2300, 4600] },
      ]),
    });
    expect(read(meter).phases.currentA).toEqual([1, 0, 0]);
    await clock.advance(60_000);
    const t = read(meter);
    expect(t.phases.currentA.map((a) => a)).toEqual([10, 10, 20]);
    expect(t.phases.voltageV[2]).toBeLessThan(t.phases.voltageV[0]!); // sags under load
  });

  it('a DSMR 4.2 meter: 1-3:0.2.8(42), CRC, no voltages', () => {
    const meter = new SimP1Meter(new FakeClock(), { version: '4.2' });
    const t = read(meter);
    expect(t.dsmrVersion).toBe('4.2');
    expect(t.header).toBe('KFM5KAIFA-METER');
    expect(t.phases.voltageV).toEqual([null, null, null]);
    expect(t.phases.currentA.every((a) => typeof a === 'number')).toBe(true);
    expect(meter.intervalMs).toBe(10_000);
  });
});
