/**
 * The P1 smart meter end to end inside a running station: the simulated
 * meter serves DSMR 5.0 telegrams on a loopback TCP port as a
 * P1-to-network converter does; the station reads them over "telnet"
 * (OD 2191_01..03) and the console shows them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { steadyLoad } from '../../src/hardware/sim/sim-p1-load.js';
import { SimP1Meter } from '../../src/hardware/sim/sim-p1.js';
import { ConsoleSession } from '../../src/station/console/session.js';
import { Station } from '../../src/station/station.js';
import { FakeClock } from '../../src/station/clock.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { acceptedScenario, type Scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';

const MONDAY_10H = '2026-03-02T10:00:00Z'; // 11:00 CET: normal tariff

interface Console {
  lines: string[];
  /** Text mode: the reply lines without the final OK. */
  ok(line: string): Promise<string[]>;
  /** JSON mode: the reply's data. */
  json(line: string): Promise<any>;
  close(): void;
}

function consoleOn(station: Station): Console {
  const lines: string[] = [];
  const session = new ConsoleSession(station, (l) => lines.push(l));
  const run = async (line: string) => {
    const start = lines.length;
    await session.handleLine(line);
    return lines.slice(start);
  };
  return {
    lines,
    async ok(line) {
      session.state.json = false;
      const out = await run(line);
      if (out.at(-1) !== 'OK') throw new Error(`'${line}' answered:\n${out.join('\n')}`);
      return out.slice(0, -1);
    },
    async json(line) {
      session.state.json = true;
      const replies = (await run(line)).map((l) => JSON.parse(l)).filter((o) => !('event' in o));
      session.state.json = false;
      if (replies.length !== 1 || !replies[0].ok) throw new Error(`'${line}' answered ${JSON.stringify(replies)}`);
      return replies[0].data;
    },
    close: () => session.close(),
  };
}

