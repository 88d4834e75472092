/**
 * Console `lb` (CONSOLE.md: "load balancing: limits from P1, safe current,
 * what each EVSE may draw") and the limiting current for the Service
 * Installer app (release notes 6.0.0 §4).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/station/console/session.js';
import type { Station } from '../../src/station/station.js';
import { type LbScenario, lbScenario } from '../unit/loadbalancing/lb-scenario.js';

let s: LbScenario | undefined;
let c: Console | undefined;
afterEach(async () => {
  c?.close();
  await s?.end();
  s = c = undefined;
});

interface Console {
  ok(line: string): Promise<string[]>;
  err(line: string): Promise<string>;
  json(line: string): Promise<any>;
  close(): void;
}

function consoleOn(station: Station): Console {
  const lines: string[] = [];
  const session = new ConsoleSession(station, (l) => lines.push(l));
  const run = async (line: string, json: boolean) => {
    session.state.json = json;
    const start = lines.length;
    await session.handleLine(line);
    session.state.json = false;
    return lines.slice(start).filter((l) => !l.startsWith('{"event"'));
  };
  return {
    async ok(line) {
      const out = await run(line, false);
      if (out.at(-1) !== 'OK') throw new Error(`'${line}' answered:\n${out.join('\n')}`);
      return out.slice(0, -1);
    },
    async err(line) {
      const out = await run(line, false);
      if (!out.at(-1)?.startsWith('ERR ')) throw new Error(`'${line}' did not fail:\n${out.join('\n')}`);
      return out.at(-1)!;
    },
    async json(line) {
      const out = (await run(line, true)).map((l) => JSON.parse(l));
      if (out.length !== 1 || !out[0].ok) throw new Error(`'${line}' answered ${JSON.stringify(out)}`);
      return out[0].data;
    },
    close: () => session.close(),
  };
}

describe('console lb', () => {
  it('load balancing: lb shows max current, meter / own draw / household / budget per phase, the limit, what each EVSE may draw, P1 age and fallback', async () => {
    s = await lbScenario({ settings: { 'P1SmartMeter.IncludesStation': true, 'P1SmartMeter.SafeCurrent': 8, 'P1SmartMeter.DataTimeout': 10 } });
    c = consoleOn(s.station);
    await s.startCharging(1);
    s.householdWithStation([10, 4, 2]);
    await s.telegrams(2);
    s.meter.silent = true;
    await s.clock.advance(1_500);

    expect(await c.json('lb')).toEqual({
      enabled: true,
      externalControl: true,
      state: 'p1',
      fallback: false,
      maxCurrentA: 25,
      safeCurrentA: 8,
      dataTimeoutS: 10,
      includesStation: true,
      p1: { linkState: 'connected', lastTelegramAgeSec: 1, error: null },
      meterA: [25, 19, 17],
      ownDrawA: [15, 15, 15],
      householdA: [10, 4, 2],
      budgetA: [15, 21, 23],
      limitA: 15,
      limitingCurrentA: 15,
      evses: [
        { evseId: 1, mayDrawA: 15, drawA: [15, 15, 15] },
        { evseId: 2, mayDrawA: 7.5, drawA: [0, 0, 0] },
      ],
    });
    expect(await c.ok('lb')).toEqual([
      'load balancing  on, balancing on the P1 meter',
      'max current     25 A per phase at the meter',
      'safe current    8 A after 10 s without P1 data',
      'p1              connected, last telegram 1 s ago',
      'meter           25 A / 19 A / 17 A  (includes the station)',
      'own draw        15 A / 15 A / 15 A',
      'household       10 A / 4 A / 2 A',
      'budget          15 A / 21 A / 23 A',
      'limit           15 A per phase, all EVSEs together (EMS)',
      'EVSE 1          may draw 15 A, draws 15 A / 15 A / 15 A',
      'EVSE 2          may draw 7.5 A, draws 0 A / 0 A / 0 A',
    ]);

    await s.clock.advance(10_000);
    await s.idle();
    expect(await c.json('lb')).toMatchObject({ state: 'fallback', fallback: true, limitA: 8, p1: { lastTelegramAgeSec: 11 } });
    expect((await c.ok('lb'))[0]).toBe('load balancing  on, FALLBACK: no P1 data for 10 s, safe current');
  });

  it('release notes "Make limiting current available to Service Installer app": P1SmartMeter.LimitingCurrent reads the limit in force (console and GetVariables), ReadOnly; lb limit sets the maximum it derives from', async () => {
    s = await lbScenario();
    c = consoleOn(s.station);
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(await c.json('config get P1SmartMeter.LimitingCurrent')).toMatchObject({ key: 'P1SmartMeter.LimitingCurrent', value: '15', mutability: 'ReadOnly' });
    const get = await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: 'P1SmartMeter' }, variable: { name: 'LimitingCurrent' } }] });
    expect(get.getVariableResult[0]).toMatchObject({ attributeStatus: 'Accepted', attributeValue: '15' });
    expect(await c.err('config set P1SmartMeter.LimitingCurrent 20')).toMatch(/^ERR BAD_ARGUMENT .*read-only/);

    const after = await c.json('lb limit 30');
    expect(after).toMatchObject({ maxCurrentA: 30, limitA: 20, limitingCurrentA: 20 });
    expect(s.station.model.getNumber('P1SmartMeter.MaxCurrent')).toBe(30);
    expect(s.evse(1).offeredA).toBe(20);
    expect(await c.json('lb safe 9')).toMatchObject({ safeCurrentA: 9 });
    expect(await c.json('lb timeout 60')).toMatchObject({ dataTimeoutS: 60 });
    expect(await c.json('lb includes on')).toMatchObject({ includesStation: true });
    expect(await c.json('lb off')).toMatchObject({ enabled: false, state: 'off', limitA: null, limitingCurrentA: 64 });
    expect((await c.ok('lb'))[0]).toBe('load balancing  off (P1SmartMeter.LoadBalancingEnabled false)');
    expect(await c.json('lb on')).toMatchObject({ enabled: true, state: 'p1', limitA: 20 });
  });

  it('load balancing: bad lb lines get a clear ERR and change nothing', async () => {
    s = await lbScenario();
    c = consoleOn(s.station);
    const before = JSON.stringify(s.station.model.listKeys('P1SmartMeter'));
    expect(await c.err('lb limit 0')).toBe('ERR BAD_ARGUMENT maximum current (A) must be 1..1000, got 0');
    expect(await c.err('lb limit 16.5')).toBe("ERR BAD_ARGUMENT maximum current (A) must be a whole number 1..1000, got '16.5'");
    expect(await c.err('lb limit')).toMatch(/^ERR BAD_ARGUMENT missing argument: lb limit/);
    expect(await c.err('lb safe -1')).toMatch(/^ERR BAD_ARGUMENT safe current \(A\) must be 0\.\.1000/);
    expect(await c.err('lb timeout 0')).toMatch(/^ERR BAD_ARGUMENT timeout \(s\) must be 1\.\.3600/);
    expect(await c.err('lb includes maybe')).toMatch(/^ERR BAD_ARGUMENT 'maybe' is not on or off/);
    expect(await c.err('lb on now')).toMatch(/^ERR BAD_ARGUMENT unexpected 'now'/);
    expect(await c.err('lb frobnicate')).toMatch(/^ERR BAD_ARGUMENT unknown 'lb frobnicate'/);
    expect(await c.err('config set P1SmartMeter.SafeCurrent 1001')).toMatch(/^ERR BAD_ARGUMENT/);
    expect(JSON.stringify(s.station.model.listKeys('P1SmartMeter'))).toBe(before);
  });
});
