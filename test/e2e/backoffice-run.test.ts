import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, LongRunning, tempDir } from './helpers.js';

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