describe('release notes 6.0.0 §4: DSMR P1 smart meter over telnet (OD 2191_01 / 2191_02 / 2191_03)', () => {
  let s: Scenario | undefined;
  let meter: SimP1Meter | undefined;
  let c: Console | undefined;
  afterEach(async () => {
    c?.close();
    await meter?.stop();
    await s?.end();
    s = meter = c = undefined;
  });

  async function stationWithMeter(options: { silent?: boolean } = {}): Promise<{ s: Scenario; meter: SimP1Meter; c: Console; port: number }> {
    s = await acceptedScenario({ csms: await startFakeCsms({ now: () => new Date(MONDAY_10H) }) });
    meter = new SimP1Meter(s.clock, { load: steadyLoad([2300, 1150, 460], [230, 230, 230]), telnetNegotiation: true });
    meter.silent = options.silent ?? false;
    const port = await meter.serveTcp();
    c = consoleOn(s.station);
    await c.ok('p1 interface telnet');
    await c.ok('p1 host 127.0.0.1');
    await c.ok(`p1 port ${port}`);
    const station = s.station;
    await waitFor(() => station.p1.status().linkState === 'connected' && meter!.clients === 1, 'P1 connected');
    return { s, meter, c, port };
  }

  it('console p1 shows the live values of the meter: link, age, CRC counts, DSMR version, per-phase current and voltage, power, tariff', async () => {
    const { s, c, port } = await stationWithMeter();
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk === 1, 'first telegram');
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk === 2, 'second telegram');
    meter!.silent = true;
    await s.clock.advance(1500);

    expect(await c.json('p1')).toEqual({
      interface: 'telnet',
      host: '127.0.0.1',
      port,
      device: null,
      baud: 115200,
      line: '115200 8N1',
      linkState: 'connected',
      lastTelegramAgeSec: 1,
      crcOk: 2,
      crcBad: 0,
      protocol: 'DSMR 5.0',
      dsmrVersion: '5.0',
      emucsVersion: null,
      currentA: [10, 5, 2],
      voltageV: [230, 230, 230],
      powerImportW: 3910,
      powerExportW: 0,
      tariff: 2,
      error: null,
    });
    expect(await c.ok('p1')).toEqual([
      'interface      telnet',
      'serial         - (p1 device <path>), 115200 8N1',
      `telnet         127.0.0.1:${port}`,
      'link           connected',
      'last telegram  1 s ago',
      'crc ok/bad     2/0',
      'dsmr           5.0',
      'current        10 A / 5 A / 2 A',
      'voltage        230 V / 230 V / 230 V',
      'power          import 3910 W / export 0 W',
      'tariff         2 (normal)',
      'error          -',
    ]);

    const dump = await c.ok('p1 dump');
    expect(dump[0]).toBe('/ISK5\\2M550T-1012');
    expect(dump[1]).toBe('');
    expect(dump).toContain('0-0:1.0.0(260302110002W)');
    expect(dump).toContain('1-0:31.7.0(010*A)');
    expect(dump).toContain('1-0:52.7.0(230.0*V)');
    expect(dump.at(-1)).toMatch(/^![0-9A-F]{4}$/);
    expect((await c.json('p1 dump')).telegram).toBe(dump.join('\r\n'));
    // P1 sends nothing to the CSMS by itself
    expect(s.csms.callsOf('NotifyEvent')).toEqual([]);
  });

  it('corrupt telegrams and garbage from the converter are counted and skipped; the next good one is read', async () => {
    const { s } = await stationWithMeter();
    meter!.corruptNext(1);
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcBad === 1, 'bad CRC counted');
    meter!.sendRaw(Buffer.from([0x00, 0xff, 0xff, 0xc3, 0x41, 0x0d, 0x0a]));
    meter!.sendRaw('/ISK5\\2M550T-1012\r\n\r\n1-0:1.7.0(00.'); // truncated by the next telegram
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk === 1, 'good telegram after the junk');
    // bad CRC, the junk bytes, the truncated telegram
    expect(s.station.p1.status()).toMatchObject({ crcOk: 1, crcBad: 3, lastBadReason: expect.stringMatching(/^truncated telegram/) });
    expect(s.station.log.recent(100).some((l) => l.level === 'WARN' && /^bad P1 telegram skipped: CRC mismatch/.test(l.text))).toBe(true);
  });

  it('release notes: the converter drops the link — the station retries after a back-off delay and reads on', async () => {
    const { s, c, port } = await stationWithMeter();
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk === 1, 'first telegram');

    meter!.dropClients();
    await waitFor(() => s.station.p1.status().linkState === 'disconnected', 'link loss seen');
    expect((await c.json('p1')).linkState).toBe('disconnected');
    const warning = `P1 telnet 127.0.0.1:${port}: connection closed by the converter; retrying in 1 s`;
    expect(s.station.log.recent(20).map((l) => `${l.level}:${l.source}:${l.text}`)).toContain(`WARN:p1:${warning}`);

    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.status().linkState === 'connected' && meter!.clients === 1, 'reconnected');
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk >= 2, 'telegrams after the reconnect');
  });

  it('P1 configured but silent for 10 s: error state in the log, as a station event and in p1; cleared when telegrams return', async () => {
    const { s, c } = await stationWithMeter({ silent: true });
    const events: string[] = [];
    s.station.events.on((e) => e.event === 'p1' && events.push(JSON.stringify(e)));
    await s.clock.advance(9_000);
    expect((await c.json('p1')).error).toBeNull();
    await s.clock.advance(1_000);
    const error = expect.stringMatching(/^P1 smart meter configured \(telnet 127\.0\.0\.1:\d+\) but silent: no telegram for 10 s, link connected$/);
    expect(await c.json('p1')).toMatchObject({ linkState: 'connected', error, lastTelegramAgeSec: null });
    expect((await c.ok('p1')).at(-1)).toMatch(/^error {10}P1 smart meter configured .* but silent/);
    expect(events.map((e) => JSON.parse(e))).toEqual([{ event: 'p1', linkState: 'connected', error }]);
    expect(s.station.log.recent(20).some((l) => l.level === 'ERROR' && l.source === 'p1' && /but silent/.test(l.text))).toBe(true);

    meter!.silent = false;
    await s.clock.advance(1000);
    await waitFor(() => s.station.p1.crcOk === 1, 'telegram');
    expect((await c.json('p1')).error).toBeNull();
    expect(JSON.parse(events.at(-1)!)).toEqual({ event: 'p1', linkState: 'connected', error: null });
  });

  it('a station opened for one console command (not started) reads no P1', async () => {
    const clock = new FakeClock(MONDAY_10H);
    meter = new SimP1Meter(clock);
    const port = await meter.serveTcp();
    const station = Station.open({ id: 'CS9', clock });
    try {
      const con = consoleOn(station);
      await con.ok('p1 interface telnet');
      await con.ok('p1 host 127.0.0.1');
      expect(await con.json(`p1 port ${port}`)).toMatchObject({ linkState: 'off', error: null });
      await clock.advance(15_000);
      expect(meter.clients).toBe(0);
      expect((await con.json('p1')).error).toBeNull();
      con.close();
    } finally {
      await station.stop();
    }
  });
});
