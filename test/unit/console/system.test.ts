import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDateTime } from '../../../src/station/console/commands/datetime.js';
import type { BootReason } from '../../../src/station/provisioning/boot.js';
import { waitFor } from '../../support/wait.js';
import { type Console, openConsole } from './harness.js';

describe('console help, version, status', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('help lists every command with its summary; help <command> gives the usage', async () => {
    const list = (await c.json('help')).data.commands;
    const names = list.map((x: any) => x.command);
    for (const name of ['help', 'version', 'status', 'login', 'network', 'network set', 'reasons start', 'p1 host', 'masterpass', 'config set', 'od get', 'log', 'date', 'reboot', 'plug', 'clock advance']) {
      expect(names).toContain(name);
    }
    expect(list.find((x: any) => x.command === 'eepromx erase config')).toMatchObject({ service: true, sim: false });
    expect(list.find((x: any) => x.command === 'plug')).toMatchObject({ service: false, sim: true });
    const text = await c.ok('help');
    expect(text.find((l) => l.startsWith('version '))).toMatch(/^version\s{2,}firmware, bootloader, platform, serial number$/);
    expect(await c.ok('help reasons stop')).toEqual([
      'reasons stop <mask|NAME[,NAME]>   (decimal, 0x hex or 0b binary; bits: 0 TX_ENERGY_TRANSFER, 1 TX_POWER_PATH_CLOSED, 2 TX_DATA_SIGNED, 3 TX_AUTHORIZED, 4 TX_EV_CONNECTED, 5 TX_PARKING_BAY_OCCUPANCY)',
      '  set TxCtrlr.TxStopPoint from a bitmask or names',
    ]);
    expect((await c.ok('HELP Network')).filter((l) => l.startsWith('network'))).toHaveLength(5);
    expect(await c.err('help teleport')).toBe("ERR BAD_ARGUMENT no command 'teleport': type 'help' for the list");
  });

  it('version', async () => {
    expect((await c.json('version')).data).toEqual({
      firmware: '6.0.0',
      bootloader: '1.2.0',
      platform: 'NG9xx',
      serialNumber: 'CS1',
      stationId: 'CS1',
      ocppVersion: '2.0.1',
    });
    expect(await c.ok('version')).toEqual(['firmware    6.0.0', 'bootloader  1.2.0', 'platform    NG9xx', 'serial      CS1', 'station     CS1', 'ocpp        2.0.1']);
  });

  it('status: station and per-EVSE data', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    await c.ok('network set 1 Wired0 ws://csms.example.com/ocpp');
    await c.ok('network priority 1 1');
    await c.ok('plug 2');
    expect((await c.json('status')).data).toEqual({
      stationId: 'CS1',
      registration: c.station.registration,
      time: '2026-01-01T00:00:00.000Z',
      availability: 'Operative',
      csms: { connected: false, linkWanted: true, url: 'ws://csms.example.com/ocpp', lastError: null },
      network: { activeSlot: 1, interface: 'Wired0', pendingSlot: null },
      modem: expect.objectContaining({ present: true, phase: 'off', power: 'off' }),
      nfcReader: { state: 'ok', problem: false },
      evses: [
        { evseId: 1, connectorId: 1, status: 'Available', operational: true, transactionId: null, currentLimitA: 32, powerW: 0, energyWh: 0 },
        { evseId: 2, connectorId: 1, status: 'Occupied', operational: true, transactionId: null, currentLimitA: 32, powerW: 0, energyWh: 0 },
      ],
      display: null,
    });
    const text = await c.ok('status');
    expect(text).toContain('display       -');
    expect(text).toContain('csms          not connected ws://csms.example.com/ocpp');
    expect(text).toContain('network       slot 1 Wired0');
    expect(text.slice(-3)).toEqual(['evse  status     tx  limit  power  energy', '1     Available  -   32 A   0 W    0 Wh', '2     Occupied   -   32 A   0 W    0 Wh']);
  });

  it('status shows the id of the transaction ongoing on an EVSE', async () => {
    c.station.start();
    await c.ok('reasons start TX_EV_CONNECTED');
    await c.ok('plug 1');
    const tx = await waitFor(() => c.station.transactions.active(1), 'transaction on EVSE 1');
    expect((await c.json('status')).data.evses.map((e: { transactionId: string | null }) => e.transactionId)).toEqual([tx.transactionId, null]);
  });
});

