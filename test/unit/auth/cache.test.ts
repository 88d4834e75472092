import { describe, expect, it } from 'vitest';
import { authHost, tag } from './host.js';

const LPA = 'AuthCtrlr.LocalPreAuthorize';

describe('C10 authorization cache', () => {
  it('C10: the Authorize answer is cached (also when not Accepted) and AuthCacheCtrlr.Storage reports its size', async () => {
    const { host, auth } = authHost();
    host.answer = (p) => ({ idTokenInfo: { status: p.idToken.idToken === 'BAD' ? 'Blocked' : 'Accepted' } });
    await auth.authorize(tag('GOOD'));
    await auth.authorize(tag('BAD'));
    expect(auth.cache.entries().map((e) => [e.idToken.idToken, e.info.status]).sort()).toEqual([
      ['BAD', 'Blocked'],
      ['GOOD', 'Accepted'],
    ]);
    expect(host.model.getNumber('AuthCacheCtrlr.Storage')).toBe(auth.cache.bytes());
    expect(auth.cache.bytes()).toBeGreaterThan(0);
  });

  it('C10: learned() (TransactionEventResponse) replaces what was cached', () => {
    const { auth } = authHost();
    auth.learned(tag('ABC'), { status: 'Accepted' });
    auth.learned(tag('abc'), { status: 'Blocked', groupIdToken: tag('G', 'Central') });
    expect(auth.cache.entries()).toHaveLength(1);
    expect(auth.cache.get(tag('ABC'))!.info).toEqual({ status: 'Blocked', groupIdToken: tag('G', 'Central') });
  });

  it('C10: nothing is cached when AuthCacheCtrlr.Enabled is false', async () => {
    const { host, auth } = authHost();
    host.set('AuthCacheCtrlr.Enabled', 'false');
    auth.learned(tag('ABC'), { status: 'Accepted' });
    await auth.authorize(tag('DEF'));
    expect(auth.cache.count()).toBe(0);
  });

  it('C10: an entry past its cacheExpiryDateTime is not used (Authorize again) and is removed', async () => {
    const { host, auth } = authHost();
    host.set(LPA, 'true');
    auth.learned(tag('ABC'), { status: 'Accepted', cacheExpiryDateTime: '2026-03-01T11:00:00Z' });
    expect((await auth.authorize(tag('ABC'))).source).toBe('cache');
    await host.clock.advance(3_600_000);
    host.answer = () => ({ idTokenInfo: { status: 'Expired' } });
    expect(await auth.authorize(tag('ABC'))).toMatchObject({ idTokenInfo: { status: 'Expired' }, source: 'csms' });
    expect(host.sent).toHaveLength(1);
  });

  it('C10: an expired entry is not used offline either', async () => {
    const { host, auth } = authHost();
    host.connected = false;
    auth.learned(tag('ABC'), { status: 'Accepted', cacheExpiryDateTime: '2026-03-01T10:00:01Z' });
    await host.clock.advance(1_000);
    expect((await auth.authorize(tag('ABC'))).source).toBe('offlineUnknown');
    expect(auth.cache.count()).toBe(0);
    expect(host.model.getNumber('AuthCacheCtrlr.Storage')).toBe(0);
  });

  it('C10: AuthCacheCtrlr.LifeTime since the last use or update ends an entry; using it keeps it alive', async () => {
    const { host, auth } = authHost();
    host.connected = false;
    host.set('AuthCacheCtrlr.LifeTime', '3600');
    auth.learned(tag('USED'), { status: 'Accepted' });
    auth.learned(tag('IDLE'), { status: 'Accepted' });
    await host.clock.advance(3_000_000);
    expect((await auth.authorize(tag('USED'))).source).toBe('cache');
    await host.clock.advance(600_000); // IDLE: 3600 s since its update, USED: 600 s since its use
    expect((await auth.authorize(tag('IDLE'))).source).toBe('offlineUnknown');
    expect((await auth.authorize(tag('USED'))).source).toBe('cache');
  });

  it('C10: an online decision from the cache (LocalPreAuthorize) is a use too', async () => {
    const { host, auth } = authHost();
    host.set(LPA, 'true');
    host.set('AuthCacheCtrlr.LifeTime', '3600');
    auth.learned(tag('ABC'), { status: 'Accepted' });
    await host.clock.advance(3_000_000);
    expect((await auth.authorize(tag('ABC'))).source).toBe('cache');
    await host.clock.advance(1_000_000);
    expect((await auth.authorize(tag('ABC'))).source).toBe('cache');
    expect(host.sent).toHaveLength(0);
  });

  it('C10: LifeTime 0 → entries do not age', async () => {
    const { host, auth } = authHost();
    host.connected = false;
    host.set('AuthCacheCtrlr.LifeTime', '0');
    auth.learned(tag('ABC'), { status: 'Accepted' });
    await host.clock.advance(400 * 86_400_000);
    expect((await auth.authorize(tag('ABC'))).source).toBe('cache');
  });

  it('C10 (Policy LRU): a full cache drops the least recently used entry first', async () => {
    const { host, auth } = authHost({ cacheMaxBytes: 200 });
    host.connected = false;
    const size = (() => {
      auth.learned(tag('T0'), { status: 'Accepted' });
      return auth.cache.bytes();
    })();
    const fits = Math.floor(200 / size);
    for (let i = 1; i < fits; i++) {
      await host.clock.advance(1000);
      auth.learned(tag(`T${i}`), { status: 'Accepted' });
    }
    expect(auth.cache.count()).toBe(fits);
    await host.clock.advance(1000);
    expect((await auth.authorize(tag('T0'))).source).toBe('cache'); // T0 is now the most recently used
    await host.clock.advance(1000);
    auth.learned(tag('NEW'), { status: 'Accepted' });
    const ids = auth.cache.entries().map((e) => e.idToken.idToken);
    expect(ids).toHaveLength(fits);
    expect(ids).toContain('T0');
    expect(ids).toContain('NEW');
    expect(ids).not.toContain('T1');
    expect(auth.cache.bytes()).toBeLessThanOrEqual(200);
    expect(host.model.getNumber('AuthCacheCtrlr.Storage')).toBe(auth.cache.bytes());
  });

  it('C10.FR.07: when room is needed, expired entries go first, then entries that are not Accepted, then the least recently used', async () => {
    // Every entry below has the same size, so the bound is "three entries".
    const far = '2027-01-01T00:00:00Z';
    const probe = authHost();
    probe.auth.learned(tag('OLDOK'), { status: 'Accepted', cacheExpiryDateTime: far });
    const { host, auth } = authHost({ cacheMaxBytes: 3 * probe.auth.cache.bytes() });
    const ids = () => auth.cache.entries().map((e) => e.idToken.idToken).sort();

    auth.learned(tag('OLDOK'), { status: 'Accepted', cacheExpiryDateTime: far });
    await host.clock.advance(1000);
    auth.learned(tag('BLOCKX'), { status: 'Blocked', cacheExpiryDateTime: far });
    await host.clock.advance(1000);
    auth.learned(tag('GONE1'), { status: 'Accepted', cacheExpiryDateTime: '2026-03-01T10:00:03Z' });
    await host.clock.advance(1000);
    expect(ids()).toEqual(['BLOCKX', 'GONE1', 'OLDOK']);

    auth.learned(tag('NEW01'), { status: 'Accepted', cacheExpiryDateTime: far });
    expect(ids()).toEqual(['BLOCKX', 'NEW01', 'OLDOK']); // the expired one, though the newest
    await host.clock.advance(1000);
    auth.learned(tag('NEW02'), { status: 'Accepted', cacheExpiryDateTime: far });
    expect(ids()).toEqual(['NEW01', 'NEW02', 'OLDOK']); // the Blocked one, though OLDOK is older
    await host.clock.advance(1000);
    auth.learned(tag('NEW03'), { status: 'Accepted', cacheExpiryDateTime: far });
    expect(ids()).toEqual(['NEW01', 'NEW02', 'NEW03']); // then least recently used
  });
});

describe('C11 ClearCache', () => {
  it('C11: Accepted and the cache is empty', async () => {
    const { host, auth } = authHost();
    auth.learned(tag('ABC'), { status: 'Accepted' });
    expect(await host.handlers.get('ClearCache')!({})).toEqual({ status: 'Accepted' });
    expect(auth.cache.count()).toBe(0);
    expect(host.model.getNumber('AuthCacheCtrlr.Storage')).toBe(0);
  });

  it('C11.FR.04: Rejected when AuthCacheCtrlr.Enabled is false; nothing removed', async () => {
    const { host, auth } = authHost();
    auth.learned(tag('ABC'), { status: 'Accepted' });
    host.set('AuthCacheCtrlr.Enabled', 'false');
    expect(await host.handlers.get('ClearCache')!({})).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NotEnabled' } });
    expect(auth.cache.count()).toBe(1);
  });
});
