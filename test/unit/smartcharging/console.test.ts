import { afterEach, describe, expect, it } from 'vitest';
import { scheduleChart } from '../../../src/station/smartcharging/chart.js';
import { type Console, openConsole } from '../console/harness.js';
import { profile } from './builders.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

const START = '2026-01-01T00:00:00.000Z';
const rel = (s: number) => new Date(Date.parse(START) + s * 1000).toISOString();

function withProfiles(): Console {
  const con = openConsole();
  const sc = con.station.smartCharging;
  sc.installInternal(profile({ id: 1, purpose: 'ChargingStationMaxProfile', startSchedule: rel(0), periods: [[0, 40], [21_600, 20]] }), [{ evseId: 0 }], 'CSO');
  sc.installInternal(profile({ id: 2, startSchedule: rel(3600), duration: 7200, periods: [[0, 0]] }), [{ evseId: 1 }], 'CSO');
  return con;
}

describe('console schedule', () => {
  it('schedule 1: the composite as a table and a chart, then the profiles that apply to EVSE 1', async () => {
    c = withProfiles();
    const out = await c.ok('schedule 1');
    expect(out[0]).toBe('EVSE 1: composite schedule from 2026-01-01T00:00:00.000Z for 1d, limits in A');
    expect(out.slice(1, 6)).toEqual([
      'offset  start                 limit  unit  phases',
      '+0      2026-01-01T00:00:00Z  32.0   A     3',
      '+1h     2026-01-01T01:00:00Z  0.0    A     3',
      '+3h     2026-01-01T03:00:00Z  32.0   A     3',
      '+6h     2026-01-01T06:00:00Z  20.0   A     3',
    ]);
    const chart = out.slice(7, 19);
    expect(chart[0]).toMatch(/^\s+A$/);
    expect(chart[1]).toMatch(/^32\.0 \|##(\s+)(#{6})$/); // 0 A from 1 h to 3 h: a gap of 4 columns of 48
    expect(chart[1]!.indexOf(' ', 6)).toBe(8);
    expect(chart[9]).toMatch(/^ 0\.0 \+-{48}$/);
    expect(chart[10]).toMatch(/^\s+\+0\s+\+6h\s+\+12h\s+\+18h\s+\+1d$/);
    expect(out.join('\n')).toMatch(/2\s+1\s+TxDefaultProfile\s+0\s+Absolute\s+A\s+-\s+CSO\s+valid/);
    expect(out.join('\n')).toMatch(/1\s+0\s+ChargingStationMaxProfile/);
  });

  it('schedule (evse 0) in W for 2h: JSON has the GetCompositeSchedule shape, the chart and the profiles', async () => {
    c = withProfiles();
    const res = await c.json('schedule 2h W');
    expect(res.ok).toBe(true);
    expect(res.data.schedule).toEqual({
      evseId: 0,
      duration: 7200,
      scheduleStart: START,
      chargingRateUnit: 'W',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 40 * 690, numberPhases: 3 },
        { startPeriod: 3600, limit: 32 * 690, numberPhases: 3 },
      ],
    });
    expect(res.data.chart[0]).toMatch(/W$/);
    expect(res.data.profiles.map((p: any) => [p.id, p.state])).toEqual([
      [1, 'valid'],
      [2, 'valid'],
    ]);
  });

  it('schedule: bad arguments change nothing and say what to type', async () => {
    c = withProfiles();
    expect(await c.err('schedule 3')).toMatch(/^ERR BAD_ARGUMENT EVSE must be 0\.\.2/);
    expect(await c.err('schedule 1 soon')).toMatch(/^ERR BAD_ARGUMENT 'soon' is neither a duration nor A\|W/);
    expect(await c.err('schedule 1 40d')).toMatch(/^ERR BAD_ARGUMENT duration must be 0\.\.31d/);
    expect(await c.err('schedule 1 1h A W')).toMatch(/^ERR BAD_ARGUMENT unexpected 'W'/);
  });

  it('cperase needs service login and confirm, then erases every profile (also invalidated ones)', async () => {
    c = withProfiles();
    expect(await c.err('cperase confirm')).toMatch(/^ERR DENIED/);
    c.session.state.service = true;
    expect(await c.err('cperase')).toMatch(/^ERR BAD_ARGUMENT this erases data: type 'cperase confirm'/);
    expect(c.station.smartCharging.profiles.all()).toHaveLength(2);
    expect(await c.ok('cperase confirm')).toEqual(['charging profiles erased: 2']);
    expect(c.station.smartCharging.profiles.all()).toEqual([]);
    expect(c.station.hardware.evses.map((e) => e.current.offeredA)).toEqual([32, 32]);
    expect((await c.ok('schedule')).join('\n')).toContain('no charging profiles installed');
  });
});

describe('schedule chart', () => {
  it('a flat schedule fills every column; 0 A leaves the column empty', () => {
    const lines = scheduleChart(
      { evseId: 1, duration: 400, scheduleStart: START, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16, numberPhases: 3 }, { startPeriod: 200, limit: 0, numberPhases: 3 }] },
      { width: 8, height: 2 },
    );
    expect(lines.slice(0, 4)).toEqual(['      A', '16.0 |####', ' 8.0 |####', ' 0.0 +--------']);
    expect(lines[4]).toBe('      +0 +6m40s');
  });
});
