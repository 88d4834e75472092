import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Console, openConsole, snapshot } from './harness.js';

describe('console framing', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('text mode: reply lines then OK, or one ERR line', async () => {
    expect(await c.run('masterpass')).toEqual(['masterpass not set', 'OK']);
    expect(await c.run('frobnicate now')).toEqual(["ERR UNKNOWN_COMMAND unknown command 'frobnicate', type 'help' for the list"]);
    expect(await c.run('json maybe')).toEqual(["ERR BAD_ARGUMENT 'maybe' is not on or off: json on|off"]);
  });

  it('json on answers in JSON already; json off answers in text', async () => {
    expect(await c.run('json on')).toEqual(['{"ok":true,"data":{"json":true}}']);
    expect(await c.run('masterpass')).toEqual(['{"ok":true,"data":{"groupId":null}}']);
    expect(await c.run('nonsense')).toEqual([
      JSON.stringify({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: "unknown command 'nonsense', type 'help' for the list" } }),
    ]);
    expect(await c.run('reasons start 0x40')).toEqual([
      JSON.stringify({ ok: false, error: { code: 'BAD_ARGUMENT', message: 'mask 0x40 out of range: bits 0..5 only (0x00..0x3F)' } }),
    ]);
    expect(await c.run('json off')).toEqual(['json off', 'OK']);
    expect(c.session.state.json).toBe(false);
  });

  it('every JSON reply is exactly one line', async () => {
    await c.run('json on');
    for (const line of ['help', 'version', 'status', 'network', 'reasons', 'p1', 'config heartbeat', 'od list', 'log 3', 'date']) {
      const out = (await c.run(line)).filter((l) => !l.startsWith('{"event"'));
      expect(out, line).toHaveLength(1);
      expect(JSON.parse(out[0]!).ok, line).toBe(true);
    }
  });

  it('command words are case-insensitive, values keep their case', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    expect(await c.ok('MASTERPASS Police-Group')).toEqual(['masterpass Police-Group']);
    expect(await c.ok('MasterPass')).toEqual(['masterpass Police-Group']);
    expect((await c.json('NETWORK SET 1 WIRED0 ws://Host.Example/OCPP')).data).toMatchObject({ interface: 'Wired0', url: 'ws://Host.Example/OCPP' });
  });

  it('double-quoted values may hold spaces and escaped quotes', async () => {
    expect(await c.ok('masterpass "group with spaces"')).toEqual(['masterpass group with spaces']);
    expect((await c.json('masterpass "say \\"hi\\""')).data).toEqual({ groupId: 'say "hi"' });
    expect(await c.err('masterpass "unterminated')).toBe('ERR BAD_ARGUMENT unterminated quote');
  });

  it('an empty line answers OK with no data', async () => {
    expect(await c.run('')).toEqual(['OK']);
    expect(await c.json('   ')).toEqual({ ok: true, data: null });
  });

  it('a bad line changes nothing', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    await c.ok('network set 1 Wired0 ws://csms.example.com/ocpp');
    await c.ok('network priority 1 1');
    await c.ok('masterpass ABC');
    c.session.state.service = false; // the bad lines come from someone not logged in
    const before = snapshot(c.station);
    const bad = [
      'network set 9 Wired0 ws://x/',
      'network set 2 Wireless1 ws://x/',
      'network set 2 Wired1 ws://x/',
      'network set 2 Wired0 http://x/',
      'network set 2 Wired0 ws://x/ sp 2',
      'network set 2 Wired0 ws://x/ sp 7',
      'network set 2 Wired0 ws://x/ apn internet',
      'network set 2 Wireless0 ws://x/ user bob',
      'network set 2 Wireless0 ws://x/ bogus 1',
      'network priority 2 1',
      'network priority 1 5',
      'network priority 1 off extra',
      'network remove 1',
      'network remove 2',
      'reasons start 0',
      'reasons start 0x40',
      'reasons start TX_NOPE',
      'reasons stop TX_DATA_SIGNED',
      'reasons stop 4',
      'reasons sideways 3',
      'masterpass 1234567890123456789012345678901234567',
      'masterpass ""',
      'config set HeartbeatInterval -1',
      'config set HeartbeatInterval abc',
      'config set AuthCtrlr.Enabled yes',
      'config set NoSuchKey 1',
      'config set SecurityCtrlr.Identity x',
      'config set HeartbeatInterval',
      'od set 2191_03 0',
      'od set 9999_99 1',
      'p1 host 1.2.3',
      'p1 host -bad-',
      'p1 port 65536',
      'p1 interface usb',
      'date 2026-02-30 10:00:00',
      'date 2026-01-01 25:00:00',
      'date yesterday',
      'log 0',
      'log-erase confirm',
      'eepromx erase config confirm',
      'login service wrong',
      'login admin ng9service',
      'reset medium',
      'plug 3',
      'plug 0',
      'swipe 1234567890123456789012345678901234567',
      'ev 1 soc 101',
      'ev 1 phases 4',
      'ev 1 fly',
      'parking 1 maybe',
      'lock fail 9',
      'clock advance soon',
      'json maybe',
      'trace',
      'version extra',
      'help nosuch',
    ];
    for (const line of bad) {
      const out = await c.run(line);
      expect(out.at(-1), line).toMatch(/^ERR [A-Z_]+ \S/);
      expect(snapshot(c.station), line).toBe(before);
    }
    expect(c.session.state).toEqual({ json: false, trace: false, service: false });
  });
});
