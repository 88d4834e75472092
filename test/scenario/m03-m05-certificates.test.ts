/** M03 GetInstalledCertificateIds, M04 DeleteCertificate, M05 InstallCertificate through a schema-validating CSMS. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario, type Scenario } from '../support/scenario.js';
import { issue, makeRoot } from '../support/pki.js';
import { tempDir } from '../support/test-end.js';

const DAY = 86_400_000;

/** SecurityCtrlr.CertificateEntries as the CSMS reads it. */
async function certificateEntries(s: Scenario): Promise<string> {
  const res = await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'CertificateEntries' } }] });
  return res.getVariableResult[0].attributeValue;
}

const install = (s: Scenario, certificateType: string, certificate: string) => s.csms.call('CS001', 'InstallCertificate', { certificateType, certificate });
const ids = (s: Scenario, certificateType?: string[]) => s.csms.call('CS001', 'GetInstalledCertificateIds', certificateType ? { certificateType } : {});

describe('M03-M05 certificate management', () => {
  it('M05/M03/M04: install a CSMS and a manufacturer root, list them (all, filtered), delete one by the hash data listed, NotFound after', async () => {
    const s = await acceptedScenario();
    const csmsRoot = await makeRoot('CN=CSMS root, O=ng9 tests');
    const manufacturerRoot = await makeRoot('CN=Manufacturer root, O=ng9 tests', { rsa: true });
    expect(await certificateEntries(s)).toBe('0');
    expect(await ids(s)).toEqual({ status: 'NotFound' });

    expect(await install(s, 'CSMSRootCertificate', csmsRoot.pem)).toEqual({ status: 'Accepted' });
    expect(await install(s, 'ManufacturerRootCertificate', manufacturerRoot.pem)).toEqual({ status: 'Accepted' });
    expect(await certificateEntries(s)).toBe('2');

    const all = await ids(s);
    expect(all.status).toBe('Accepted');
    expect(all.certificateHashDataChain.map((c: any) => c.certificateType)).toEqual(['CSMSRootCertificate', 'ManufacturerRootCertificate']);
    for (const c of all.certificateHashDataChain) {
      expect(c.certificateHashData).toMatchObject({ hashAlgorithm: 'SHA256', issuerNameHash: expect.stringMatching(/^[0-9a-f]{64}$/), issuerKeyHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    const filtered = await ids(s, ['ManufacturerRootCertificate']);
    expect(filtered.certificateHashDataChain).toEqual([all.certificateHashDataChain[1]]);
    expect(await ids(s, ['V2GRootCertificate', 'MORootCertificate'])).toEqual({ status: 'NotFound' });

    const manufacturer = all.certificateHashDataChain[1].certificateHashData;
    expect(await s.csms.call('CS001', 'DeleteCertificate', { certificateHashData: manufacturer })).toEqual({ status: 'Accepted' });
    expect(await certificateEntries(s)).toBe('1');
    expect(await s.csms.call('CS001', 'DeleteCertificate', { certificateHashData: manufacturer })).toEqual({ status: 'NotFound' });
    expect(await s.csms.call('CS001', 'DeleteCertificate', { certificateHashData: { ...manufacturer, serialNumber: 'abcdef' } })).toEqual({ status: 'NotFound' });
    expect((await ids(s)).certificateHashDataChain.map((c: any) => c.certificateType)).toEqual(['CSMSRootCertificate']);
    expect(s.station.certificates.csmsRootPems()).toEqual([csmsRoot.pem]);
  });

  it('M05: an expired CA, a leaf (not a CA) and a malformed PEM are Rejected with a statusInfo; nothing is stored', async () => {
    const s = await acceptedScenario();
    const expired = await makeRoot('CN=expired root', { notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() - DAY) });
    const root = await makeRoot();
    const leaf = await issue(root, { subject: 'CN=not a CA', usage: 'server' });
    const cases: Array<[string, string]> = [
      [expired.pem, 'Expired'],
      [leaf.pem, 'NotCA'],
      ['-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n', 'InvalidCertificate'],
    ];
    for (const [pem, reasonCode] of cases) {
      const res = await install(s, 'CSMSRootCertificate', pem);
      expect(res).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode, additionalInfo: expect.any(String) } });
    }
    expect(await ids(s)).toEqual({ status: 'NotFound' });
    expect(await certificateEntries(s)).toBe('0');
    expect(s.station.log.recent(20).filter((l) => l.source === 'certificates' && /rejected/.test(l.text))).toHaveLength(3);
  });

  it('M05: installing the same certificate twice is Accepted once stored', async () => {
    const s = await acceptedScenario();
    const root = await makeRoot();
    expect(await install(s, 'MORootCertificate', root.pem)).toEqual({ status: 'Accepted' });
    expect(await install(s, 'MORootCertificate', root.pem)).toEqual({ status: 'Accepted' });
    expect((await ids(s)).certificateHashDataChain).toHaveLength(1);
    expect(await certificateEntries(s)).toBe('1');
  });

  it('M03-M05: the certificates survive a restart in place and a fresh start from the state dir; CertificateEntries follows', async () => {
    const dir = tempDir('ng9-m05-');
    let s = await acceptedScenario({ stateDir: dir });
    await install(s, 'CSMSRootCertificate', (await makeRoot('CN=a')).pem);
    await install(s, 'ManufacturerRootCertificate', (await makeRoot('CN=b')).pem);
    const before = await ids(s);

    const mark = s.csms.mark();
    await s.station.restart('LocalReset');
    await s.csms.waitForCall('SecurityEventNotification', undefined, { after: mark });
    expect(await ids(s)).toEqual(before);
    expect(await certificateEntries(s)).toBe('2');

    const csms = s.csms;
    await s.station.stop();
    s = await acceptedScenario({ csms, stateDir: dir });
    expect(await ids(s)).toEqual(before);
    expect(await certificateEntries(s)).toBe('2');
  });
});
