import { describe, expect, it } from 'vitest';
import { acceptedScenario } from '../support/scenario.js';
import { setVariableData, setVariables } from '../support/wire.js';

describe('C01 EV Driver Authorization using RFID', () => {
  it('C01: Authorize carries the presented idToken; the CSMS answer is the decision and is cached (C10)', async () => {
    const s = await acceptedScenario();
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'Blocked', groupIdToken: { idToken: 'FLEET7', type: 'Central' }, language1: 'nl' } }));
    const decision = await s.station.auth.authorize({ idToken: '04A2B3C4D5E6F7', type: 'ISO14443' }, 1);
    expect(s.csms.callsOf('Authorize')).toEqual([{ idToken: { idToken: '04A2B3C4D5E6F7', type: 'ISO14443' } }]);
    expect(decision).toEqual({
      idTokenInfo: { status: 'Blocked', groupIdToken: { idToken: 'FLEET7', type: 'Central' }, language1: 'nl' },
      source: 'csms',
      masterPass: false,
    });
    const [entry] = s.station.auth.cache.entries();
    const row = { id_token: entry!.idToken.idToken, type: entry!.idToken.type, info: JSON.stringify(entry!.info) };
    expect(row.id_token).toBe('04A2B3C4D5E6F7');
    expect(JSON.parse(row.info).status).toBe('Blocked');
  });

  it('C01: every presentation is authorized at the CSMS while LocalPreAuthorize is false (default)', async () => {
    const s = await acceptedScenario();
    await s.station.auth.authorize({ idToken: 'AABB', type: 'ISO14443' });
    await s.station.auth.authorize({ idToken: 'AABB', type: 'ISO14443' });
    expect(s.csms.callsOf('Authorize')).toHaveLength(2);
  });

  it('release notes: a tag of 1 character is authorized like any other (minimum length was 6)', async () => {
    const s = await acceptedScenario();
    const decision = await s.station.auth.authorize({ idToken: 'Z', type: 'KeyCode' });
    expect(s.csms.callsOf('Authorize')).toEqual([{ idToken: { idToken: 'Z', type: 'KeyCode' } }]);
    expect(decision.idTokenInfo.status).toBe('Accepted');
  });

  it('release notes: an empty tag is Invalid and nothing goes on the wire', async () => {
    const s = await acceptedScenario();
    const decision = await s.station.auth.authorize({ idToken: '', type: 'ISO14443' });
    expect(decision).toEqual({ idTokenInfo: { status: 'Invalid' }, source: 'station', masterPass: false });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });

  it('DisableRemoteAuthorization: no Authorize is ever sent; an unknown tag is Unknown', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'DisableRemoteAuthorization', 'true'));
    expect((await s.station.auth.authorize({ idToken: 'AABB', type: 'ISO14443' })).idTokenInfo.status).toBe('Unknown');
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });
});

describe('C05 Authorization for CSMS initiated transactions (authorization side)', () => {
  it('C05: AuthorizeRemoteStart false (default) → the remote-start token is Accepted without Authorize', async () => {
    const s = await acceptedScenario();
    const decision = await s.station.auth.authorizeRemoteStart({ idToken: 'REMOTE1', type: 'Central' }, 1);
    expect(decision).toMatchObject({ idTokenInfo: { status: 'Accepted' }, source: 'csms' });
    expect(s.csms.callsOf('Authorize')).toHaveLength(0);
  });

  it('C05: AuthorizeRemoteStart true → Authorize first; its answer decides', async () => {
    const s = await acceptedScenario();
    await setVariables(s, setVariableData('AuthCtrlr', 'AuthorizeRemoteStart', 'true'));
    s.csms.handle('Authorize', () => ({ idTokenInfo: { status: 'NotAtThisTime' } }));
    const decision = await s.station.auth.authorizeRemoteStart({ idToken: 'REMOTE1', type: 'eMAID' }, 1);
    expect(s.csms.callsOf('Authorize')).toEqual([{ idToken: { idToken: 'REMOTE1', type: 'eMAID' } }]);
    expect(decision).toMatchObject({ idTokenInfo: { status: 'NotAtThisTime' }, source: 'csms' });
  });
});
