import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Console, openConsole, tempDir } from './harness.js';

describe('console config', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('lists keys with 2.0.1 and 1.6 names, value and mutability', async () => {
    expect(await c.ok('config heartbeatinterval')).toEqual([
      'key                              ocpp1.6            value  mutability',
      'OCPPCommCtrlr.HeartbeatInterval  HeartbeatInterval  300    ReadWrite',
    ]);
    const r = await c.json('config heartbeat');
    expect(r.data.keys).toEqual([
      { key: 'OCPPCommCtrlr.HeartbeatInterval', ocpp16Key: 'HeartbeatInterval', value: '300', mutability: 'ReadWrite', dataType: 'integer', unit: 's' },
    ]);
    expect((await c.json('config')).data.keys.length).toBeGreaterThan(50);
    expect(await c.ok('config zzz-no-such')).toEqual(["no key matches 'zzz-no-such'"]);
  });

  it('config get takes either notation, any case', async () => {
    const expected = { key: 'OCPPCommCtrlr.HeartbeatInterval', ocpp16Key: 'HeartbeatInterval', value: '300', mutability: 'ReadWrite', dataType: 'integer', unit: 's' };
    expect((await c.json('config get HeartbeatInterval')).data).toEqual(expected);
    expect((await c.json('config get ocppcommctrlr.heartbeatinterval')).data).toEqual(expected);
    expect(await c.err('config get NoSuchKey')).toBe("ERR BAD_ARGUMENT unknown key 'NoSuchKey': 'config <filter>' lists the keys");
  });

  it('shows WriteOnly values as (write-only)', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    expect(await c.ok('config get SecurityCtrlr.BasicAuthPassword')).toEqual(['SecurityCtrlr.BasicAuthPassword  AuthorizationKey  (write-only)  WriteOnly']);
    expect((await c.json('config get AuthorizationKey')).data).toMatchObject({ value: null, mutability: 'WriteOnly' });
    await c.ok('config set AuthorizationKey 0123456789abcdef0123');
    expect(c.station.model.getString('SecurityCtrlr.BasicAuthPassword')).toBe('0123456789abcdef0123');
  });

  it('config set validates as SetVariables does: TRUE accepted, yes rejected', async () => {
    await c.ok('config set AuthCtrlr.LocalPreAuthorize TRUE');
    expect(c.station.model.getBoolean('AuthCtrlr.LocalPreAuthorize')).toBe(true);
    expect((await c.json('config get AuthCtrlr.LocalPreAuthorize')).data.value).toBe('True');
    await c.ok('config set LocalPreAuthorize false');
    expect(c.station.model.getBoolean('AuthCtrlr.LocalPreAuthorize')).toBe(false);
    expect(await c.err('config set AuthCtrlr.LocalPreAuthorize yes')).toMatch(/^ERR BAD_ARGUMENT 'AuthCtrlr\.LocalPreAuthorize' rejected: .*true or false/);
    expect(c.station.model.getBoolean('AuthCtrlr.LocalPreAuthorize')).toBe(false);
  });

  it('config set reports range, read-only and unknown keys as BAD_ARGUMENT', async () => {
    expect((await c.json('config set HeartbeatInterval 60')).data).toMatchObject({ key: 'OCPPCommCtrlr.HeartbeatInterval', value: '60', status: 'Accepted' });
    expect(await c.err('config set HeartbeatInterval 0')).toMatch(/^ERR BAD_ARGUMENT 'HeartbeatInterval' rejected: 0 is out of range 1\.\.86400/);
    expect(await c.err('config set SecurityCtrlr.SecurityProfile 3')).toMatch(/^ERR BAD_ARGUMENT 'SecurityCtrlr.SecurityProfile' rejected: .*read-only/);
    expect(await c.err('config set Bogus.Key 1')).toBe("ERR BAD_ARGUMENT unknown key 'Bogus.Key': 'config <filter>' lists the keys");
    expect(await c.err('config set BackOffice-URL-wired ws://x')).toBe(
      "ERR BAD_ARGUMENT 'BackOffice-URL-wired' was removed in firmware 6.0.0: the backoffice connection is a network profile now ('help network')",
    );
    expect(await c.err('config get "ws timeout"')).toMatch(/^ERR BAD_ARGUMENT 'ws timeout' was removed in firmware 6\.0\.0/);
    expect(c.station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(60);
  });

  it('a quoted value with spaces is one value', async () => {
    c.session.state.service = true; // the technician logged in: security settings need it
    await c.ok('config set SecurityCtrlr.OrganizationName "NG9 Charging B.V."');
    expect(c.station.model.getString('SecurityCtrlr.OrganizationName')).toBe('NG9 Charging B.V.');
    expect(await c.ok('config get SecurityCtrlr.OrganizationName')).toEqual(['SecurityCtrlr.OrganizationName  CpoName  "NG9 Charging B.V."  ReadWrite']);
  });
});

