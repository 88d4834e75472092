import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Console, openConsole, snapshot } from '../console/harness.js';

describe('console p1 on a station that is not running (one-shot command)', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('shows the settings, link off and no meter values', async () => {
    expect((await c.json('p1')).data).toEqual({
      interface: 'serial',
      host: '',
      port: 23,
      device: null,
      baud: 115200,
      line: '115200 8N1',
      linkState: 'off',
      lastTelegramAgeSec: null,
      crcOk: 0,
      crcBad: 0,
      protocol: null,
      dsmrVersion: null,
      emucsVersion: null,
      currentA: null,
      voltageV: null,
      powerImportW: null,
      powerExportW: null,
      tariff: null,
      error: null,
    });
    expect(await c.ok('p1')).toEqual([
      'interface      serial',
      'serial         - (p1 device <path>), 115200 8N1',
      'telnet         -:23',
      'link           off',
      'last telegram  never',
      'crc ok/bad     0/0',
      'dsmr           -',
      'current        -',
      'voltage        -',
      'power          -',
      'tariff         -',
      'error          -',
    ]);
    expect(await c.ok('p1 dump')).toEqual(['no telegram received']);
  });

  it('setting the P1 interface emits no P1 event and opens nothing while the station is not running', async () => {
    c.session.state.json = true;
    const out = await c.run('p1 interface telnet');
    expect(out.filter((l) => l.includes('"event":"p1"'))).toEqual([]);
    await c.station.p1.settled();
    expect(c.station.p1.status()).toMatchObject({ interface: 'telnet', linkState: 'off', configured: false });
  });

  it('p1 device / p1 baud: set, shown by p1, kept across a restart; none clears the device', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ng9-p1-device-'));
    try {
      const c1 = openConsole({ stateDir: dir });
      const first = c1.station;
      expect((await c1.json('p1 device /dev/ttyUSB0')).data).toMatchObject({ device: '/dev/ttyUSB0', baud: 115200, line: '115200 8N1' });
      expect(await c1.ok('p1 baud 9600')).toContain('serial         /dev/ttyUSB0, 9600 7E1');
      await first.p1.settled();
      await c1.close();

      const c2 = openConsole({ stateDir: dir });
      const again = c2.station;
      expect(again.p1.status()).toMatchObject({ serialPath: '/dev/ttyUSB0', baud: 9600, configured: true });
      expect((await c2.json('p1 device none')).data).toMatchObject({ device: null, baud: 9600, line: '9600 7E1' });
      expect(again.p1.status().configured).toBe(false);
      await again.p1.settled();
      await c2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('p1 device / p1 baud: bad input gets a clear error and changes nothing', async () => {
    const before = snapshot(c.station);
    expect(await c.err('p1 device ttyUSB0')).toBe("ERR BAD_ARGUMENT 'ttyUSB0' is no device path: give an absolute path such as /dev/ttyUSB0 (or COM3)");
    expect(await c.err('p1 baud 19200')).toBe("ERR BAD_ARGUMENT '19200' is no P1 baud rate: use 115200 (DSMR 4 / 5, e-MUCS: 8N1) or 9600 (DSMR 2.2 / 3: 7E1)");
    expect(await c.err('p1 baud')).toMatch(/^ERR BAD_ARGUMENT .*p1 baud 115200\|9600/);
    expect(c.station.p1.status()).toMatchObject({ serialPath: null, baud: 115200 });
    expect(snapshot(c.station)).toBe(before);
  });

  it('help p1 documents the device and the line settings', async () => {
    const help = (await c.ok('help p1')).join('\n');
    expect(help).toContain('p1 device <path>|none');
    expect(help).toContain('p1 baud 115200|9600');
    expect(help).toContain('115200 = 8N1 for DSMR 4 / 5 and e-MUCS meters');
    expect(help).toContain('9600 = 7E1 for DSMR 2.2 / 3 meters');
  });
});
