import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Console, openConsole } from '../console/harness.js';

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
      linkState: 'off',
      lastTelegramAgeSec: null,
      crcOk: 0,
      crcBad: 0,
      dsmrVersion: null,
      currentA: null,
      voltageV: null,
      powerImportW: null,
      powerExportW: null,
      tariff: null,
      error: null,
    });
    expect(await c.ok('p1')).toEqual([
      'interface      serial',
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
});
