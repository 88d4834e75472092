import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Console, openServiceConsole, tempDir } from './harness.js';

describe('console network', () => {
  let c: Console;
  beforeEach(() => {
    c = openServiceConsole();
  });
  afterEach(() => c.close());

  it('lists nothing on a new station', async () => {
    expect(await c.ok('network')).toEqual(['no network profiles: network set <slot> <interface> <url> (slots 0..3)']);
    expect((await c.json('network')).data).toEqual({ profiles: [], priority: [0], activeSlot: null, modem: expect.objectContaining({ present: true, phase: 'off' }) });
  });

  it('network set writes a profile; sp defaults to 0 on ws:// and 2 on wss://; the first profile of a fresh station goes first in priority', async () => {
    expect(await c.ok('network set 1 Wired0 wss://csms.example.com/ocpp')).toEqual([
      'slot  prio  interface  url                          sp  ocpp   apn  state',
      '1     1     Wired0     wss://csms.example.com/ocpp  2   2.0.1  -    active',
      'slot 1 is the first profile: it is now NetworkConfigurationPriority 1',
    ]);
    expect(c.station.network.priority()).toEqual([1, 0]);
    expect(c.station.network.get(1)).toEqual({
      ocppVersion: 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: 'wss://csms.example.com/ocpp',
      messageTimeout: 30,
      securityProfile: 2,
      ocppInterface: 'Wired0',
    });
    const r = await c.json('network set 2 Wireless0 ws://csms.example.com:8080/ocpp sp 1 apn "m2m.example" user bob password secret auth chap timeout 60 ocpp 1.6');
    expect(r).toEqual({
      ok: true,
      data: {
        slot: 2,
        priority: null,
        interface: 'Wireless0',
        url: 'ws://csms.example.com:8080/ocpp',
        securityProfile: 1,
        ocppVersion: '1.6',
        messageTimeout: 60,
        apn: { name: 'm2m.example', user: 'bob', passwordSet: true, simPinSet: false, authentication: 'CHAP' },
        state: 'unused',
        lastError: null,
        hint: "slot 2 is not in NetworkConfigurationPriority: 'network priority 2 <1-4>' to use it",
      },
    });
    expect(c.station.network.get(2)).toMatchObject({
      ocppVersion: 'OCPP16',
      apn: { apn: 'm2m.example', apnUserName: 'bob', apnPassword: 'secret', apnAuthentication: 'CHAP' },
    });
  });

  it('network set … pin <SIM PIN>: the apn.simPin of the profile (4-8 digits), only with an APN', async () => {
    c.session.state.service = true;
    expect((await c.json('network set 2 Wireless0 ws://two.example/ apn internet pin 0042')).data.apn).toMatchObject({ simPinSet: true });
    expect(c.station.network.get(2)?.apn).toMatchObject({ simPin: 42 });
    expect(await c.err('network set 2 Wireless0 ws://two.example/ apn internet pin 12')).toBe("ERR BAD_ARGUMENT a SIM PIN is 4 to 8 digits, got '12'");
    expect(await c.err('network set 2 Wireless0 ws://two.example/ pin 1234')).toBe("ERR BAD_ARGUMENT 'pin' belongs to an APN: give 'apn <name>' before it");
  });

  it('Wireless1 (wifi) is NOT_SUPPORTED; the other unused interfaces are bad arguments', async () => {
    expect(await c.err('network set 1 Wireless1 ws://x.example/')).toBe(
      'ERR NOT_SUPPORTED Wireless1 (wifi) is not supported yet: use Wired0 (ethernet) or Wireless0 (mobile network)',
    );
    expect((await c.json('network set 1 wireless1 ws://x.example/')).error?.code).toBe('NOT_SUPPORTED');
    expect(await c.err('network set 1 Wired3 ws://x.example/')).toBe('ERR BAD_ARGUMENT Wired3 is not used on this charger: use Wired0 (ethernet) or Wireless0 (mobile network)');
    expect(await c.err('network set 1 eth0 ws://x.example/')).toMatch(/^ERR BAD_ARGUMENT unknown interface 'eth0'/);
    expect(await c.err('network set 1 Wired0 ws://x.example/ sp 3')).toBe('ERR BAD_ARGUMENT security profile 3 needs a wss:// url (TLS)');
    expect(await c.err('network set 1 Wired0 https://x.example/')).toMatch(/must start with ws:\/\/ or wss:\/\//);
    expect(await c.err('network set 4 Wired0 ws://x.example/')).toBe('ERR BAD_ARGUMENT slot must be 0..3, got 4');
    expect(c.station.network.list()).toEqual([]);
  });

  it('network priority: 1 highest .. 4 lowest, off, and the active state', async () => {
    await c.ok('network set 1 Wired0 ws://one.example/');
    await c.ok('network set 2 Wireless0 ws://two.example/ apn internet');
    expect(await c.ok('network priority 1 1')).toEqual([
      'NetworkConfigurationPriority 1,0',
      'the station connects with slot 1 when it starts',
      'slot  prio  interface  url                sp  ocpp   apn       state',
      '1     1     Wired0     ws://one.example/  0   2.0.1  -         active',
      '2     -     Wireless0  ws://two.example/  0   2.0.1  internet  unused',
    ]);
    const r = await c.json('network priority 2 1');
    expect(r.data.priority).toEqual([2, 1, 0]);
    expect(r.data.activeSlot).toBe(2);
    expect(r.data.profiles.map((p: any) => [p.slot, p.priority, p.state])).toEqual([
      [1, 2, 'standby'],
      [2, 1, 'active'],
    ]);
    expect(c.station.model.getString('OCPPCommCtrlr.NetworkConfigurationPriority')).toBe('2,1,0');
    await c.ok('network priority 2 off');
    expect(c.station.network.priority()).toEqual([1, 0]);
    expect(await c.err('network priority 3 1')).toBe("ERR BAD_ARGUMENT slot 3 holds no profile: write one first (network set 3 ...)");
    expect(await c.err('network priority 1 high')).toMatch(/^ERR BAD_ARGUMENT priority \(or off\) must be a whole number 1\.\.4/);
  });

  it('network remove refuses a profile in use', async () => {
    await c.ok('network set 1 Wired0 ws://one.example/');
    await c.ok('network set 3 Wired0 ws://three.example/');
    await c.ok('network priority 1 1');
    expect(await c.err('network remove 1')).toBe("ERR BAD_ARGUMENT slot 1 is in use (priority 1): take it out first with 'network priority 1 off'");
    expect(await c.ok('network remove 3')).toEqual(['slot 3 removed']);
    expect((await c.json('network remove 2')).error).toEqual({ code: 'BAD_ARGUMENT', message: 'slot 2 holds no profile' });
    expect(c.station.network.list().map((e) => e.slot)).toEqual([1]);
  });

  it('shows the interface names', async () => {
    const r = await c.json('network interfaces');
    expect(r.data.interfaces).toContainEqual({ interface: 'Wireless1', use: 'wifi (not supported yet)', supported: false });
    expect(r.data.interfaces).toContainEqual({ interface: 'Wired0', use: 'ethernet', supported: true });
  });
});

describe('console network persistence', () => {
  it('profiles and priority survive reopening the station', async () => {
    const tmp = tempDir();
    try {
      const a = openServiceConsole({ stateDir: tmp.dir });
      await a.ok('network set 2 Wireless0 wss://csms.example.com/ocpp apn internet');
      await a.ok('network set 1 Wired0 ws://lan.example/ocpp');
      await a.ok('network priority 2 1');
      await a.ok('network priority 1 2');
      const before = await a.json('network');
      await a.close();
      const b = openServiceConsole({ stateDir: tmp.dir });
      expect(await b.json('network')).toEqual(before);
      expect(before.data.priority).toEqual([2, 1, 0]);
      await b.close();
    } finally {
      tmp.remove();
    }
  });
});
