/**
 * The serial end-to-end: a socat pty pair is the cable. `ng9 serve --serial A`
 * is the charger; one-shot commands and the REPL talk to it with `--port B`.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, ng9Json, tempDir } from './helpers.js';
import { type PtyPair, rawTerminal, socatInstalled, startPtyPair } from './socat.js';

describe.skipIf(!socatInstalled('test/e2e/serial.test.ts'))('over a serial cable (socat pty pair)', () => {
  let socat: PtyPair | undefined;
  let serve: LongRunning;
  let a: string;
  let b: string;
  let state: string;

  beforeAll(async () => {
    ensureBuilt();
    const dir = tempDir('ng9-pty-');
    a = join(dir, 'A');
    b = join(dir, 'B');
    state = tempDir();
    socat = await startPtyPair(a, b);
    serve = new LongRunning(['serve', '--serial', a, '--state', state, '--id', 'CP-SERIAL']);
    await serve.waitFor(/answering its console/);
  }, 300_000);

  afterAll(async () => {
    await serve?.stop();
    await socat?.stop();
    cleanupTemps();
  });

  it('a person at a terminal (picocom): echo, Backspace, a prompt, history on the arrows; json on makes it a machine session', async () => {
    const term = await rawTerminal(b);
    try {
      term.send('\r'); // Enter on an empty line: a fresh prompt
      await term.until(/ng9:CP-SERIAL> $/);
      term.send('statx\x7fus\r');
      const shown = await term.until(/\r\nOK\r\nng9:CP-SERIAL> $/);
      expect(shown).toContain('statx\b \bus\r\n');
      expect(shown).toMatch(/CP-SERIAL/);
      term.send('\x1b[A\r'); // the up arrow brings `status` back
      expect(await term.until(/\r\nOK\r\nng9:CP-SERIAL> $/)).toMatch(/^status\r\n/);
      term.send('json on\r');
      expect(await term.until(/\{"ok":true,"data":\{"json":true\}\}\r\n$/)).toMatch(/^json on\r\n/);
      term.send('version\r');
      expect(await term.until(/\}\}\r\n$/)).toMatch(/^\{"ok":true/); // no echo, no prompt
    } finally {
      await term.close();
    }
  });

  it('provisions the charger with --port and reads it back', async () => {
    const set = await ng9Json(['network', 'set', '1', 'Wired0', 'ws://127.0.0.1:9/ocpp', '--port', b, '--service-password', 'ng9service']);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.data).toMatchObject({ slot: 1, interface: 'Wired0', url: 'ws://127.0.0.1:9/ocpp' });

    const add = await ng9Json(['network', 'add', '2', '--url', 'wss://csms.example.com/ocpp', '--port', b, '--service-password', 'ng9service']);
    expect(add.code).toBe(0);

    const status = await ng9(['status', '--port', b]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/CP-SERIAL/);

    const list = await ng9Json(['network', '--port', b]);
    expect(list.data.profiles.map((p: { slot: number }) => p.slot)).toEqual(expect.arrayContaining([1, 2]));

    const bad = await ng9(['config', 'set', 'AuthCtrlr.AuthorizeRemoteStart', 'maybe', '--port', b]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\(BAD_ARGUMENT\)/);
  });

  it('runs the REPL over the cable in text mode', async () => {
    const r = await ng9(['console', '--port', b], { input: 'reasons start 0x18\nbogus\nnetwork\n' });
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l === 'OK').length).toBe(2);
    expect(lines.some((l) => l.startsWith('ERR UNKNOWN_COMMAND'))).toBe(true);
    expect(r.stdout).toMatch(/ws:\/\/127\.0\.0\.1:9\/ocpp/);
    expect(r.code).toBe(1);
  });

  it('pulling the cable does not end the console: it answers again once the cable is back', async () => {
    await socat!.stop(); // the cable is pulled
    await serve.waitFor(/waiting for the cable/);
    socat = await startPtyPair(a, b); // and plugged in again
    await serve.waitFor(/is back/, 15_000);
    const status = await ng9Json(['status', '--port', b]);
    expect(status.code).toBe(0);
    expect(status.data.stationId).toBe('CP-SERIAL');
  });

  it('the charger kept it all in its store', async () => {
    expect(await serve.stop()).toBe(0);
    const list = await ng9Json(['network', '--state', state, '--id', 'CP-SERIAL']);
    expect(list.data.profiles).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 1, url: 'ws://127.0.0.1:9/ocpp' })]));
    const reasons = await ng9Json(['reasons', '--state', state, '--id', 'CP-SERIAL']);
    expect(reasons.data.start.mask).toBe(0x18);
  });
});
