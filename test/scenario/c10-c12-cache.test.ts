import { describe, expect, it } from 'vitest';
import { delivered, evse, plugAndCharge, swipe, txEvents, txStation } from '../support/tx-helpers.js';
import { type Scenario, acceptedScenario, keepStationTime } from '../support/scenario.js';
import { tempDir } from '../support/test-end.js';
import { getVariable, setVariableData, setVariables } from '../support/wire.js';

const cacheRows = (sc: Scenario) =>
  sc.station.auth.cache
    .entries()
    .map((e) => ({ id_token: e.idToken.idToken, type: e.idToken.type, info: JSON.stringify(e.info) }))
    .sort((a, b) => a.id_token.localeCompare(b.id_token));

const CARD = { idToken: 'CAFE0001', type: 'ISO14443' as const };

describe('C10 Store Authorization Data in the Authorization Cache', () => {
  it('C10: the Authorize answer is cached, the cache survives a restart on the same state dir, AuthCacheCtrlr.Storage is reported again', async () => {
    const dir = tempDir('ng9-c10-');
    let s = await acceptedScenario({ stateDir: dir });
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' }, cacheExpiryDateTime: '2099-12-31T00:00:00Z' } }));
    await s.station.auth.authorize(CARD);
    expect(cacheRows(s)).toEqual([
      { id_token: 'CAFE0001', type: 'ISO14443', info: JSON.stringify({ status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' }, cacheExpiryDateTime: '2099-12-31T00:00:00Z' }) },
    ]);
    const storage = Number(await getVariable(s, 'AuthCacheCtrlr', 'Storage'));
    expect(storage).toBeGreaterThan(0);
    await s.end();

    s = await acceptedScenario({ stateDir: dir });
    expect(Number(await getVariable(s, 'AuthCacheCtrlr', 'Storage'))).toBe(storage);
    const decision = await s.station.auth.authorize(CARD);
    expect(decision).toMatchObject({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET' } }, source: 'cache' });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });

  it('C10: what a TransactionEventResponse says of a token (learned) replaces the cached answer', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    await s.station.auth.authorize(CARD);
    s.station.auth.learned(CARD, { status: 'Blocked' });
    expect(JSON.parse(cacheRows(s)[0]!.info)).toEqual({ status: 'Blocked' });
    // Blocked in the cache: asked again at the CSMS (post-authorize), which now says Invalid
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Invalid' } }));
    expect((await s.station.auth.authorize(CARD)).idTokenInfo.status).toBe('Invalid');
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
  });

  it('C10: AuthCacheCtrlr.Enabled false → nothing cached, the cache is not consulted', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCacheCtrlr', 'Enabled', 'false'), setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    await s.station.auth.authorize(CARD);
    await s.station.auth.authorize(CARD);
    expect(cacheRows(s)).toEqual([]);
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
  });

  it('C10: a cached entry past its LifeTime is not used: Authorize again', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'), setVariableData('AuthCacheCtrlr', 'LifeTime', '600'));
    keepStationTime(s);
    await s.station.auth.authorize(CARD);
    await s.clock.advance(599_000);
    expect((await s.station.auth.authorize(CARD)).source).toBe('cache');
    await s.clock.advance(600_000);
    expect((await s.station.auth.authorize(CARD)).source).toBe('csms');
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
  });
});

describe('C11 Clear Authorization Data in Authorization Cache', () => {
  it('C11: ClearCache → Accepted, the cache is empty, AuthCacheCtrlr.Storage 0', async () => {
    const s = await acceptedScenario();
    await s.station.auth.authorize(CARD);
    await s.station.auth.authorize({ idToken: 'CAFE0002', type: 'ISO14443' });
    expect(cacheRows(s)).toHaveLength(2);
    expect(await s.csms.call('CS001', 'ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(cacheRows(s)).toEqual([]);
    expect(await getVariable(s, 'AuthCacheCtrlr', 'Storage')).toBe('0');
  });

  it('C11.FR.04: ClearCache → Rejected while AuthCacheCtrlr.Enabled is false, the cache stays', async () => {
    const s = await acceptedScenario();
    await s.station.auth.authorize(CARD);
    await setVariables(s, setVariableData('AuthCacheCtrlr', 'Enabled', 'false'));
    const res = await s.csms.call('CS001', 'ClearCache', {});
    expect(res.status).toBe('Rejected');
    expect(cacheRows(s)).toHaveLength(1);
  });
});

describe('C12 Start Transaction - Cached Id', () => {
  it('C12: with LocalPreAuthorize an Accepted cached token is used at once, without Authorize', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    await s.station.auth.authorize(CARD);
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
    const decision = await s.station.auth.authorize({ idToken: 'cafe0001', type: 'ISO14443' }, 2);
    expect(decision).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'cache', masterPass: false });
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
  });

  it('C12: without LocalPreAuthorize the cached token is still authorized at the CSMS', async () => {
    const s = await acceptedScenario();
    await s.station.auth.authorize(CARD);
    expect((await s.station.auth.authorize(CARD)).source).toBe('csms');
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
  });
});

describe('C12 through the product path: a real transaction', () => {
  it('C12: plug + swipe of a cached token starts a transaction without Authorize; the Started event carries the token', async () => {
    const s = await txStation({ 'AuthCtrlr.LocalPreAuthorize': 'true' });
    await plugAndCharge(s, 'CAFE0001', 1); // first use: Authorize at the CSMS, the answer goes into the cache
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
    evse(s, 1).unplug(); // that session ends
    await delivered(s, 3);
    evse(s, 2).plug();
    await swipe(s, 'CAFE0001', 2);
    await delivered(s, 5);
    expect(s.csms.callsOf('Authorize')).toHaveLength(1); // the cache answered
    const started = txEvents(s).filter((e) => e.eventType === 'Started' && e.evse?.id === 2);
    expect(started).toHaveLength(1);
    expect(started[0].idToken).toEqual({ idToken: 'CAFE0001', type: 'ISO14443' });
  });
});

