import { describe, expect, it } from 'vitest';
import type { AuthOptions } from '../../../src/station/auth/auth-block.js';
import { authHost, tag } from './host.js';

function setup(options: AuthOptions = {}) {
  const { host, auth } = authHost(options);
  const send = async (req: object) => (await host.handlers.get('SendLocalList')!(req)) as { status: string; statusInfo?: { reasonCode: string; additionalInfo?: string } };
  const version = async () => ((await host.handlers.get('GetLocalListVersion')!({})) as { versionNumber: number }).versionNumber;
  const ids = () => auth.localList.entries().map((e) => `${e.idToken.idToken}:${e.info.status}`);
  const entry = (id: string, status?: string) => (status ? { idToken: tag(id), idTokenInfo: { status } } : { idToken: tag(id) });
  return { host, auth, send, version, ids, entry };
}

describe('D01 SendLocalList', () => {
  it('D01: Full replaces the whole list and sets the version; Entries and Storage follow', async () => {
    const { host, send, version, ids, entry } = setup();
    expect(await send({ versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted'), entry('B', 'Blocked')] })).toEqual({ status: 'Accepted' });
    expect(await send({ versionNumber: 2, updateType: 'Full', localAuthorizationList: [entry('C', 'Accepted')] })).toEqual({ status: 'Accepted' });
    expect(ids()).toEqual(['C:Accepted']);
    expect(await version()).toBe(2);
    expect(host.model.getNumber('LocalAuthListCtrlr.Entries')).toBe(1);
    expect(host.model.getNumber('LocalAuthListCtrlr.Storage')).toBeGreaterThan(0);
  });

  it('D01: Full with an empty or absent list empties it; a Full version may be lower than the current one', async () => {
    const { host, send, version, ids, entry } = setup();
    await send({ versionNumber: 5, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] });
    expect(await send({ versionNumber: 3, updateType: 'Full' })).toEqual({ status: 'Accepted' });
    expect(ids()).toEqual([]);
    expect(await version()).toBe(3);
    expect(host.model.getNumber('LocalAuthListCtrlr.Entries')).toBe(0);
  });

  it('D01: Differential adds and updates entries with idTokenInfo and removes those without', async () => {
    const { send, version, ids, entry } = setup();
    await send({ versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted'), entry('B', 'Accepted')] });
    const res = await send({ versionNumber: 2, updateType: 'Differential', localAuthorizationList: [entry('a', 'Blocked'), entry('B'), entry('C', 'Accepted'), entry('NOTTHERE')] });
    expect(res).toEqual({ status: 'Accepted' });
    expect(ids()).toEqual(['a:Blocked', 'C:Accepted']);
    expect(await version()).toBe(2);
  });

  it('D01: Differential with a version not above the current one → VersionMismatch, nothing changes', async () => {
    const { send, version, ids, entry } = setup();
    await send({ versionNumber: 4, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] });
    for (const v of [4, 3]) {
      expect((await send({ versionNumber: v, updateType: 'Differential', localAuthorizationList: [entry('B', 'Accepted')] })).status).toBe('VersionMismatch');
    }
    expect(ids()).toEqual(['A:Accepted']);
    expect(await version()).toBe(4);
  });

  it.each([
    ['a Full entry without idTokenInfo', { versionNumber: 2, updateType: 'Full', localAuthorizationList: [{ idToken: tag('X'), idTokenInfo: { status: 'Accepted' } }, { idToken: tag('Y') }] }, 'MissingParam'],
    ['versionNumber 0 (D01.FR.18)', { versionNumber: 0, updateType: 'Full', localAuthorizationList: [] }, 'ValuePositiveOnly'],
    ['a negative versionNumber', { versionNumber: -3, updateType: 'Differential' }, 'ValuePositiveOnly'],
    ['the same idToken twice (D01.FR.06)', { versionNumber: 2, updateType: 'Full', localAuthorizationList: [{ idToken: tag('X'), idTokenInfo: { status: 'Accepted' } }, { idToken: tag('x'), idTokenInfo: { status: 'Blocked' } }] }, 'InvalidValue'],
    ['an empty idToken (release notes: 1..36 characters)', { versionNumber: 2, updateType: 'Differential', localAuthorizationList: [{ idToken: tag(''), idTokenInfo: { status: 'Accepted' } }] }, 'InvalidIdToken'],
    ['more entries than ItemsPerMessage', { versionNumber: 2, updateType: 'Full', localAuthorizationList: ['1', '2', '3', '4'].map((id) => ({ idToken: tag(id), idTokenInfo: { status: 'Accepted' } })) }, 'TooManyElements'],
  ])('D01: Failed for %s; the list and version stay as they were', async (_what, req, reasonCode) => {
    const { host, send, version, ids, entry } = setup({ localList: { itemsPerMessage: 3 } });
    await send({ versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] });
    const res = await send(req);
    expect(res.status).toBe('Failed');
    expect(res.statusInfo?.reasonCode).toBe(reasonCode);
    expect(ids()).toEqual(['A:Accepted']);
    expect(await version()).toBe(1);
    expect(host.model.getNumber('LocalAuthListCtrlr.Entries')).toBe(1);
  });

  it('D01: an update that would overflow LocalAuthListCtrlr.Entries (maxLimit) fails whole — nothing of it is written', async () => {
    const { send, version, ids, entry } = setup({ localList: { maxEntries: 3 } });
    await send({ versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted'), entry('B', 'Accepted')] });
    const res = await send({ versionNumber: 2, updateType: 'Differential', localAuthorizationList: [entry('A'), entry('C', 'Accepted'), entry('D', 'Accepted'), entry('E', 'Accepted')] });
    expect(res).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'OutOfStorage' } });
    expect(ids()).toEqual(['A:Accepted', 'B:Accepted']);
    expect(await version()).toBe(1);
    // removing one first makes room: 3 entries fit
    expect((await send({ versionNumber: 2, updateType: 'Differential', localAuthorizationList: [entry('A'), entry('C', 'Accepted'), entry('D', 'Accepted')] })).status).toBe('Accepted');
  });

  it('D01: Failed when LocalAuthListCtrlr.Enabled is false', async () => {
    const { host, send, ids, entry } = setup();
    host.set('LocalAuthListCtrlr.Enabled', 'false');
    expect(await send({ versionNumber: 1, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] })).toMatchObject({ status: 'Failed', statusInfo: { reasonCode: 'NotEnabled' } });
    expect(ids()).toEqual([]);
  });
});

describe('D02 GetLocalListVersion', () => {
  it('D02: 0 before any list; the version of the last accepted update after', async () => {
    const { send, version, entry } = setup();
    expect(await version()).toBe(0);
    await send({ versionNumber: 7, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] });
    expect(await version()).toBe(7);
    await send({ versionNumber: 9, updateType: 'Differential' });
    expect(await version()).toBe(9);
  });

  it('D02: 0 while LocalAuthListCtrlr is disabled (no list in use)', async () => {
    const { host, send, version, entry } = setup();
    await send({ versionNumber: 7, updateType: 'Full', localAuthorizationList: [entry('A', 'Accepted')] });
    host.set('LocalAuthListCtrlr.Enabled', 'false');
    expect(await version()).toBe(0);
  });
});
