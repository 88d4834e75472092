/** The CLI's own conventions: help that fits each command, environment defaults. */
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ng9 } from './helpers.js';

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

  it('NG9_PORT names the charger for scripts that do not repeat --port', async () => {
    const r = await ng9(['status'], { env: { ...process.env, NG9_PORT: '/dev/ng9-no-such-port' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open \/dev\/ng9-no-such-port/);
  });
});
