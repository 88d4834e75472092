import { constants, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSigningCertificate, verifiesWith } from '../../../src/station/firmware/signature.js';
import { issue, makeRoot } from '../../support/pki.js';

const NOW = Date.now();
const DAY = 86_400_000;

describe('firmware signing certificate and signature (L01)', () => {
  it('a signer issued by an installed ManufacturerRootCertificate is accepted; one from another root, an expired one, garbage are not', async () => {
    const root = await makeRoot('CN=manufacturer');
    const signer = await issue(root, { subject: 'CN=fw signer' });
    const other = await issue(await makeRoot('CN=other'), { subject: 'CN=fw signer' });
    const expired = await issue(root, { subject: 'CN=old signer', notBefore: new Date(NOW - 10 * DAY), notAfter: new Date(NOW - DAY) });
    expect(checkSigningCertificate(signer.pem, [root.pem], NOW)).toMatchObject({ ok: true });
    expect(checkSigningCertificate(root.pem, [root.pem], NOW)).toMatchObject({ ok: true });
    expect(checkSigningCertificate(other.pem, [root.pem], NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not chain to an installed ManufacturerRootCertificate/) });
    expect(checkSigningCertificate(expired.pem, [root.pem], NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/expired/) });
    expect(checkSigningCertificate(signer.pem, [], NOW)).toMatchObject({ ok: false, reason: 'no ManufacturerRootCertificate is installed' });
    expect(checkSigningCertificate('not a pem', [root.pem], NOW)).toMatchObject({ ok: false });
  });

  it('verifies ECDSA (DER and raw r|s), RSA PKCS#1 v1.5 and RSA-PSS signatures over the image, and nothing else', async () => {
    const root = await makeRoot('CN=manufacturer');
    const ec = await issue(root, { subject: 'CN=ec signer' });
    const rsa = await issue(root, { subject: 'CN=rsa signer', rsa: true });
    const data = Buffer.from('an FWI image');
    expect(verifiesWith(data, sign('sha256', data, ec.keyPem).toString('base64'), ec.pem)).toBe(true);
    expect(verifiesWith(data, sign('sha256', data, { key: ec.keyPem, dsaEncoding: 'ieee-p1363' }).toString('base64'), ec.pem)).toBe(true);
    expect(verifiesWith(data, sign('sha256', data, rsa.keyPem).toString('base64'), rsa.pem)).toBe(true);
    const pss = sign('sha256', data, { key: rsa.keyPem, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(verifiesWith(data, pss.toString('base64'), rsa.pem)).toBe(true);
    expect(verifiesWith(Buffer.from('another image'), sign('sha256', data, ec.keyPem).toString('base64'), ec.pem)).toBe(false);
    expect(verifiesWith(data, sign('sha256', data, ec.keyPem).toString('base64'), rsa.pem)).toBe(false);
    expect(verifiesWith(data, '', ec.pem)).toBe(false);
  });
});
