import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/station/console/session.js';
import { acceptedScenario } from '../support/scenario.js';

const card = (idToken: string) => ({ idToken, type: 'ISO14443' as const });
const group = (idToken: string) => ({ idToken, type: 'Central' as const });

describe('C09 Authorization by GroupId (decision helpers)', () => {
  it('C09: a different card of the same group, Accepted by the CSMS, may stop; a Blocked one of that group may not (C09.FR.11)', async () => {
    const s = await acceptedScenario();
    s.csms.handle('Authorize', (p) => ({
      idTokenInfo: { status: p.idToken.idToken === 'STOLEN' ? 'Blocked' : 'Accepted', groupIdToken: group(p.idToken.idToken === 'STRANGER' ? 'OTHERS' : 'FLEET') },
    }));
    const start = await s.station.auth.authorize(card('DRIVER1'), 1);
    const owner = { idToken: card('DRIVER1'), groupIdToken: start.idTokenInfo.groupIdToken };

    const colleague = await s.station.auth.authorize(card('DRIVER2'), 1);
    expect(s.station.auth.mayStop(owner, card('DRIVER2'), colleague.idTokenInfo)).toBe(true);

    const stolen = await s.station.auth.authorize(card('STOLEN'), 1);
    expect(s.station.auth.mayStop(owner, card('STOLEN'), stolen.idTokenInfo)).toBe(false);

    const stranger = await s.station.auth.authorize(card('STRANGER'), 1);
    expect(s.station.auth.mayStop(owner, card('STRANGER'), stranger.idTokenInfo)).toBe(false);

    expect(s.csms.callsOf('Authorize').map((p) => p.idToken.idToken)).toEqual(['DRIVER1', 'DRIVER2', 'STOLEN', 'STRANGER']);
    // C09.FR.03: the owner's own card stops without any decision
    expect(s.station.auth.mayStop(owner, card('driver1'))).toBe(true);
  });

  it('C09.FR.07: with LocalPreAuthorize a cached card of the same group is decided without Authorize', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'LocalPreAuthorize' }, attributeValue: 'true' }] });
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', groupIdToken: group('FLEET') } }));
    await s.station.auth.authorize(card('DRIVER2'));
    const owner = { idToken: card('DRIVER1'), groupIdToken: group('FLEET') };
    const again = await s.station.auth.authorize(card('DRIVER2'));
    expect(again.source).toBe('cache');
    expect(s.station.auth.mayStop(owner, card('DRIVER2'), again.idTokenInfo)).toBe(true);
    expect(s.csms.callsOf('Authorize')).toHaveLength(1);
  });
});

describe('C16 Stop Transaction with a Master Pass (decision)', () => {
  it('C16: a card whose group is AuthCtrlr.MasterPassGroupId (set by the CSMS) is a master pass', async () => {
    const s = await acceptedScenario();
    s.csms.handle('Authorize', (p) => ({ idTokenInfo: { status: 'Accepted', groupIdToken: group(p.idToken.idToken.startsWith('COP') ? 'POLICE' : 'FLEET') } }));
    expect((await s.station.auth.authorize(card('COP1'))).masterPass).toBe(false); // no MasterPassGroupId yet
    const set = await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'MasterPassGroupId' }, attributeValue: 'POLICE' }] });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    const cop = await s.station.auth.authorize(card('COP1'));
    expect(cop).toMatchObject({ idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'POLICE' } }, source: 'csms', masterPass: true });
    expect(s.station.auth.isMasterPass(cop.idTokenInfo)).toBe(true);
    expect((await s.station.auth.authorize(card('DRIVER1'))).masterPass).toBe(false);
  });

  it('C16: the console `masterpass <groupId>` sets the group the decision uses; `masterpass clear` ends it', async () => {
    const s = await acceptedScenario();
    const lines: string[] = [];
    const session = new ConsoleSession(s.station, (l) => lines.push(l));
    await session.handleLine('masterpass TOWING');
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Accepted', groupIdToken: group('towing') } }));
    expect((await s.station.auth.authorize(card('TRUCK1'))).masterPass).toBe(true);
    await session.handleLine('masterpass clear');
    expect((await s.station.auth.authorize(card('TRUCK1'))).masterPass).toBe(false);
    session.close();
    expect(lines.filter((l) => l.startsWith('ERR'))).toEqual([]);
  });

  it('C16: a master pass from the local list is recognised offline too', async () => {
    const s = await acceptedScenario();
    await s.csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'AuthCtrlr' }, variable: { name: 'MasterPassGroupId' }, attributeValue: 'POLICE' }] });
    await s.csms.call('CS001', 'SendLocalList', {
      versionNumber: 3,
      updateType: 'Full',
      localAuthorizationList: [{ idToken: card('COP7'), idTokenInfo: { status: 'Accepted', groupIdToken: group('POLICE') } }],
    });
    await s.station.setLinkWanted(false);
    expect(await s.station.auth.authorize(card('COP7'))).toMatchObject({ source: 'localList', masterPass: true });
  });
});
