/** CertificateHashData checked against openssl: an OCSP CertID (RFC 6960) is defined the very same way. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { certificateHashData, parseCertificates, sameHashData } from '../../../src/station/certificates/hash-data.js';
import type { HashAlgorithm } from '../../../src/station/certificates/types.js';
import { issue, makeRoot } from '../../support/pki.js';
import { tempDir } from '../../support/test-end.js';

const ALGORITHMS: HashAlgorithm[] = ['SHA256', 'SHA384', 'SHA512'];

/** What `openssl ocsp` puts in the CertID of a request for cert, issued by issuer. */
function opensslCertId(issuerPem: string, certPem: string, alg: HashAlgorithm) {
  const dir = tempDir('ng9-ocsp-');
  writeFileSync(join(dir, 'issuer.pem'), issuerPem);
  writeFileSync(join(dir, 'cert.pem'), certPem);
  const req = join(dir, 'req.der');
  execFileSync('openssl', ['ocsp', '-issuer', join(dir, 'issuer.pem'), `-${alg.toLowerCase()}`, '-cert', join(dir, 'cert.pem'), '-reqout', req, '-no_nonce'], { stdio: 'pipe' });
  const text = execFileSync('openssl', ['ocsp', '-reqin', req, '-req_text'], { encoding: 'utf8' }).replace(/\\\n/g, '');
  const field = (name: string) => {
    const m = new RegExp(`${name}: ([0-9A-F]+)`).exec(text);
    if (!m) throw new Error(`no ${name} in\n${text}`);
    return m[1]!.toLowerCase();
  };
  return { hashAlgorithm: alg, issuerNameHash: field('Issuer Name Hash'), issuerKeyHash: field('Issuer Key Hash'), serialNumber: field('Serial Number').replace(/^0+/, '') };
}

function expectLikeOpenssl(issuerPem: string, certPem: string, selfSigned: boolean) {
  const [cert] = parseCertificates(certPem);
  const [issuer] = parseCertificates(issuerPem);
  for (const alg of ALGORITHMS) {
    const ours = certificateHashData(cert!, selfSigned ? undefined : issuer, alg);
    expect(ours).toEqual(opensslCertId(issuerPem, certPem, alg));
    expect(ours.issuerNameHash).toMatch(/^[0-9a-f]+$/);
  }
}

describe('CertificateHashData (OCPP 2.0.1 CertificateHashDataType) equals openssl OCSP CertID', () => {
  it('M03: a self-signed EC root is its own issuer, in SHA256, SHA384 and SHA512', async () => {
    const root = await makeRoot();
    expectLikeOpenssl(root.pem, root.pem, true);
  });

  it('M03: a self-signed RSA root', async () => {
    const root = await makeRoot('CN=ng9 RSA root, O=ng9 tests', { rsa: true });
    expectLikeOpenssl(root.pem, root.pem, true);
  });

  it('M03: a leaf issued by an intermediate hashes the intermediate (name and key), not the root', async () => {
    const root = await makeRoot();
    const sub = await issue(root, { subject: 'CN=ng9 sub CA, O=ng9 tests', ca: true });
    const leaf = await issue(sub, { subject: 'CN=CS001, O=ng9', usage: 'client' });
    expectLikeOpenssl(sub.pem, leaf.pem, false);
    const [leafCert] = parseCertificates(leaf.pem);
    expect(() => certificateHashData(leafCert!, undefined, 'SHA256')).toThrow(/issuer .* is needed/);
  });

  it('M03: serial numbers are lowercase hex without leading zeroes (a leading zero byte, a leading zero nibble)', async () => {
    const zeroByte = await makeRoot('CN=zero byte', { serial: '00ab12cd' });
    const zeroNibble = await makeRoot('CN=zero nibble', { serial: '0a1b2c' });
    expectLikeOpenssl(zeroByte.pem, zeroByte.pem, true);
    expectLikeOpenssl(zeroNibble.pem, zeroNibble.pem, true);
    expect(certificateHashData(parseCertificates(zeroByte.pem)[0]!, undefined, 'SHA256').serialNumber).toBe('ab12cd');
    expect(certificateHashData(parseCertificates(zeroNibble.pem)[0]!, undefined, 'SHA256').serialNumber).toBe('a1b2c');
  });

  it('M03: a root made by openssl itself (RSA, an emailAddress IA5String in the name)', () => {
    const dir = tempDir('ng9-openssl-root-');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/C=NL/O=ng9/CN=openssl root/emailAddress=pki@example.com', '-days', '2', '-set_serial', '0x00f1e2'], { stdio: 'pipe' });
    const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
    expectLikeOpenssl(pem, pem, true);
  });

  it('DeleteCertificate matching: same algorithm, hashes and serial ignoring case and leading zeroes', () => {
    const a = { hashAlgorithm: 'SHA256' as const, issuerNameHash: 'ab', issuerKeyHash: 'cd', serialNumber: '0a1b' };
    expect(sameHashData(a, { ...a, issuerNameHash: 'AB', serialNumber: 'A1B' })).toBe(true);
    expect(sameHashData(a, { ...a, serialNumber: '000a1b' })).toBe(true);
    expect(sameHashData(a, { ...a, hashAlgorithm: 'SHA384' })).toBe(false);
    expect(sameHashData(a, { ...a, issuerKeyHash: 'ce' })).toBe(false);
    expect(sameHashData(a, { ...a, serialNumber: 'a1c' })).toBe(false);
  });
});

describe('parseCertificates', () => {
  it('reads one certificate or a chain, in order', async () => {
    const root = await makeRoot();
    const sub = await issue(root, { subject: 'CN=sub', ca: true });
    expect(parseCertificates(root.pem).map((c) => c.subject)).toEqual([root.cert.subject]);
    expect(parseCertificates(`${sub.pem}\n${root.pem}\n`).map((c) => c.subject)).toEqual(['CN=sub', root.cert.subject]);
  });

  it('a clear error for what is not a PEM certificate', async () => {
    const root = await makeRoot();
    const body = root.pem.split('\n').slice(1, -2).join('\n');
    expect(() => parseCertificates('')).toThrow(/no BEGIN CERTIFICATE block/);
    expect(() => parseCertificates('hello')).toThrow(/no BEGIN CERTIFICATE block/);
    expect(() => parseCertificates(root.keyPem)).toThrow(/PRIVATE KEY, not a CERTIFICATE/);
    expect(() => parseCertificates(`-----BEGIN CERTIFICATE-----\n${body.replace(/[A-Z]/, '*')}\n-----END CERTIFICATE-----\n`)).toThrow(/bad base64/);
    expect(() => parseCertificates(`-----BEGIN CERTIFICATE-----\nAAAA${body.slice(4)}\n-----END CERTIFICATE-----\n`)).toThrow(/not an X.509 certificate/);
    expect(() => parseCertificates(`-----BEGIN CERTIFICATE-----\nTUlJ\n-----END CERTIFICATE-----\n`)).toThrow(/not an X.509 certificate/);
    expect(() => parseCertificates(`${root.pem}junk`)).toThrow(/text after the last certificate/);
    expect(() => parseCertificates(`junk\n${root.pem}`)).toThrow(/text before certificate 1/);
    const der = Buffer.concat([Buffer.from(root.cert.rawData), Buffer.from([0, 0])]);
    expect(() => parseCertificates(`-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`)).toThrow(/trailing bytes/);
  });
});
