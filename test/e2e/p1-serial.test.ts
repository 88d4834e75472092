/**
 * The P1 smart meter on a real serial line: a socat pty pair is the P1
 * cable. The simulated meter writes DSMR 5.0 telegrams into one end; the
 * station reads the other through serialport at 115200 8N1 (OD 2191_01 =
 * serial, the default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { steadyLoad } from '../../src/hardware/sim/sim-p1-load.js';
import { SimP1Meter } from '../../src/hardware/sim/sim-p1.js';
import { ConsoleSession } from '../../src/station/console/session.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { acceptedScenario, type Scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { ng9, ng9Json, tempDir } from './helpers.js';
import { type PtyPair, socatInstalled, startPtyPair } from './socat.js';

describe.skipIf(!socatInstalled('test/e2e/p1-serial.test.ts'))('DSMR P1 on the serial port (socat pty pair as the P1 cable)', () => {
  let dir: string;
  let meterEnd: string;
  let stationEnd: string;
  let socat: PtyPair | undefined;
  let s: Scenario | undefined;
  let meter: SimP1Meter | undefined;
  let session: ConsoleSession | undefined;

  async function startSocat(): Promise<void> {
    socat = await startPtyPair(meterEnd, stationEnd);
  }

  async function stopSocat(): Promise<void> {
    const pair = socat;
    socat = undefined;
    await pair?.stop();
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ng9-p1-serial-'));
    meterEnd = join(dir, 'meter');
    stationEnd = join(dir, 'station');
    await startSocat();
  });
  afterEach(async () => {
    session?.close();
    await meter?.stop();
    await s?.end();
    await stopSocat();
    rmSync(dir, { recursive: true, force: true });
    s = meter = session = undefined;
  });

  const out: string[] = [];
  async function consoleJson(line: string): Promise<any> {
    session ??= new ConsoleSession(s!.station, (l) => out.push(l), { json: true });
    const before = out.length;
    await session.handleLine(line);
    const reply = out.slice(before).map((l) => JSON.parse(l)).find((o) => !('event' in o));
    return reply.data;
  }

  it('release notes: OD 2191_01 = serial — telegrams read at 115200 8N1, shown by console p1', async () => {
    s = await acceptedScenario({ p1SerialPath: stationEnd, csms: await startFakeCsms({ now: () => new Date('2026-03-02T10:00:00Z') }) });
    meter = new SimP1Meter(s.clock, { load: steadyLoad([4600, 0, 230], [229.5, 231, 230]) });
    await meter.servePath(meterEnd);
    await waitFor(() => s!.station.p1.status().linkState === 'connected', 'serial port open');
    expect(s.station.log.recent(20).map((l) => l.text)).toContain(`P1 serial ${stationEnd} (115200 8N1) connected`);

    await s.clock.advance(1000);
    await waitFor(() => s!.station.p1.crcOk === 1, 'telegram over the pty');
    expect(await consoleJson('p1')).toMatchObject({
      interface: 'serial',
      linkState: 'connected',
      crcOk: 1,
      crcBad: 0,
      dsmrVersion: '5.0',
      currentA: [20, 0, 1],
      voltageV: [229.5, 231, 230],
      powerImportW: 4830,
      tariff: 2,
      error: null,
    });
    expect((await consoleJson('p1 dump')).telegram).toMatch(/^\/ISK5\\2M550T-1012\r\n\r\n1-3:0\.2\.8\(50\)\r\n[\s\S]*\r\n![0-9A-F]{4}$/);
  });

  it('the P1 line goes away and comes back: disconnected, reopened after the back-off, reading again', async () => {
    s = await acceptedScenario({ p1SerialPath: stationEnd });
    meter = new SimP1Meter(s.clock);
    await meter.servePath(meterEnd);
    await waitFor(() => s!.station.p1.status().linkState === 'connected', 'serial port open');
    await s.clock.advance(1000);
    await waitFor(() => s!.station.p1.crcOk === 1, 'first telegram');

    await stopSocat();
    await waitFor(() => s!.station.p1.status().linkState === 'disconnected', 'loss of the line seen');
    await s.clock.advance(1000); // the device is gone: the retry fails, next in 2 s
    await waitFor(() => s!.station.log.recent(50).some((l) => /cannot connect: .*retrying in 2 s$/.test(l.text)), 'failed reopen');

    await meter.stop();
    await startSocat();
    meter = new SimP1Meter(s.clock);
    await meter.servePath(meterEnd);
    await s.clock.advance(2000);
    await waitFor(() => s!.station.p1.status().linkState === 'connected', 'reopened');
    await s.clock.advance(1000);
    await waitFor(() => s!.station.p1.crcOk >= 2, 'telegram after the line came back');
  });

  it('p1 device names the serial port from the console: linkState goes from not configured to connected, telegrams read', async () => {
    s = await acceptedScenario();
    await waitFor(() => s!.station.p1.status().linkState === 'not configured', 'serial P1 without a device');
    meter = new SimP1Meter(s.clock);
    await meter.servePath(meterEnd);
    const shown = await consoleJson(`p1 device ${stationEnd}`);
    expect(shown).toMatchObject({ interface: 'serial', device: stationEnd, baud: 115200, line: '115200 8N1' });
    await waitFor(() => s!.station.p1.status().linkState === 'connected', 'serial port open');
    await s.clock.advance(1000);
    await waitFor(() => s!.station.p1.crcOk === 1, 'telegram over the pty');
    expect(await consoleJson('p1')).toMatchObject({ device: stationEnd, linkState: 'connected', crcOk: 1, protocol: 'DSMR 5.0', dsmrVersion: '5.0' });
  });

  it('ng9 console --p1-device --p1-baud: the setting is kept in the station state and shown by p1; run refuses a bad device', async () => {
    const state = tempDir();
    const result = await ng9(['console', '--state', state, '--p1-device', stationEnd, '--p1-baud', '9600'], { input: 'p1\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`serial         ${stationEnd}, 9600 7E1`);
    const p1 = await ng9Json(['p1', '--state', state, '--json']);
    expect(p1.data).toMatchObject({ device: stationEnd, baud: 9600, line: '9600 7E1' });
    const bad = await ng9(['run', '--state', state, '--p1-device', 'ttyUSB0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'ttyUSB0' is no device path");
  });
});
