import { describe, expect, it } from 'vitest';
import { NO_REPLY } from '../support/fake-csms.js';
import { type Scenario, acceptedScenario, linkDown, linkUp } from '../support/scenario.js';
import { evse, swipe, txEvents, txStation } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { setVariableData, setVariables } from '../support/wire.js';

const card = (idToken: string) => ({ idToken, type: 'ISO14443' as const });

/** A list with one Accepted card (with its group) and one Blocked card, installed by the CSMS. */
async function installList(sc: Scenario): Promise<void> {
  const res = await sc.csms.call('CS001', 'SendLocalList', {
    versionNumber: 1,
    updateType: 'Full',
    localAuthorizationList: [
      { idToken: card('LISTED01'), idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' } } },
      { idToken: card('BLOCKED1'), idTokenInfo: { status: 'Blocked' } },
    ],
  });
  expect(res.status).toBe('Accepted');
}

async function goOffline(sc: Scenario): Promise<void> {
  await linkDown(sc);
  expect(sc.station.connected).toBe(false);
}

describe('C13 Offline Authorization through Local Authorization List', () => {
  it('C13: offline with LocalAuthorizeOffline (default) an Accepted listed token is accepted from the list', async () => {
    const s = await acceptedScenario();
    await installList(s);
    await goOffline(s);
    const decision = await s.station.auth.authorize({ idToken: 'listed01', type: 'ISO14443' }, 1);
    expect(decision).toEqual({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'FLEET', type: 'Central' } }, source: 'localList', masterPass: false });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });

  it('C13.FR.04: offline a listed token that is not Accepted is refused, even with OfflineTxForUnknownIdEnabled', async () => {
    const s = await acceptedScenario();
    await installList(s);
    await setVariables(s, setVariableData('AuthCtrlr', 'OfflineTxForUnknownIdEnabled', 'true'));
    await goOffline(s);
    expect(await s.station.auth.authorize(card('BLOCKED1'))).toMatchObject({ idTokenInfo: { status: 'Blocked' }, source: 'localList' });
  });

  it('C13: LocalAuthorizeOffline false → the list is not used offline', async () => {
    const s = await acceptedScenario();
    await installList(s);
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalAuthorizeOffline', 'false'));
    await goOffline(s);
    expect(await s.station.auth.authorize(card('LISTED01'))).toMatchObject({ idTokenInfo: { status: 'Unknown' }, source: 'offlineUnknown' });
  });

  it('C13: the CSMS not answering Authorize within MessageTimeout counts as offline', async () => {
    const s = await acceptedScenario();
    await installList(s);
    s.csms.handle('Authorize', () => NO_REPLY);
    const pending = s.station.auth.authorize(card('LISTED01'));
    await s.csms.waitForCall('Authorize');
    await s.clock.advance(30_000);
    expect(await pending).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'localList' });
  });
});

describe('C14 Online Authorization through Local Authorization List', () => {
  it('C14: online with LocalPreAuthorize an Accepted listed token is accepted without Authorize', async () => {
    const s = await acceptedScenario();
    await installList(s);
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    expect(await s.station.auth.authorize(card('LISTED01'), 2)).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'localList' });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });

  it('C14.FR.03: a listed token that is not Accepted is authorized at the CSMS, whose answer decides', async () => {
    const s = await acceptedScenario();
    await installList(s);
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted' } }));
    expect(await s.station.auth.authorize(card('BLOCKED1'))).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'csms' });
    expect(s.csms.callsOf('Authorize')).toEqual([{ idToken: card('BLOCKED1') }]);
  });

  it('C14: the local list wins over the cache', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'LocalPreAuthorize', 'true'));
    s.station.auth.learned(card('LISTED01'), { status: 'Accepted', groupIdToken: { idToken: 'OTHER', type: 'Central' } });
    await installList(s);
    expect(await s.station.auth.authorize(card('LISTED01'))).toMatchObject({ idTokenInfo: { groupIdToken: { idToken: 'FLEET' } }, source: 'localList' });
  });
});

describe('C15 Offline Authorization of unknown Id', () => {
  it('C15: offline, an unknown id is Accepted when OfflineTxForUnknownIdEnabled is true', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'OfflineTxForUnknownIdEnabled', 'true'));
    await goOffline(s);
    expect(await s.station.auth.authorize(card('NEVERSEEN'), 1)).toEqual({ idTokenInfo: { status: 'Accepted' }, source: 'offlineUnknown', masterPass: false });
  });

  it('C15: offline, an unknown id is not accepted when OfflineTxForUnknownIdEnabled is false (default)', async () => {
    const s = await acceptedScenario();
    await goOffline(s);
    expect(await s.station.auth.authorize(card('NEVERSEEN'))).toMatchObject({ idTokenInfo: { status: 'Unknown' }, source: 'offlineUnknown' });
  });

  it('C15: back online the same unknown id is authorized at the CSMS again', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'OfflineTxForUnknownIdEnabled', 'true'));
    await goOffline(s);
    await s.station.auth.authorize(card('NEVERSEEN'));
    await s.station.setLinkWanted(true);
    await waitFor(() => s.station.connected, 'reconnected');
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Invalid' } }));
    expect(await s.station.auth.authorize(card('NEVERSEEN'))).toMatchObject({ idTokenInfo: { status: 'Invalid' }, source: 'csms' });
  });
});

describe('C15 through the product path: a real transaction', () => {
  it('C15: offline, plug + swipe of an unknown id starts a transaction; after reconnect its events reach the CSMS with offline true', async () => {
    const s = await txStation({ 'AuthCtrlr.OfflineTxForUnknownIdEnabled': 'true' });
    await goOffline(s);
    evse(s, 1).plug();
    await swipe(s, 'NEVERSEEN');
    expect(s.station.transactions.active(1)).toBeDefined();
    await linkUp(s);
    await waitFor(() => txEvents(s).some((e) => e.eventType === 'Started'), 'the offline Started delivered');
    const started = txEvents(s).find((e) => e.eventType === 'Started');
    expect(started).toMatchObject({ offline: true, idToken: { idToken: 'NEVERSEEN', type: 'ISO14443' } });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });
});

