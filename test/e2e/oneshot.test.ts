import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

/** Network settings need the service login (issue 14). */
const SERVICE = ['--service-password', 'ng9service'];

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 version', () => {
  it('prints firmware 6.0.0 and bootloader 1.2.0, as text and JSON', async () => {
    const state = tempDir();
    const text = await ng9(['version', '--state', state]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^firmware\s+6\.0\.0$/m);
    expect(text.stdout).toMatch(/^bootloader\s+1\.2\.0$/m);
    expect(text.stdout).not.toMatch(/\x1b\[/);
    const json = await ng9Json(['version', '--state', state, '--id', 'CP-V']);
    expect(json.code).toBe(0);
    expect(json.data).toMatchObject({ firmware: '6.0.0', bootloader: '1.2.0', platform: expect.any(String), serialNumber: expect.any(String), stationId: 'CP-V' });
  });

  it('answers the same through oclif as through the fast path', async () => {
    const state = tempDir();
    const fast = await ng9(['version', '--state', state]);
    const oclif = await ng9(['version', '--state', state, '--ocpp', '2.0.1']);
    expect(oclif.code).toBe(0);
    expect(oclif.stdout).toBe(fast.stdout);
  });
});

describe('provisioning an embedded station, offline, against its store', () => {
  it('network set / list / priority / add / remove', async () => {
    const state = tempDir();
    const set = await ng9Json(['network', 'set', '1', 'Wired0', 'ws://127.0.0.1:9/ocpp', '--sp', '0', '--state', state, ...SERVICE]);
    expect(set.code).toBe(0);
    expect(set.data).toMatchObject({ slot: 1, interface: 'Wired0', url: 'ws://127.0.0.1:9/ocpp' });

    const prio = await ng9(['network', 'priority', '1', '1', '--state', state, ...SERVICE]);
    expect(prio.code).toBe(0);

    const list = await ng9Json(['network', '--state', state]);
    expect(list.data.profiles).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 1, priority: 1, url: 'ws://127.0.0.1:9/ocpp' })]));

    const table = await ng9(['network', '--state', state]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ 1 +│ 1 +│ Wired0 +│ ws:\/\/127\.0\.0\.1:9\/ocpp/);
    expect(table.stdout).not.toMatch(/\x1b\[/);

    const add = await ng9Json(['network', 'add', '2', '--url', 'wss://csms.example.com/ocpp', '--interface', 'Wireless0', '--apn', 'internet', ...SERVICE, '--state', state]);
    expect(add.code).toBe(0);
    expect(add.data).toMatchObject({ slot: 2, interface: 'Wireless0', url: 'wss://csms.example.com/ocpp' });

    const remove = await ng9(['network', 'remove', '2', '--state', state, ...SERVICE]);
    expect(remove.code).toBe(0);
    const after = await ng9Json(['network', '--state', state]);
    expect(after.data.profiles.map((p: { slot: number }) => p.slot)).not.toContain(2);
  });

  it('reasons start 0x18 shows in reasons', async () => {
    const state = tempDir();
    expect((await ng9(['reasons', 'start', '0x18', '--state', state])).code).toBe(0);
    const reasons = await ng9Json(['reasons', '--state', state]);
    expect(reasons.data.start).toMatchObject({ mask: 0x18 });
    expect(reasons.data.start.names).toEqual(expect.arrayContaining(['TX_AUTHORIZED', 'TX_EV_CONNECTED']));
    const text = await ng9(['reasons', '--state', state]);
    expect(text.stdout).toMatch(/TX_AUTHORIZED/);
  });

  it('masterpass set, show, clear', async () => {
    const state = tempDir();
    expect((await ng9(['masterpass', 'MASTER01', '--state', state])).code).toBe(0);
    expect((await ng9Json(['masterpass', '--state', state])).data).toMatchObject({ groupId: 'MASTER01' });
    expect((await ng9(['masterpass', 'clear', '--state', state])).code).toBe(0);
    const cleared = (await ng9Json(['masterpass', '--state', state])).data;
    expect(cleared.groupId ?? '').toBe('');
  });

  it('config set/get; a rejected boolean exits 1 and changes nothing', async () => {
    const state = tempDir();
    const key = 'AuthCtrlr.AuthorizeRemoteStart';
    const before = await ng9Json(['config', 'get', key, '--state', state]);
    expect(before.code).toBe(0);
    expect(before.data).toMatchObject({ key, value: expect.anything() });

    const bad = await ng9(['config', 'set', key, 'maybe', '--state', state]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^Error: .*maybe.* \(BAD_ARGUMENT\)$/m);

    const badJson = await ng9Json(['config', 'set', key, 'maybe', '--state', state]);
    expect(badJson.code).toBe(1);
    expect(badJson.data).toEqual({ ok: false, error: { code: 'BAD_ARGUMENT', message: expect.any(String) } });

    const after = await ng9Json(['config', 'get', key, '--state', state]);
    expect(after.data.value).toEqual(before.data.value);

    const flipped = String(before.data.value).toLowerCase() === 'true' ? 'false' : 'true';
    expect((await ng9(['config', 'set', key, flipped, '--state', state])).code).toBe(0);
    expect(String((await ng9Json(['config', 'get', key, '--state', state])).data.value).toLowerCase()).toBe(flipped);
  });

  it('keeps each station id in its own folder', async () => {
    const state = tempDir();
    await ng9(['masterpass', 'A1', '--state', state, '--id', 'CP-A']);
    expect((await ng9Json(['masterpass', '--state', state, '--id', 'CP-B'])).data.groupId ?? '').toBe('');
    expect((await ng9Json(['masterpass', '--state', state, '--id', 'CP-A'])).data.groupId).toBe('A1');
  });
});

describe('errors and exit codes', () => {
  it('an ERR reply: one stderr line, exit 1', async () => {
    const r = await ng9(['exec', 'bogus words', '--state', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .* \(UNKNOWN_COMMAND\)\n$/);
  });

  it('usage errors exit 2 before anything is sent', async () => {
    const state = tempDir();
    expect((await ng9(['network', 'set', '1', '--state', state])).code).toBe(2);
    expect((await ng9(['network', 'priority', 'one', '1', '--state', state])).code).toBe(2);
    expect((await ng9(['network', 'set', '1', 'Wired0', 'ws://x', '--apn-user', 'u', '--state', state])).code).toBe(2);
  });

  it('a wrong serial path: one clear line, exit 2', async () => {
    const r = await ng9(['status', '--port', '/dev/ttyUSB9']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Error: cannot open /dev/ttyUSB9: No such file or directory — check the cable and `ls /dev/ttyUSB* /dev/ttyACM*`\n');
    const json = await ng9Json(['status', '--port', '/dev/ttyUSB9']);
    expect(json.code).toBe(2);
    expect(json.data).toMatchObject({ ok: false, error: { code: 'PORT', message: expect.stringContaining('cannot open /dev/ttyUSB9') } });
  });

  it('destructive commands need --service-password', async () => {
    const state = tempDir();
    const denied = await ng9(['exec', 'log-erase confirm', '--state', state]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/\(DENIED\)/);
    const wrong = await ng9(['exec', 'log-erase confirm', '--state', state, '--service-password', 'nope']);
    expect(wrong.code).toBe(1);
    const ok = await ng9(['exec', 'log-erase confirm', '--state', state, '--service-password', 'ng9service']);
    expect(ok.code).toBe(0);
  });
});
