import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 backoffice + ng9 run', () => {
  it('the station boots against the demo backoffice, and both stop on SIGINT', async () => {
    const backoffice = new LongRunning(['backoffice', '--port', '0']);
    let run: LongRunning | undefined;
    try {
      const [, url] = await backoffice.waitFor(/listening on (ws:\/\/127\.0\.0\.1:\d+)/);
      run = new LongRunning(['run', '--csms', url!, '--state', tempDir(), '--id', 'CP-RUN']);
      await backoffice.waitFor(/CP-RUN.*BootNotification|BootNotification.*CP-RUN/);
      await run.waitFor(/registration Accepted/);
      expect(await run.stop()).toBe(0);
      expect(run.stdout).toMatch(/SIGINT: stopping CP-RUN/);
    } finally {
      await run?.stop();
      expect(await backoffice.stop()).toBe(0);
    }
  });
});

describe('an unreachable CSMS', () => {
  it('ng9 run keeps running and retrying (it does not exit) until SIGINT', async () => {
    const state = tempDir();
    for (const [key, value] of [['OCPPCommCtrlr.RetryBackOffWaitMinimum', '1'], ['OCPPCommCtrlr.RetryBackOffRandomRange', '0']]) {
      expect((await ng9(['config', 'set', key!, value!, '--state', state, '--id', 'CP-DOWN'])).code).toBe(0);
    }
    const run = new LongRunning(['run', '--csms', 'ws://127.0.0.1:1/ocpp', '--state', state, '--id', 'CP-DOWN']);
    try {
      await run.waitFor(/cannot reach the CSMS: connect ECONNREFUSED/);
      await run.waitFor(/cannot reach the CSMS: connect ECONNREFUSED[\s\S]*cannot reach the CSMS: connect ECONNREFUSED/);
      expect(await run.stop()).toBe(0);
    } finally {
      await run.stop();
    }
  });

  it('ng9 console says so in one warning line with what to check, and still answers', async () => {
    const r = await ng9(['console', '--csms', 'ws://127.0.0.1:1/ocpp', '--state', tempDir(), '--id', 'CP-DOWN2'], { input: 'status\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: cannot reach the CSMS at ws:\/\/127\.0\.0\.1:1\/ocpp \(connect ECONNREFUSED 127\.0\.0\.1:1\); the station keeps trying — check the URL with 'network'/m);
    expect(r.stdout).toContain('registration  Unregistered');
  });
});
