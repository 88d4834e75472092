/**
 * Who may change what (issue 14): security settings need the service
 * login, wrong passwords lock it out for longer each time (on the station
 * clock), and the service password can be changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeClock } from '../../../src/station/clock.js';
import { type Console, openConsole } from './harness.js';

let c: Console;
afterEach(() => c?.close());

describe('security settings need the service login', () => {
  it('network set / priority / remove and config set of security variables are DENIED without login; reading stays open; nothing changed', async () => {
    c = openConsole();
    for (const line of [
      'network set 1 Wired0 ws://evil.example/ocpp',
      'network priority 1 1',
      'network remove 1',
      'config set SecurityCtrlr.BasicAuthPassword 0123456789abcdef0123',
      'config set AuthorizationKey 0123456789abcdef0123',
      'config set OCPPCommCtrlr.NetworkConfigurationPriority 1',
      'config set SecurityCtrlr.OrganizationName Evil',
    ]) {
      expect(await c.err(line), line).toMatch(/^ERR DENIED /);
    }
    expect(c.station.network.list()).toEqual([]);
    expect(c.station.model.getString('SecurityCtrlr.OrganizationName')).not.toBe('Evil');
    await c.ok('network');
    await c.ok('config get SecurityCtrlr.SecurityProfile');
    await c.ok('config set HeartbeatInterval 120'); // not a security setting
    await c.ok('login service ng9service');
    await c.ok('network set 1 Wired0 ws://csms.example/ocpp');
    await c.ok('config set SecurityCtrlr.OrganizationName NG9');
  });
});

describe('service login lockout', () => {
  it('three wrong passwords are free, then 2, 4, 8 … s locked (the right one too), up to 300 s; a security event is raised; the lock runs on the station clock', async () => {
    c = openConsole();
    const clock = c.station.clock as FakeClock;
    for (let i = 0; i < 2; i++) expect(await c.err('login service wrong')).toBe('ERR DENIED wrong service password');
    expect(await c.err('login service wrong')).toBe('ERR DENIED wrong service password; locked for 2 s');
    expect(await c.err('login service ng9service')).toMatch(/^ERR DENIED service login locked for 2 s/);
    await clock.advance(2000);
    expect(await c.err('login service wrong')).toBe('ERR DENIED wrong service password; locked for 4 s');
    await clock.advance(3999);
    expect(await c.err('login service ng9service')).toMatch(/locked for 1 s/);
    await clock.advance(1);
    for (let i = 0; i < 12; i++) {
      await c.run('login service wrong');
      await clock.advance(300_000);
    }
    expect(await c.err('login service wrong')).toBe('ERR DENIED wrong service password; locked for 300 s');
    expect(c.station.log.recent(50).some((l) => l.level === 'WARN' && /locked for 300 s/.test(l.text))).toBe(true);
    await clock.advance(300_000);
    await c.ok('login service ng9service');
    // a good login resets the count
    await c.ok('logout');
    expect(await c.err('login service wrong')).toBe('ERR DENIED wrong service password');
  });

  it('2,000 wrong attempts in 10 s: all refused, and the right password is refused too until the lock ends', async () => {
    c = openConsole();
    for (let i = 0; i < 2000; i++) await c.run('login service guess');
    expect(await c.err('login service ng9service')).toMatch(/^ERR DENIED service login locked/);
  });
});

describe('changing the service password', () => {
  it('login password <new> while logged in: stored hashed, the old one stops working; not without login, not too short', async () => {
    c = openConsole();
    expect(await c.err('login password s3cret-pass')).toMatch(/^ERR DENIED/);
    await c.ok('login service ng9service');
    expect(await c.err('login password short')).toMatch(/^ERR BAD_ARGUMENT .*8\.\.64 characters/);
    expect(await c.ok('login password s3cret-pass')).toEqual(['service password changed']);
    expect(c.station.store.getMeta('service.password')).toMatch(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/);
    expect(c.station.log.recent(20).map((l) => l.text).join('\n')).not.toContain('s3cret-pass');
    await c.ok('logout');
    expect(await c.err('login service ng9service')).toBe('ERR DENIED wrong service password');
    await c.ok('login service s3cret-pass');
  });

  it('help login does not print the default password', async () => {
    c = openConsole();
    expect((await c.ok('help login')).join('\n')).not.toContain('ng9service');
    expect((await c.ok('help txerase')).join('\n')).not.toContain('ng9service');
  });
});
