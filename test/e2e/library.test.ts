/** The engine as a library: `import { Station } from 'ng9'` with its types, no CLI loaded. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from './helpers.js';

describe('ng9 as a library', () => {
  it("import { Station } from 'ng9' opens a station and runs a console line", () => {
    ensureBuilt();
    const script = `
      import { Station, FakeClock, consoleOf } from 'ng9';
      const station = Station.open({ id: 'LIB1', clock: new FakeClock('2026-01-01T00:00:00Z'), evses: 3 });
      const reply = await consoleOf(station).execute('version', {});
      console.log(JSON.stringify({ firmware: station.firmwareVersion, evses: station.evseCount, ok: reply.ok, data: reply.ok ? reply.reply.data : null }));
      await station.stop();
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }));
    expect(out).toMatchObject({ firmware: '6.0.0', evses: 3, ok: true, data: { firmware: '6.0.0', bootloader: '1.2.0', stationId: 'LIB1' } });
    // the entry point reaches the engine only, never the CLI
    expect(readFileSync(join(ROOT, 'dist', 'index.js'), 'utf8')).not.toMatch(/from '\.\/(cli|commands)\//);
  });

  it('ships type declarations for the entry point (package.json types / exports)', () => {
    ensureBuilt();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    const dts = readFileSync(join(ROOT, 'dist', 'index.d.ts'), 'utf8');
    expect(dts).toMatch(/export \{ Station, type StationOptions/);
    expect(existsSync(join(ROOT, 'dist', 'station', 'station.d.ts'))).toBe(true);
  });
});
