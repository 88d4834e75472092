import { describe, expect, it } from 'vitest';
import { type Scenario, acceptedScenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { getVariable } from '../support/wire.js';

const card = (idToken: string, type = 'ISO14443') => ({ idToken, type });

const rows = (sc: Scenario) =>
  sc.station.auth.localList
    .entries()
    .map((e) => ({ idToken: e.idToken.idToken, type: e.idToken.type, info: e.info }))
    .sort((a, b) => a.idToken.localeCompare(b.idToken));

const version = async (sc: Scenario) => (await sc.csms.call('CS001', 'GetLocalListVersion', {})).versionNumber as number;

/** What the firmware before 6.0.0 answered Failed to: a Full list whose idTokenInfo carry the optional fields. */
const FULL_LIST = [
  { idToken: card('04A1B2C3D4E5F6'), idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET-NL', type: 'Central' }, cacheExpiryDateTime: '2099-01-01T00:00:00.000Z' } },
  { idToken: card('K', 'KeyCode'), idTokenInfo: { status: 'Accepted', chargingPriority: 3, language1: 'nl', evseId: [1, 2] } },
  { idToken: card('EMAID00000001', 'eMAID'), idTokenInfo: { status: 'Blocked', personalMessage: { format: 'UTF8', language: 'nl', content: 'Neem contact op' } } },
  { idToken: card('BADGE77', 'ISO15693'), idTokenInfo: { status: 'Expired', cacheExpiryDateTime: '2020-01-01T00:00:00Z', groupIdToken: { idToken: 'FLEET-NL', type: 'Local' } } },
];

describe('D01 Send Local Authorization List', () => {
  it('release notes: a Full update whose idTokenInfo are valid is Accepted (6.0.0 fix: it used to answer Failed) and stored as sent', async () => {
    const s = await acceptedScenario();
    const res = await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: FULL_LIST });
    expect(res).toEqual({ status: 'Accepted' });
    expect(rows(s)).toEqual(
      [...FULL_LIST].sort((a, b) => a.idToken.idToken.toLowerCase().localeCompare(b.idToken.idToken.toLowerCase())).map((e) => ({ idToken: e.idToken.idToken, type: e.idToken.type, info: e.idTokenInfo })),
    );
    expect(await version(s)).toBe(1);
    expect(await getVariable(s, 'LocalAuthListCtrlr', 'Entries')).toBe('4');
    expect(Number(await getVariable(s, 'LocalAuthListCtrlr', 'Storage'))).toBeGreaterThan(0);
  });

  it('D01: Full replaces the previous list', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: FULL_LIST });
    const res = await s.csms.call('CS001', 'SendLocalList', { versionNumber: 2, updateType: 'Full', localAuthorizationList: [{ idToken: card('ONLY1'), idTokenInfo: { status: 'Accepted' } }] });
    expect(res.status).toBe('Accepted');
    expect(rows(s).map((r) => r.idToken)).toEqual(['ONLY1']);
    expect(await getVariable(s, 'LocalAuthListCtrlr', 'Entries')).toBe('1');
  });

  it('D01: Differential adds and updates entries that carry idTokenInfo and removes entries without', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: FULL_LIST });
    const res = await s.csms.call('CS001', 'SendLocalList', {
      versionNumber: 2,
      updateType: 'Differential',
      localAuthorizationList: [
        { idToken: card('04A1B2C3D4E5F6'), idTokenInfo: { status: 'Blocked' } },
        { idToken: card('K', 'KeyCode') },
        { idToken: card('NEW0001'), idTokenInfo: { status: 'Accepted' } },
      ],
    });
    expect(res).toEqual({ status: 'Accepted' });
    expect(rows(s).map((r) => [r.idToken, r.info.status])).toEqual([
      ['04A1B2C3D4E5F6', 'Blocked'],
      ['BADGE77', 'Expired'],
      ['EMAID00000001', 'Blocked'],
      ['NEW0001', 'Accepted'],
    ]);
    expect(await version(s)).toBe(2);
    expect(await getVariable(s, 'LocalAuthListCtrlr', 'Entries')).toBe('4');
  });

  it('D01: Differential with a versionNumber not above the current one → VersionMismatch, nothing changes', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 5, updateType: 'Full', localAuthorizationList: FULL_LIST });
    const before = rows(s);
    const res = await s.csms.call('CS001', 'SendLocalList', { versionNumber: 5, updateType: 'Differential', localAuthorizationList: [{ idToken: card('NEW0001'), idTokenInfo: { status: 'Accepted' } }] });
    expect(res.status).toBe('VersionMismatch');
    expect(rows(s)).toEqual(before);
    expect(await version(s)).toBe(5);
  });

  it('D01: a Full entry without idTokenInfo → Failed, and the list and version stay as they were', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: FULL_LIST });
    const before = rows(s);
    const res = await s.csms.call('CS001', 'SendLocalList', {
      versionNumber: 2,
      updateType: 'Full',
      localAuthorizationList: [{ idToken: card('OK1'), idTokenInfo: { status: 'Accepted' } }, { idToken: card('NOINFO') }],
    });
    expect(res).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'MissingParam' } });
    expect(rows(s)).toEqual(before);
    expect(await version(s)).toBe(1);
    expect(await getVariable(s, 'LocalAuthListCtrlr', 'Entries')).toBe('4');
  });

  it('D01: more entries than LocalAuthListCtrlr.ItemsPerMessage → Failed', async () => {
    const s = await acceptedScenario();
    const items = Number(await getVariable(s, 'LocalAuthListCtrlr', 'ItemsPerMessage'));
    const list = Array.from({ length: items + 1 }, (_, i) => ({ idToken: card(`T${i}`), idTokenInfo: { status: 'Accepted' } }));
    const res = await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: list });
    expect(res).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'TooManyElements' } });
    expect(rows(s)).toEqual([]);
    // exactly ItemsPerMessage is fine
    expect((await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: list.slice(0, items) })).status).toBe('Accepted');
  });

  it('D01: a malformed SendLocalList gets a CALLERROR and changes nothing', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 1, updateType: 'Full', localAuthorizationList: FULL_LIST });
    s.csms.sendRaw('CS001', '[2,"bad-sll","SendLocalList",{"versionNumber":9,"updateType":"Partial","localAuthorizationList":[]}]');
    const answer = await waitFor(
      () => s.csms.frames.filter((f) => f.direction === 'in').map((f) => JSON.parse(f.raw)).find((m) => m[1] === 'bad-sll'),
      'answer to the malformed SendLocalList',
    );
    expect(answer[0]).toBe(4);
    expect(await version(s)).toBe(1);
    expect(rows(s)).toHaveLength(4);
  });

  it('D01: the list, its version and LocalAuthListCtrlr.Entries survive a reboot (Reset)', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 8, updateType: 'Full', localAuthorizationList: FULL_LIST });
    expect((await s.csms.call('CS001', 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
    await s.csms.waitForCall('BootNotification', (p) => p.reason === 'RemoteReset');
    await waitFor(() => s.station.registration === 'Accepted', 'accepted again');
    expect(await version(s)).toBe(8);
    expect(await getVariable(s, 'LocalAuthListCtrlr', 'Entries')).toBe('4');
  });
});

describe('D02 Get Local List Version', () => {
  it('D02: 0 when no list was ever sent; then the versionNumber of the last accepted update (Full, Differential, an empty Full)', async () => {
    const s = await acceptedScenario();
    expect(await version(s)).toBe(0);
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 3, updateType: 'Full', localAuthorizationList: FULL_LIST });
    expect(await version(s)).toBe(3);
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 4, updateType: 'Differential' });
    expect(await version(s)).toBe(4);
    await s.csms.call('CS001', 'SendLocalList', { versionNumber: 6, updateType: 'Full' });
    expect(await version(s)).toBe(6);
    expect(rows(s)).toEqual([]);
  });
});
