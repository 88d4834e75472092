/**
 * Certificates in PEM and their OCPP CertificateHashData. This module loads
 * @peculiar/x509 (~100 ms): the block imports it on first use only, never
 * at start-up.
 *
 * CertificateHashDataType as OCPP 2.0.1 defines it, and the OCPP 1.6
 * Security Extension rev 3 (which this firmware follows) the same way: the
 * fields of an OCSP CertID (RFC 6960 4.1.1).
 */
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { type CertificateHashData, type HashAlgorithm, sameHashData } from './types.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509, sameHashData };

const NODE_HASH: Record<HashAlgorithm, string> = { SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['SHA256', 'SHA384', 'SHA512'];

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The certificates of a PEM text (one, or a chain), in order; throws a clear Error for anything malformed. */
export function parseCertificates(pem: string): x509.X509Certificate[] {
  const certs: x509.X509Certificate[] = [];
  let end = 0;
  for (const m of pem.matchAll(BLOCK)) {
    const [whole, label, body, endLabel] = m as unknown as [string, string, string, string];
    const n = certs.length + 1;
    if (pem.slice(end, m.index).trim() !== '') throw new Error(`unexpected text before certificate ${n}`);
    end = m.index + whole.length;
    if (label !== 'CERTIFICATE' || endLabel !== 'CERTIFICATE') throw new Error(`block ${n} is ${label === endLabel ? `a ${label}` : `BEGIN ${label} / END ${endLabel}`}, not a CERTIFICATE`);
    const b64 = body.replace(/\s+/g, '');
    if (b64 === '' || b64.length % 4 !== 0 || !BASE64.test(b64)) throw new Error(`certificate ${n}: bad base64`);
    const der = Buffer.from(b64, 'base64');
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(der);
    } catch (err) {
      throw new Error(`certificate ${n}: not an X.509 certificate (${(err as Error).message})`);
    }
    // the DER parser stops after the outer SEQUENCE: bytes past it are junk
    if (AsnConvert.serialize(AsnConvert.parse(der, Certificate)).byteLength !== der.length) throw new Error(`certificate ${n}: trailing bytes after the DER`);
    certs.push(cert);
  }
  if (certs.length === 0) throw new Error('no BEGIN CERTIFICATE block');
  if (pem.slice(end).trim() !== '') throw new Error('unexpected text after the last certificate');
  return certs;
}

/** The serial number as OCPP carries it: lowercase hex, no leading zeroes. */
export function serialHex(cert: x509.X509Certificate): string {
  return normalizeSerial(cert.serialNumber);
}

function normalizeSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+/, '') || '0';
}

/** The subject was the issuer: the issuer Name equals the subject Name (DER). */
export function isSelfIssued(cert: x509.X509Certificate): boolean {
  return Buffer.from(cert.issuerName.toArrayBuffer()).equals(Buffer.from(cert.subjectName.toArrayBuffer()));
}

/** Whether `issuer` is named as the issuer of `cert` (DER-equal Names). */
export function namesIssuer(cert: x509.X509Certificate, issuer: x509.X509Certificate): boolean {
  return Buffer.from(cert.issuerName.toArrayBuffer()).equals(Buffer.from(issuer.subjectName.toArrayBuffer()));
}

/**
 * CertificateHashDataType of `cert`: issuerNameHash = hash of the DER of its
 * issuer Name; issuerKeyHash = hash of the issuer's subjectPublicKey BIT
 * STRING value (not the whole SubjectPublicKeyInfo); serialNumber in
 * lowercase hex without leading zeroes. A self-issued certificate is its own
 * issuer when none is given.
 */
export function certificateHashData(cert: x509.X509Certificate, issuer: x509.X509Certificate | undefined, hashAlgorithm: HashAlgorithm): CertificateHashData {
  if (!issuer) {
    if (!isSelfIssued(cert)) throw new Error(`the issuer of ${cert.subject} is needed for its hash data`);
    issuer = cert;
  }
  const hash = (data: ArrayBuffer) => createHash(NODE_HASH[hashAlgorithm]).update(Buffer.from(data)).digest('hex');
  // the issuer Name as the certificate encodes it (re-encoded from the parse: the same bytes for DER input)
  const issuerName = AsnConvert.serialize(AsnConvert.parse(cert.rawData, Certificate).tbsCertificate.issuer);
  const spki = AsnConvert.parse(issuer.publicKey.rawData, SubjectPublicKeyInfo);
  return { hashAlgorithm, issuerNameHash: hash(issuerName), issuerKeyHash: hash(spki.subjectPublicKey), serialNumber: serialHex(cert) };
}

/** Whether cert is a CA certificate (basicConstraints cA true). */
export function isCa(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}
