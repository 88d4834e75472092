/** The CLI's own conventions: help that fits each command, environment defaults. */
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

describe('ng9 help and defaults', () => {
  it('serve and run list only the flags that make sense there', async () => {
    ensureBuilt();
    for (const command of ['serve', 'run']) {
      const help = await ng9([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/--state/);
      expect(help.stdout).not.toMatch(/--port|--json|--timeout|--service-password/);
    }
  });

  it('sim fleet says what it costs: one database for the fleet with --state, a file handle per station', async () => {
    const help = await ng9(['sim', 'fleet', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--state/);
    expect(help.stdout).toMatch(/fleet\.db/);
    expect(help.stdout).toMatch(/file handle.*\s*.*ulimit -n/s);
    expect(help.stdout).toMatch(/--workers=<value>\s+\[default: 1\] worker threads running the stations/);
    expect((await ng9(['sim', 'fleet', '--stations', '2', '--csms', 'http://x'])).code).toBe(2);
  });

  it('NG9_PORT names the charger for scripts that do not repeat --port', async () => {
    const r = await ng9(['status'], { env: { ...process.env, NG9_PORT: '/dev/ng9-no-such-port' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open \/dev\/ng9-no-such-port/);
  });

  it('every console command is a one-shot with the console words; --yes stands for confirm', async () => {
    const state = tempDir();
    const at = ['--state', state];
    // the README's provisioning line, in the console's own words
    const set = await ng9Json(['network', 'set', '2', 'Wireless0', 'wss://csms.example.com/ocpp', 'sp', '2', 'apn', 'internet', ...at, '--service-password', 'ng9service']);
    expect(set.code).toBe(0);
    expect(set.data).toMatchObject({ slot: 2, interface: 'Wireless0', securityProfile: 2 });
    // console commands with no CLI class of their own
    expect((await ng9Json(['plug', '1', ...at])).data).toMatchObject({ evseId: 1, plugged: true });
    expect((await ng9(['txerase', ...at, '--service-password', 'ng9service'])).code).toBe(1); // no confirm, no erase
    const erased = await ng9Json(['txerase', '--yes', ...at, '--service-password', 'ng9service']);
    expect(erased.code).toBe(0);
    const help = await ng9(['trace', '-h', ...at]);
    expect(help.stdout).toMatch(/trace on\|off/);
  });

  it('a typo gets a suggestion and the usage exit code; every failure has one JSON shape', async () => {
    const typo = await ng9(['netwrok']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/'netwrok' is not a ng9 command; did you mean 'ng9 network'\?/);
    const json = await ng9Json(['netwrok']);
    expect(json.code).toBe(2);
    expect(json.data).toEqual({ ok: false, error: { code: 'USAGE', message: expect.stringMatching(/did you mean 'ng9 network'/) } });
    const usage = await ng9Json(['network', 'priority', 'one', '1']);
    expect(usage.code).toBe(2);
    expect(usage.data).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    const lb = await ng9Json(['lb', 'safe']);
    expect(lb.code).toBe(2);
    expect(lb.data).toEqual({ ok: false, error: { code: 'USAGE', message: 'lb safe needs a value' } });
  });

  it('oclif conventions: ng9 help <command>, -h, -v', async () => {
    expect((await ng9(['help', 'network'])).stdout).toMatch(/List the network connection profiles/);
    expect((await ng9(['-h'])).stdout).toMatch(/USAGE\s+\$ ng9 \[COMMAND\]/);
    expect((await ng9(['-v'])).stdout).toMatch(/^ng9\/6\.0\.0 /);
    expect((await ng9(['autocomplete', '--help'])).code).toBe(0);
  });

  it('a station id that is no OCPP identity is a usage error (exit 2), before anything is opened', async () => {
    for (const id of ['../../escape', 'a/b', 'a:b', '']) {
      const r = await ng9(['status', '--id', id, '--state', tempDir()]);
      expect(r.code, id).toBe(2);
      expect(r.stderr, id).toMatch(/station id/);
    }
    const json = await ng9Json(['masterpass', '--id', 'a:b']);
    expect(json.data).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });
});
