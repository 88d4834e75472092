/**
 * `ng9 lb` as the Service Installer app (or a technician's script) uses it:
 * one-shot, against the embedded station's store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 lb', () => {
  it('load balancing: ng9 lb shows the settings and the budget; ng9 lb limit|safe|on set them and they persist; a bad value exits 1 and changes nothing', async () => {
    const state = tempDir();
    const shown = await ng9Json(['lb', '--state', state]);
    expect(shown.code).toBe(0);
    expect(shown.data).toMatchObject({
      enabled: false,
      state: 'off',
      maxCurrentA: 25,
      safeCurrentA: 6,
      dataTimeoutS: 30,
      includesStation: true,
      p1: { linkState: 'off', lastTelegramAgeSec: null },
      budgetA: null,
      limitA: null,
      limitingCurrentA: 64,
      evses: [{ evseId: 1, mayDrawA: 32 }, { evseId: 2, mayDrawA: 32 }],
    });

    expect((await ng9(['lb', 'limit', '35', '--state', state])).code).toBe(0);
    expect((await ng9(['lb', 'safe', '10', '--state', state])).code).toBe(0);
    expect((await ng9(['lb', 'on', '--state', state])).code).toBe(0);
    const bad = await ng9(['lb', 'limit', '0', '--state', state]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/maximum current \(A\) must be 1\.\.1000/);
    const usage = await ng9(['lb', 'safe', '--state', state]);
    expect(usage.code).toBe(2);

    const after = await ng9Json(['lb', '--state', state]);
    expect(after.data).toMatchObject({ enabled: true, maxCurrentA: 35, safeCurrentA: 10 });
    const text = await ng9(['lb', '--state', state]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/maxCurrentA\s+35/);
  });
});
