import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 console with piped lines (no TTY)', () => {
  it('plain lines in, plain replies out: no prompt, no colour', async () => {
    const state = tempDir();
    const input = ['login service ng9service', 'network set 1 Wired0 ws://127.0.0.1:9/ocpp', 'network', 'reasons start 0x18', 'config set AuthCtrlr.AuthorizeRemoteStart maybe', 'bogus', 'masterpass'].join('\n');
    const r = await ng9(['console', '--state', state, '--id', 'CP-REPL'], { input: `${input}\n` });
    expect(r.stdout).not.toMatch(/ng9:|\x1b\[/);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l === 'OK')).toHaveLength(5);
    expect(lines).toContain('ERR UNKNOWN_COMMAND ' + lines.find((l) => l.startsWith('ERR UNKNOWN_COMMAND'))!.slice('ERR UNKNOWN_COMMAND '.length));
    expect(lines.some((l) => /^ERR BAD_ARGUMENT .*maybe/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/ws:\/\/127\.0\.0\.1:9\/ocpp/);
    // a line failed: exit code 1 for scripts
    expect(r.code).toBe(1);

    // what the REPL wrote is in the store
    const reasons = await ng9Json(['reasons', '--state', state, '--id', 'CP-REPL']);
    expect(reasons.data.start.mask).toBe(0x18);
  });

  it('exits 0 when every line succeeded, and stops at exit', async () => {
    const r = await ng9(['console', '--state', tempDir()], { input: 'version\nexit\nbogus\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6\.0\.0/);
    expect(r.stdout.trim().split('\n').pop()).toBe('OK');
    expect(r.stdout).not.toMatch(/ERR/);
  });
});