describe('console masterpass', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  const value = () => c.station.model.getString('AuthCtrlr.MasterPassGroupId');

  it('shows, sets and clears AuthCtrlr.MasterPassGroupId', async () => {
    expect((await c.json('masterpass')).data).toEqual({ groupId: null });
    expect(await c.ok('masterpass LAW-ENFORCEMENT')).toEqual(['masterpass LAW-ENFORCEMENT']);
    expect(value()).toBe('LAW-ENFORCEMENT');
    expect((await c.json('masterpass')).data).toEqual({ groupId: 'LAW-ENFORCEMENT' });
    expect(await c.ok('masterpass CLEAR')).toEqual(['masterpass not set']);
    expect(value()).toBe('');
  });

  it('takes 1 to 36 characters (release notes: tag minimum length 1)', async () => {
    await c.ok('masterpass X');
    expect(value()).toBe('X');
    const max = 'A'.repeat(36);
    await c.ok(`masterpass ${max}`);
    expect(value()).toBe(max);
    expect(await c.err(`masterpass ${'B'.repeat(37)}`)).toBe("ERR BAD_ARGUMENT group id must be 1..36 characters, got 37 ('masterpass clear' removes it)");
    expect(await c.err('masterpass ""')).toBe("ERR BAD_ARGUMENT group id must be 1..36 characters, got 0 ('masterpass clear' removes it)");
    expect(value()).toBe(max);
  });
});

describe('console od and p1', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('od get / set / list reach the P1 settings', async () => {
    expect((await c.json('od get 2191_01')).data).toEqual({ id: '2191_01', key: 'P1SmartMeter.Interface', value: 'serial' });
    expect((await c.json('od set 2191_03 2323')).data).toEqual({ id: '2191_03', key: 'P1SmartMeter.Port', value: '2323', status: 'Accepted' });
    expect(c.station.model.getNumber('P1SmartMeter.Port')).toBe(2323);
    expect(await c.err('od set 2191_03 70000')).toMatch(/^ERR BAD_ARGUMENT '2191_03' rejected: 70000 is out of range 1\.\.65535/);
    expect(await c.err('od get 1234_56')).toBe("ERR BAD_ARGUMENT unknown object '1234_56': 'od list' shows the objects");
    const list = (await c.json('od list')).data.objects;
    expect(list.map((o: any) => o.id)).toEqual(['2191_01', '2191_02', '2191_03']);
    expect(await c.ok('od list 2191_02')).toEqual(['2191_02  P1SmartMeter.Host  ""  ReadWrite']);
    expect(await c.err('od')).toMatch(/^ERR BAD_ARGUMENT use od get/);
  });

  it('p1 interface / host / port write OD 2191_01..03', async () => {
    await c.ok('p1 interface TELNET');
    await c.ok('p1 host 192.168.1.50');
    const r = await c.json('p1 port 2000');
    expect(r.data).toMatchObject({ interface: 'telnet', host: '192.168.1.50', port: 2000 });
    expect((await c.json('od get 2191_01')).data.value).toBe('telnet');
    expect((await c.json('od get 2191_02')).data.value).toBe('192.168.1.50');
    await c.ok('p1 host p1-gateway.local');
    expect(c.station.model.getString('P1SmartMeter.Host')).toBe('p1-gateway.local');
    expect(await c.err('p1 host 256.1.1.1')).toBe("ERR BAD_ARGUMENT '256.1.1.1' is not a valid IPv4 address");
    expect(await c.err('p1 host bad_host!')).toBe("ERR BAD_ARGUMENT 'bad_host!' is not a valid IP address or host name");
    expect(await c.err('p1 port 0')).toBe('ERR BAD_ARGUMENT port must be 1..65535, got 0');
    expect(await c.err('p1 interface usb')).toBe("ERR BAD_ARGUMENT unknown P1 interface 'usb': use serial|telnet");
    expect(c.station.model.getString('P1SmartMeter.Host')).toBe('p1-gateway.local');
  });

  it('p1 dump without a telegram', async () => {
    expect(await c.ok('p1 dump')).toEqual(['no telegram received']);
    expect((await c.json('p1 dump')).data).toEqual({ telegram: null });
  });
});

describe('console config persistence', () => {
  it('values written on the console survive reopening the station', async () => {
    const tmp = tempDir();
    try {
      const a = openConsole({ stateDir: tmp.dir });
      await a.ok('config set HeartbeatInterval 120');
      await a.ok('reasons start 0x18');
      await a.ok('masterpass POLICE');
      await a.ok('p1 port 2323');
      await a.close();
      const b = openConsole({ stateDir: tmp.dir });
      expect((await b.json('config get HeartbeatInterval')).data.value).toBe('120');
      expect((await b.json('reasons')).data.start.hex).toBe('0x18');
      expect((await b.json('masterpass')).data.groupId).toBe('POLICE');
      expect((await b.json('p1')).data.port).toBe(2323);
      await b.close();
    } finally {
      tmp.remove();
    }
  });
});
