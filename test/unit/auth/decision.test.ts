import { describe, expect, it } from 'vitest';
import type { AuthorizationStatus } from '../../../src/station/auth/types.js';
import { NotConnectedError, OcppCallError, OcppTimeoutError } from '../../../src/station/ocpp/errors.js';
import { authHost, installList, tag } from './host.js';

interface Row {
  name: string;
  online: boolean;
  settings?: Record<string, string>;
  /** Status of ABC123 in the local list. */
  list?: AuthorizationStatus;
  /** Status of ABC123 in the cache. */
  cache?: AuthorizationStatus;
  status: AuthorizationStatus;
  source: string;
  authorizeSent: boolean;
}

const LPA = 'AuthCtrlr.LocalPreAuthorize';
const LAO = 'AuthCtrlr.LocalAuthorizeOffline';
const UNKNOWN_OK = 'AuthCtrlr.OfflineTxForUnknownIdEnabled';
const NO_REMOTE = 'AuthCtrlr.DisableRemoteAuthorization';

/** The CSMS answers Authorize with NoCredit, so its answer is recognisable. */
const table: Row[] = [
  // online
  { name: 'C14: online, LocalPreAuthorize, Accepted in the list → list, no Authorize', online: true, settings: { [LPA]: 'true' }, list: 'Accepted', status: 'Accepted', source: 'localList', authorizeSent: false },
  { name: 'C12: online, LocalPreAuthorize, Accepted in the cache → cache, no Authorize', online: true, settings: { [LPA]: 'true' }, cache: 'Accepted', status: 'Accepted', source: 'cache', authorizeSent: false },
  { name: 'C01: online, LocalPreAuthorize, unknown → Authorize', online: true, settings: { [LPA]: 'true' }, status: 'NoCredit', source: 'csms', authorizeSent: true },
  { name: 'C01: online, no LocalPreAuthorize, Accepted in the list → Authorize anyway', online: true, settings: { [LPA]: 'false' }, list: 'Accepted', status: 'NoCredit', source: 'csms', authorizeSent: true },
  { name: 'C01: online, no LocalPreAuthorize, Accepted in the cache → Authorize anyway', online: true, settings: { [LPA]: 'false' }, cache: 'Accepted', status: 'NoCredit', source: 'csms', authorizeSent: true },
  { name: 'C14.FR.03: online, LocalPreAuthorize, Blocked in the list → Authorize (post-authorize)', online: true, settings: { [LPA]: 'true' }, list: 'Blocked', status: 'NoCredit', source: 'csms', authorizeSent: true },
  {
    name: 'C14: LocalAuthListCtrlr.DisablePostAuthorize → the list entry decides, no Authorize',
    online: true, settings: { [LPA]: 'true', 'LocalAuthListCtrlr.DisablePostAuthorize': 'true' }, list: 'Blocked', status: 'Blocked', source: 'localList', authorizeSent: false,
  },
  { name: 'C12: online, LocalPreAuthorize, Blocked in the cache → Authorize (post-authorize)', online: true, settings: { [LPA]: 'true' }, cache: 'Blocked', status: 'NoCredit', source: 'csms', authorizeSent: true },
  {
    name: 'C12: AuthCacheCtrlr.DisablePostAuthorize → the cache entry decides, no Authorize',
    online: true, settings: { [LPA]: 'true', 'AuthCacheCtrlr.DisablePostAuthorize': 'true' }, cache: 'Blocked', status: 'Blocked', source: 'cache', authorizeSent: false,
  },
  { name: 'DisableRemoteAuthorization: unknown → Unknown, never Authorize', online: true, settings: { [NO_REMOTE]: 'true' }, status: 'Unknown', source: 'station', authorizeSent: false },
  { name: 'DisableRemoteAuthorization: the list decides even without LocalPreAuthorize', online: true, settings: { [NO_REMOTE]: 'true' }, list: 'Accepted', status: 'Accepted', source: 'localList', authorizeSent: false },
  { name: 'DisableRemoteAuthorization: a Blocked cache entry is final', online: true, settings: { [NO_REMOTE]: 'true' }, cache: 'Blocked', status: 'Blocked', source: 'cache', authorizeSent: false },
  { name: 'local list wins over the cache (online)', online: true, settings: { [LPA]: 'true', 'LocalAuthListCtrlr.DisablePostAuthorize': 'true' }, list: 'Blocked', cache: 'Accepted', status: 'Blocked', source: 'localList', authorizeSent: false },
  { name: 'LocalAuthListCtrlr disabled: the list is not used', online: true, settings: { [LPA]: 'true', 'LocalAuthListCtrlr.Enabled': 'false' }, list: 'Accepted', status: 'NoCredit', source: 'csms', authorizeSent: true },
  { name: 'AuthCacheCtrlr disabled: the cache is not used', online: true, settings: { [LPA]: 'true', 'AuthCacheCtrlr.Enabled': 'false' }, cache: 'Accepted', status: 'NoCredit', source: 'csms', authorizeSent: true },
  // offline
  { name: 'C13: offline, LocalAuthorizeOffline, Accepted in the list', online: false, settings: { [LAO]: 'true' }, list: 'Accepted', status: 'Accepted', source: 'localList', authorizeSent: false },
  { name: 'C12: offline, LocalAuthorizeOffline, Accepted in the cache', online: false, settings: { [LAO]: 'true' }, cache: 'Accepted', status: 'Accepted', source: 'cache', authorizeSent: false },
  { name: 'C13.FR.04: offline, Blocked in the list stays refused (also with OfflineTxForUnknownIdEnabled)', online: false, settings: { [LAO]: 'true', [UNKNOWN_OK]: 'true' }, list: 'Blocked', status: 'Blocked', source: 'localList', authorizeSent: false },
  { name: 'offline, Blocked in the cache stays refused', online: false, settings: { [LAO]: 'true', [UNKNOWN_OK]: 'true' }, cache: 'Blocked', status: 'Blocked', source: 'cache', authorizeSent: false },
  { name: 'local list wins over the cache (offline)', online: false, settings: { [LAO]: 'true' }, list: 'Blocked', cache: 'Accepted', status: 'Blocked', source: 'localList', authorizeSent: false },
  { name: 'C15: offline, unknown, OfflineTxForUnknownIdEnabled → Accepted', online: false, settings: { [LAO]: 'true', [UNKNOWN_OK]: 'true' }, status: 'Accepted', source: 'offlineUnknown', authorizeSent: false },
  { name: 'C15: offline, unknown, no OfflineTxForUnknownIdEnabled → Unknown', online: false, settings: { [LAO]: 'true', [UNKNOWN_OK]: 'false' }, status: 'Unknown', source: 'offlineUnknown', authorizeSent: false },
  { name: 'offline without LocalAuthorizeOffline: the list is not used', online: false, settings: { [LAO]: 'false' }, list: 'Accepted', status: 'Unknown', source: 'offlineUnknown', authorizeSent: false },
  { name: 'offline without LocalAuthorizeOffline: the cache is not used', online: false, settings: { [LAO]: 'false' }, cache: 'Accepted', status: 'Unknown', source: 'offlineUnknown', authorizeSent: false },
];

