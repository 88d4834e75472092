import { afterEach, describe, expect, it } from 'vitest';
import { type Console, openConsole } from '../console/harness.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

function withList(con: Console): void {
  const res = con.station.auth.localList.apply(
    {
      versionNumber: 12,
      updateType: 'Full',
      localAuthorizationList: [
        { idToken: { idToken: 'CARD01', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' }, cacheExpiryDateTime: '2027-01-01T00:00:00Z' } },
        { idToken: { idToken: 'CARD02', type: 'ISO15693' }, idTokenInfo: { status: 'Blocked' } },
      ],
    },
    { itemsPerMessage: 100, maxEntries: 1000, maxBytes: 262144 },
  );
  expect(res.status).toBe('Accepted');
}

describe('console lldump / llerase', () => {
  it('lldump: version and a table of the local list; JSON {version, entries}', async () => {
    c = openConsole();
    expect(await c.ok('lldump')).toEqual(['local list version 0, 0 entries']);
    withList(c);
    const text = await c.ok('lldump');
    expect(text[0]).toBe('local list version 12, 2 entries');
    expect(text[1]).toMatch(/^idToken\s+type\s+status\s+group\s+expires$/);
    expect(text[2]).toMatch(/^CARD01\s+ISO14443\s+Accepted\s+FLEET\s+2027-01-01T00:00:00Z$/);
    expect(text[3]).toMatch(/^CARD02\s+ISO15693\s+Blocked\s+-\s+-$/);
    const json = await c.json('lldump');
    expect(json.data).toEqual({
      version: 12,
      enabled: true,
      entries: [
        { idToken: 'CARD01', type: 'ISO14443', status: 'Accepted', groupIdToken: 'FLEET', cacheExpiryDateTime: '2027-01-01T00:00:00Z' },
        { idToken: 'CARD02', type: 'ISO15693', status: 'Blocked' },
      ],
    });
  });

  it('llerase needs the service login and the word confirm; then the list is gone and the version is 0', async () => {
    c = openConsole();
    withList(c);
    expect(await c.err('llerase confirm')).toMatch(/^ERR DENIED /);
    await c.ok('login service ng9service');
    expect(await c.err('llerase')).toMatch(/^ERR BAD_ARGUMENT .*llerase confirm/);
    expect(await c.err('llerase now')).toMatch(/^ERR BAD_ARGUMENT /);
    expect(c.station.auth.localList.count()).toBe(2);
    expect(await c.ok('llerase confirm')).toEqual(['local list erased: 2 entries, version 0']);
    expect((await c.json('lldump')).data).toMatchObject({ version: 0, entries: [] });
    expect(c.station.model.getNumber('LocalAuthListCtrlr.Entries')).toBe(0);
  });
});

describe('console wldump / wlerase', () => {
  it('wldump: token, status, group, expiry and last used of every cache entry', async () => {
    c = openConsole();
    expect(await c.ok('wldump')).toEqual(['authorization cache: 0 entries, 0 bytes']);
    c.station.auth.learned({ idToken: 'TAG9', type: 'ISO14443' }, { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' } });
    const text = await c.ok('wldump');
    expect(text[0]).toMatch(/^authorization cache: 1 entry, \d+ bytes$/);
    expect(text[2]).toMatch(/^TAG9\s+ISO14443\s+Accepted\s+FLEET\s+-\s+2026-01-01T00:00:00.000Z$/);
    expect((await c.json('wldump')).data).toEqual({
      enabled: true,
      bytes: c.station.auth.cache.bytes(),
      entries: [{ idToken: 'TAG9', type: 'ISO14443', status: 'Accepted', groupIdToken: 'FLEET', lastUsed: '2026-01-01T00:00:00.000Z', stale: false }],
    });
  });

  it('wldump marks an entry whose cacheExpiryDateTime has passed as stale', async () => {
    c = openConsole();
    c.station.auth.learned({ idToken: 'OLD', type: 'ISO14443' }, { status: 'Accepted', cacheExpiryDateTime: '2025-12-31T00:00:00Z' });
    expect((await c.ok('wldump'))[2]).toMatch(/^OLD\s+ISO14443\s+Accepted \(stale\)/);
  });

  it('wlerase needs the service login and confirm; then the cache is empty', async () => {
    c = openConsole();
    c.station.auth.learned({ idToken: 'TAG9', type: 'ISO14443' }, { status: 'Accepted' });
    expect(await c.err('wlerase confirm')).toMatch(/^ERR DENIED /);
    await c.ok('login service ng9service');
    expect(await c.err('wlerase')).toMatch(/^ERR BAD_ARGUMENT /);
    expect(c.station.auth.cache.count()).toBe(1);
    expect(await c.ok('wlerase confirm')).toEqual(['authorization cache erased: 1 entry']);
    expect(c.station.auth.cache.count()).toBe(0);
    expect(c.station.model.getNumber('AuthCacheCtrlr.Storage')).toBe(0);
  });

  it('lldump / wldump take no arguments', async () => {
    c = openConsole();
    expect(await c.err('lldump all')).toMatch(/^ERR BAD_ARGUMENT /);
    expect(await c.err('wldump x')).toMatch(/^ERR BAD_ARGUMENT /);
  });
});