describe('console service login', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('destructive commands answer DENIED until login service', async () => {
    c.station.log.info('test', 'a line');
    expect(await c.err('log-erase confirm')).toBe("ERR DENIED 'log-erase' needs 'login service <password>'");
    expect((await c.json('eepromx erase config confirm')).error?.code).toBe('DENIED');
    expect(await c.err('login service nope')).toBe('ERR DENIED wrong service password');
    expect(c.session.state.service).toBe(false);
    expect(await c.ok('login service ng9service')).toEqual(['service login ok']);
    expect(c.session.state.service).toBe(true);
    expect(await c.err('log-erase')).toBe("ERR BAD_ARGUMENT this erases data: type 'log-erase confirm'");
    expect(await c.ok('log-erase confirm')).toEqual(['log erased']);
    expect(c.station.log.recent(10).map((l) => l.text)).toEqual(['log erased']);
    expect((await c.json('logout')).data).toEqual({ service: false });
    expect(await c.err('log-erase confirm')).toMatch(/^ERR DENIED/);
  });

  it('the password is the store meta value service.password when set', async () => {
    c.station.store.setMeta('service.password', 'S3cret pass');
    expect(await c.err('login service ng9service')).toBe('ERR DENIED wrong service password');
    expect(await c.ok('login SERVICE "S3cret pass"')).toEqual(['service login ok']);
  });

  it('eepromx erase config: defaults back, network profiles erased', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    await c.ok('config set HeartbeatInterval 77');
    await c.ok('masterpass POLICE');
    await c.ok('network set 1 Wired0 ws://csms.example.com/ocpp');
    await c.ok('network priority 1 1');
    await c.ok('login service ng9service');
    expect(await c.err('eepromx erase config')).toBe("ERR BAD_ARGUMENT this erases data: type 'eepromx erase config confirm'");
    expect(c.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(77);
    const r = await c.json('eepromx erase config confirm');
    expect(r.data).toMatchObject({ erased: 'config' });
    expect(r.data.variables).toBeGreaterThanOrEqual(3);
    expect(c.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(300);
    expect(c.station.model.getString('AuthCtrlr.MasterPassGroupId')).toBe('');
    expect(c.station.network.list()).toEqual([]);
    expect(c.station.network.priority()).toEqual([0]);
    expect(c.station.store.db.prepare('SELECT COUNT(*) AS n FROM variables').get()).toEqual({ n: 0 });
  });
});