describe('C01/C12–C15 decision table', () => {
  it.each(table)('$name', async (row) => {
    const { host, auth } = authHost();
    if (row.list) await installList(host, 1, [['ABC123', { status: row.list }]]);
    if (row.cache) auth.learned(tag('ABC123'), { status: row.cache });
    for (const [key, value] of Object.entries(row.settings ?? {})) host.set(key, value);
    host.connected = row.online;
    host.answer = () => ({ idTokenInfo: { status: 'NoCredit' } });

    const decision = await auth.authorize(tag('ABC123'), 1);

    expect(decision.idTokenInfo.status).toBe(row.status);
    expect(decision.source).toBe(row.source);
    expect(host.sent.filter((c) => c.action === 'Authorize')).toHaveLength(row.authorizeSent ? 1 : 0);
  });
});

describe('C01 Authorize at the CSMS', () => {
  it('C01: sends Authorize with the idToken as presented and uses the answer', async () => {
    const { host, auth } = authHost();
    host.answer = () => ({ idTokenInfo: { status: 'Blocked', groupIdToken: { idToken: 'G1', type: 'Central' } } });
    const decision = await auth.authorize({ idToken: 'DeadBeef', type: 'ISO14443', additionalInfo: [{ additionalIdToken: 'x', type: 'y' }] });
    expect(host.sent).toEqual([{ action: 'Authorize', payload: { idToken: { idToken: 'DeadBeef', type: 'ISO14443', additionalInfo: [{ additionalIdToken: 'x', type: 'y' }] } } }]);
    expect(decision).toEqual({ idTokenInfo: { status: 'Blocked', groupIdToken: { idToken: 'G1', type: 'Central' } }, source: 'csms', masterPass: false });
  });

  it.each([
    ['not connected', new NotConnectedError()],
    ['no answer within MessageTimeout', new OcppTimeoutError('Authorize', 30)],
  ])('Authorize fails (%s) → decided offline (C15 OfflineTxForUnknownIdEnabled)', async (_what, error) => {
    const { host, auth } = authHost();
    host.set(UNKNOWN_OK, 'true');
    host.answer = () => {
      throw error;
    };
    const decision = await auth.authorize(tag('ABC123'));
    expect(host.sent).toHaveLength(1);
    expect(decision).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'offlineUnknown' });
  });

  it('Authorize fails, the token is Accepted in the list → the list decides offline (C13)', async () => {
    const { host, auth } = authHost();
    await installList(host, 1, [['ABC123', { status: 'Accepted' }]]);
    host.answer = () => {
      throw new OcppTimeoutError('Authorize', 30);
    };
    expect(await auth.authorize(tag('ABC123'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'localList' });
  });

  it('a CALLERROR answer accepts nothing, and is not cached', async () => {
    const { host, auth } = authHost();
    host.set(UNKNOWN_OK, 'true');
    host.answer = () => {
      throw new OcppCallError('InternalError', 'boom');
    };
    expect(await auth.authorize(tag('ABC123'))).toMatchObject({ idTokenInfo: { status: 'Unknown' }, source: 'station' });
    expect(auth.cache.count()).toBe(0);
  });

  it('release notes: a 1-character tag is a valid tag and goes to the CSMS (minimum length was 6)', async () => {
    const { host, auth } = authHost();
    expect((await auth.authorize(tag('7'))).idTokenInfo.status).toBe('Accepted');
    expect(host.sent[0]!.payload).toEqual({ idToken: { idToken: '7', type: 'ISO14443' } });
  });

  it.each([
    ['empty', ''],
    ['37 characters', 'X'.repeat(37)],
  ])('release notes: an %s tag is refused without asking anyone', async (_what, id) => {
    const { host, auth } = authHost();
    host.connected = false;
    host.set(UNKNOWN_OK, 'true');
    expect(await auth.authorize(tag(id))).toEqual({ idTokenInfo: { status: 'Invalid' }, source: 'station', masterPass: false });
    host.connected = true;
    expect((await auth.authorize(tag(id))).idTokenInfo.status).toBe('Invalid');
    expect(host.sent).toHaveLength(0);
  });

  it('36 characters is the longest valid tag', async () => {
    const { host, auth } = authHost();
    await auth.authorize(tag('X'.repeat(36)));
    expect(host.sent).toHaveLength(1);
  });

  it('AuthCtrlr.Enabled false, NoAuthorization and Central tokens: Accepted without Authorize', async () => {
    const { host, auth } = authHost();
    expect(await auth.authorize(tag('anything', 'NoAuthorization'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'station' });
    expect(await auth.authorize(tag('csms-token', 'Central'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'station' });
    host.set('AuthCtrlr.Enabled', 'false');
    expect(await auth.authorize(tag('ABC123'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'station' });
    expect(host.sent).toHaveLength(0);
  });

  it('idTokenInfo.evseId limits the token to those EVSEs', async () => {
    const { host, auth } = authHost();
    host.answer = () => ({ idTokenInfo: { status: 'Accepted', evseId: [2] } });
    expect((await auth.authorize(tag('ABC123'), 2)).idTokenInfo.status).toBe('Accepted');
    expect((await auth.authorize(tag('ABC123'), 1)).idTokenInfo.status).toBe('NotAllowedTypeEVSE');
    expect((await auth.authorize(tag('ABC123'))).idTokenInfo.status).toBe('Accepted');
  });

  it('IdTokens are case-insensitive: the list entry matches another spelling, the type must match', async () => {
    const { host, auth } = authHost();
    host.connected = false;
    await installList(host, 1, [['abc123', { status: 'Accepted' }]]);
    expect((await auth.authorize(tag('ABC123'))).source).toBe('localList');
    expect((await auth.authorize(tag('ABC123', 'ISO15693'))).source).toBe('offlineUnknown');
  });
});

describe('C05 remote start (auth side)', () => {
  it('C05: AuthorizeRemoteStart false → Accepted as the CSMS asked, no Authorize', async () => {
    const { host, auth } = authHost();
    expect(await auth.authorizeRemoteStart(tag('R1', 'Central'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'csms' });
    expect(await auth.authorizeRemoteStart(tag('R1'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'csms' });
    expect(host.sent).toHaveLength(0);
  });

  it('C05: AuthorizeRemoteStart true → decided like a presented token (Authorize sent)', async () => {
    const { host, auth } = authHost();
    host.set('AuthCtrlr.AuthorizeRemoteStart', 'true');
    host.answer = () => ({ idTokenInfo: { status: 'Invalid' } });
    expect(await auth.authorizeRemoteStart(tag('R1'), 1)).toMatchObject({ idTokenInfo: { status: 'Invalid' }, source: 'csms' });
    expect(host.sent.map((c) => c.action)).toEqual(['Authorize']);
  });

  it('release notes: an empty remote-start token is refused', async () => {
    const { auth } = authHost();
    expect((await auth.authorizeRemoteStart(tag(''))).idTokenInfo.status).toBe('Invalid');
  });
});

describe('C09 GroupId and C16 master pass decisions', () => {
  const owner = { idToken: tag('OWNER1'), groupIdToken: tag('FLEET', 'Central') };

  it('C09.FR.03: the token that started the transaction may stop it without a decision', () => {
    const { auth } = authHost();
    expect(auth.mayStop(owner, tag('owner1'))).toBe(true);
  });

  it('C09.FR.07: another Accepted token of the same group may stop it (group compared by id, case-insensitive)', () => {
    const { auth } = authHost();
    expect(auth.mayStop(owner, tag('OTHER'), { status: 'Accepted', groupIdToken: tag('fleet', 'Local') })).toBe(true);
  });

  it('C09.FR.11: a token of the same group that is not Accepted may not; another group or no group may not', () => {
    const { auth } = authHost();
    expect(auth.mayStop(owner, tag('OTHER'), { status: 'Blocked', groupIdToken: tag('FLEET', 'Central') })).toBe(false);
    expect(auth.mayStop(owner, tag('OTHER'), { status: 'Accepted', groupIdToken: tag('OTHERS', 'Central') })).toBe(false);
    expect(auth.mayStop(owner, tag('OTHER'), { status: 'Accepted' })).toBe(false);
    expect(auth.mayStop({ idToken: tag('OWNER1') }, tag('OTHER'), { status: 'Accepted', groupIdToken: tag('FLEET', 'Central') })).toBe(false);
    expect(auth.mayStop(owner, tag('OTHER'))).toBe(false);
  });

  it('C16: isMasterPass compares the group with AuthCtrlr.MasterPassGroupId; never when it is empty', () => {
    const { host, auth } = authHost();
    const police = { status: 'Accepted' as const, groupIdToken: tag('POLICE', 'Central') };
    expect(auth.isMasterPass(police)).toBe(false);
    host.set('AuthCtrlr.MasterPassGroupId', 'police');
    expect(auth.isMasterPass(police)).toBe(true);
    expect(auth.isMasterPass({ status: 'Accepted', groupIdToken: tag('FLEET', 'Central') })).toBe(false);
    expect(auth.isMasterPass({ status: 'Accepted' })).toBe(false);
  });

  it('C16: the decision says masterPass only for an Accepted token of the master pass group', async () => {
    const { host, auth } = authHost();
    host.set('AuthCtrlr.MasterPassGroupId', 'POLICE');
    host.answer = (p) => ({ idTokenInfo: { status: p.idToken.idToken === 'BLOCKEDCOP' ? 'Blocked' : 'Accepted', groupIdToken: tag('POLICE', 'Central') } });
    expect((await auth.authorize(tag('COP1'))).masterPass).toBe(true);
    expect((await auth.authorize(tag('BLOCKEDCOP'))).masterPass).toBe(false);
  });
});
