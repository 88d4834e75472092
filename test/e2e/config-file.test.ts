/** Provisioning many chargers the same way: config export → diff → import. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

describe('ng9 config export | diff | import', () => {
  let state: string;
  let dir: string;
  const at = (id: string) => ['--state', state, '--id', id];

  beforeAll(() => {
    ensureBuilt();
    state = tempDir();
    dir = tempDir();
  });
  afterAll(() => cleanupTemps());

  it('exports the writable keys of one station and imports them into another, all or nothing', async () => {
    expect((await ng9(['config', 'set', 'OCPPCommCtrlr.HeartbeatInterval', '120', ...at('SRC')])).code).toBe(0);
    expect((await ng9(['masterpass', 'POLICE', ...at('SRC')])).code).toBe(0);
    const file = join(dir, 'site.json');
    const exported = await ng9(['config', 'export', '-f', file, ...at('SRC')]);
    expect(exported.code).toBe(0);
    const content = JSON.parse(readFileSync(file, 'utf8'));
    expect(content).toMatchObject({ ng9: 'config', version: 1, stationId: 'SRC' });
    expect(content.keys['OCPPCommCtrlr.HeartbeatInterval']).toBe('120');
    expect(content.keys['AuthCtrlr.MasterPassGroupId']).toBe('POLICE');
    expect(Object.keys(content.keys)).not.toContain('SecurityCtrlr.BasicAuthPassword'); // write-only: not readable

    const diff = await ng9Json(['config', 'diff', file, ...at('DST')]);
    expect(diff.code).toBe(1);
    expect(diff.data.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'OCPPCommCtrlr.HeartbeatInterval', file: '120' }),
        expect.objectContaining({ key: 'AuthCtrlr.MasterPassGroupId', file: 'POLICE', station: '' }),
      ]),
    );

    // a script must say --yes: without it (no terminal) nothing changes
    const unconfirmed = await ng9(['config', 'import', file, ...at('DST')]);
    expect(unconfirmed.code).toBe(2);
    expect((await ng9Json(['masterpass', ...at('DST')])).data.groupId).toBeNull();

    const imported = await ng9Json(['config', 'import', file, '--yes', ...at('DST')]);
    expect(imported.code).toBe(0);
    expect(imported.data.changed).toEqual(expect.arrayContaining([{ key: 'AuthCtrlr.MasterPassGroupId', from: '', to: 'POLICE' }]));
    expect((await ng9(['config', 'diff', file, ...at('DST')])).code).toBe(0);
  });

  it('a refused value rolls back what was written before it; a bad file changes nothing', async () => {
    const file = join(dir, 'bad-value.json');
    writeFileSync(file, JSON.stringify({ ng9: 'config', version: 1, keys: { 'AuthCtrlr.MasterPassGroupId': 'TOWING', 'OCPPCommCtrlr.HeartbeatInterval': 'soon' } }));
    const r = await ng9(['config', 'import', file, '--yes', ...at('DST')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HeartbeatInterval = soon refused .* put back/);
    expect((await ng9Json(['masterpass', ...at('DST')])).data.groupId).toBe('POLICE');

    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"keys": ');
    const g = await ng9(['config', 'import', garbage, '--yes', ...at('DST')]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/is not JSON/);
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ ng9: 'config', version: 1, keys: { 'NoSuch.Key': '1', 'AuthCtrlr.MasterPassGroupId': 'X' } }));
    const u = await ng9(['config', 'import', unknown, '--yes', ...at('DST')]);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/NoSuch\.Key: the station has no such key/);
    expect((await ng9Json(['masterpass', ...at('DST')])).data.groupId).toBe('POLICE');
  });
});