describe('console session flags, log, date, reboot', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('trace on streams OCPP frames with their station time, trace off stops them', async () => {
    const frame = '[2,"1","Heartbeat",{}]';
    c.station.events.emit({ event: 'ocpp', direction: 'out', frame });
    expect(c.lines).toEqual([]);
    expect(await c.ok('trace on')).toEqual(['trace on']);
    c.station.events.emit({ event: 'ocpp', direction: 'out', frame });
    c.station.events.emit({ event: 'ocpp', direction: 'in', frame: '[3,"1",{}]' });
    const time = new Date(c.station.clock.now()).toISOString();
    expect(c.lines.slice(-2)).toEqual([`${time} >> ${frame}`, `${time} << [3,"1",{}]`]);
    await c.run('json on');
    c.station.events.emit({ event: 'ocpp', direction: 'out', frame });
    expect(JSON.parse(c.lines.at(-1)!)).toEqual({ event: 'ocpp', direction: 'out', frame, time });
    expect(await c.run('trace off')).toEqual(['{"ok":true,"data":{"trace":false}}']);
    const n = c.lines.length;
    c.station.events.emit({ event: 'ocpp', direction: 'out', frame });
    expect(c.lines.length).toBe(n);
  });

  it('log [n] shows the last lines as <ISO time>:<LEVEL>:<source>:<text>', async () => {
    for (let i = 1; i <= 25; i++) c.station.log.info('test', `line ${i}`);
    const text = await c.ok('log');
    expect(text).toHaveLength(20);
    expect(text.at(-1)).toBe('2026-01-01T00:00:00.000Z:INFO:test:line 25');
    expect(await c.ok('log 2')).toEqual(['2026-01-01T00:00:00.000Z:INFO:test:line 24', '2026-01-01T00:00:00.000Z:INFO:test:line 25']);
    expect((await c.json('log 1')).data).toEqual({ lines: ['2026-01-01T00:00:00.000Z:INFO:test:line 25'] });
    expect(await c.err('log 0')).toBe('ERR BAD_ARGUMENT number of lines must be 1..5000, got 0');
  });

  it('date reads and sets the clock, with time zones', async () => {
    expect((await c.json('date')).data).toEqual({ time: '2026-01-01T00:00:00.000Z', epochMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(await c.ok('date 2026-06-15 12:30:00Z')).toEqual(['2026-06-15T12:30:00.000Z']);
    expect(await c.ok('date 2026-06-15 12:30:00+02:00')).toEqual(['2026-06-15T10:30:00.000Z']);
    expect(await c.ok('date 2026-06-15T12:30:00-05:30')).toEqual(['2026-06-15T18:00:00.000Z']);
    expect(await c.ok('date 2026-06-15 08:00:00')).toEqual(['2026-06-15T08:00:00.000Z']);
    expect(new Date(c.station.clock.now()).toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(await c.err('date 2026-13-01 00:00:00')).toMatch(/^ERR BAD_ARGUMENT '2026-13-01 00:00:00' is not a valid time: date \[yyyy-mm-dd hh:mm:ss/);
    expect(new Date(c.station.clock.now()).toISOString()).toBe('2026-06-15T08:00:00.000Z');
  });

  it('reboot and reset reply first, then restart with LocalReset', async () => {
    const reasons: BootReason[] = [];
    (c.station as { restart: (r: BootReason) => Promise<void> }).restart = async (r) => {
      reasons.push(r);
    };
    expect(await c.run('reboot')).toEqual(['rebooting', 'OK']);
    expect(reasons).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(reasons).toEqual(['LocalReset']);
    expect((await c.json('reset hard')).data).toEqual({ rebooting: true, type: 'hard' });
    expect((await c.json('reset soft')).data).toEqual({ rebooting: true, type: 'soft' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(reasons).toEqual(['LocalReset', 'LocalReset', 'LocalReset']);
    expect(await c.err('reset')).toMatch(/^ERR BAD_ARGUMENT missing argument: reset soft\|hard/);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-01-02 03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02t03:04:05z', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02 03:04:05.250Z', '2026-01-02T03:04:05.250Z'],
    ['2026-01-02 03:04:05+01:00', '2026-01-02T02:04:05.000Z'],
    ['2026-01-02 03:04:05+0100', '2026-01-02T02:04:05.000Z'],
    ['2026-01-02 03:04:05-03', '2026-01-02T06:04:05.000Z'],
    ['2026-01-02 03:04', '2026-01-02T03:04:00.000Z'],
    ['2024-02-29 00:00:00', '2024-02-29T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(new Date(parseDateTime(text)!).toISOString()).toBe(iso);
  });

  it.each(['2026-02-29 00:00:00', '2026-01-32 00:00:00', '2026-01-01 24:00:00', '2026-01-01 00:60:00', '2026-01-01 00:00:60', '2026-01-01 00:00:00+15:00', '2026-1-1 00:00:00', '2026-01-01', 'now', ''])(
    'refuses %s',
    (text) => {
      expect(parseDateTime(text)).toBeUndefined();
    },
  );
});

describe('console log level', () => {
  it('log [n] level <LEVEL> shows that level and worse only; a bad level changes nothing', async () => {
    const c = openConsole();
    try {
      c.station.log.info('test', 'an info line');
      c.station.log.warn('test', 'a warning');
      c.station.log.error('test', 'an error');
      const warn = await c.ok('log 10 level warn');
      expect(warn.some((l) => l.endsWith(':WARN:test:a warning'))).toBe(true);
      expect(warn.some((l) => l.endsWith(':ERROR:test:an error'))).toBe(true);
      expect(warn.some((l) => l.includes(':INFO:'))).toBe(false);
      expect((await c.ok('log level error')).every((l) => l.includes(':ERROR:'))).toBe(true);
      expect(await c.err('log level loud')).toMatch(/^ERR BAD_ARGUMENT unknown level 'loud'/);
    } finally {
      c.close();
    }
  });
});

describe('energy as a technician reads it', async () => {
  const { energyText } = await import('../../../src/station/console/commands/args.js');
  it('Wh below 10 kWh, kWh with two decimals from there', () => {
    expect(energyText(0)).toBe('0 Wh');
    expect(energyText(9_999)).toBe('9999 Wh');
    expect(energyText(10_000)).toBe('10.00 kWh');
    expect(energyText(123_456)).toBe('123.46 kWh');
  });
});
