/**
 * L01 firmware signatures: the signing certificate must chain to an
 * installed ManufacturerRootCertificate and be valid now; the signature
 * (ECDSA or RSA, SHA-256) must verify with its key. node:crypto only: this
 * runs on every install and must not load a certificate library.
 */
import { X509Certificate, constants, verify } from 'node:crypto';

export type Checked = { ok: true; subject: string } | { ok: false; reason: string };

/** The certificate (first of `pem`) is, or is signed by, one of `rootPems`, and every link is valid at `now`. */
export function checkSigningCertificate(pem: string, rootPems: readonly string[], now: number): Checked {
  let chain: X509Certificate[];
  try {
    chain = splitPem(pem).map((p) => new X509Certificate(p));
  } catch (err) {
    return { ok: false, reason: `not a certificate: ${(err as Error).message}` };
  }
  if (chain.length === 0) return { ok: false, reason: 'no certificate in the PEM' };
  for (const cert of chain) {
    if (now < Date.parse(cert.validFrom)) return { ok: false, reason: `${cert.subject} is valid from ${cert.validFrom}` };
    if (now > Date.parse(cert.validTo)) return { ok: false, reason: `${cert.subject} expired ${cert.validTo}` };
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!issues(chain[i + 1]!, chain[i]!)) return { ok: false, reason: `${chain[i]!.subject.replace(/\n/g, ', ')} is not signed by the next certificate` };
  }
  const top = chain[chain.length - 1]!;
  const roots = rootPems.flatMap((p) => {
    try {
      return splitPem(p).map((x) => new X509Certificate(x));
    } catch {
      return [];
    }
  });
  if (roots.length === 0) return { ok: false, reason: 'no ManufacturerRootCertificate is installed' };
  const anchored = roots.some((root) => root.raw.equals(top.raw) || issues(root, top));
  if (!anchored) return { ok: false, reason: `${top.subject.replace(/\n/g, ', ')} does not chain to an installed ManufacturerRootCertificate` };
  return { ok: true, subject: chain[0]!.subject.replace(/\n/g, ', ') };
}

/** A base64 signature over `data` made with the key of `certificatePem` (ECDSA, RSA PKCS#1 v1.5 or RSA-PSS; SHA-256). */
export function verifiesWith(data: Uint8Array, signatureBase64: string, certificatePem: string): boolean {
  let key;
  try {
    key = new X509Certificate(splitPem(certificatePem)[0] ?? '').publicKey;
  } catch {
    return false;
  }
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length === 0) return false;
  const attempts = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss'
    ? [{ key }, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }]
    : [{ key }, { key, dsaEncoding: 'ieee-p1363' as const }];
  return attempts.some((k) => {
    try {
      return verify('sha256', data, k, signature);
    } catch {
      return false;
    }
  });
}

function issues(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
