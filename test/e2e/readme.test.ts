/**
 * The README's provisioning lines, run literally: a fresh station ends up
 * with the profile written first in NetworkConfigurationPriority, and is
 * told when a change waits for a reboot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ng9, ng9Json, ROOT, tempDir } from './helpers.js';

/** The `ng9 network …` lines of the README's "One-shot commands" block, comments removed. */
function readmeNetworkLines(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## One-shot commands'));
  const block = section.slice(section.indexOf('```sh') + 5, section.indexOf('```', section.indexOf('```sh') + 5));
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('ng9 network'))
    .map((l) => l.split(/\s+/).slice(1));
}

describe('the README provisioning path', () => {
  it('works on a fresh station as written', async () => {
    ensureBuilt();
    const lines = readmeNetworkLines();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const state = tempDir();
    const outputs: string[] = [];
    for (const args of lines) {
      const r = await ng9([...args, '--state', state], { env: { NG9_SERVICE_PASSWORD: 'ng9service' } }); // the README's export
      expect(r.code, `ng9 ${args.join(' ')}: ${r.stderr}`).toBe(0);
      outputs.push(r.stdout);
    }
    const view = await ng9Json(['network', '--state', state]);
    const written = Number(lines[0]![2]);
    expect(view.data.priority[0]).toBe(written);
    expect(view.data.profiles.find((p: { slot: number }) => p.slot === written)).toMatchObject({ priority: 1, state: 'active' });
    expect(outputs.join('\n')).toMatch(/hint\s+.*(first profile|connects with slot)/);
  });
});
