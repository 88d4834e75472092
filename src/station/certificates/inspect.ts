/**
 * The checks of an InstallCertificate (M05) and the hash data to store.
 * Loads @peculiar/x509: the block imports this module on first use only.
 */
import type { HashDataSet } from './certificate-repository.js';
import { HASH_ALGORITHMS, certificateHashData, isCa, isSelfIssued, namesIssuer, parseCertificates, type x509 } from './hash-data.js';

export interface Inspected {
  subject: string;
  /** epoch ms */
  notAfter: number;
  hashes: HashDataSet;
}

export interface Problem {
  /** ≤ 20 characters (StatusInfoType.reasonCode) */
  reasonCode: string;
  additionalInfo: string;
}

/**
 * A CA certificate to install: the first certificate of `pem`, a CA valid at
 * `now` (epoch ms), its signature verified by its issuer: itself, the next
 * certificate of the PEM, or one of `installedPems` named as its issuer.
 */
export async function inspectCaCertificate(pem: string, now: number, installedPems: readonly string[]): Promise<Inspected | Problem> {
  let chain: x509.X509Certificate[];
  try {
    chain = parseCertificates(pem);
  } catch (err) {
    return { reasonCode: 'InvalidCertificate', additionalInfo: (err as Error).message };
  }
  const cert = chain[0]!;
  const what = `${cert.subject} (serial ${cert.serialNumber})`;
  if (!isCa(cert)) return { reasonCode: 'NotCA', additionalInfo: `${what} is not a CA certificate (basicConstraints cA is not true)` };
  if (now < cert.notBefore.getTime()) return { reasonCode: 'NotYetValid', additionalInfo: `${what} is valid from ${cert.notBefore.toISOString()}` };
  if (now > cert.notAfter.getTime()) return { reasonCode: 'Expired', additionalInfo: `${what} expired ${cert.notAfter.toISOString()}` };
  // a self-issued certificate is its own issuer; else the first one named as its issuer whose key verifies it (a root renewed under the same name)
  const candidates = isSelfIssued(cert) ? [cert] : [...chain.slice(1), ...installedIssuers(installedPems)].filter((c) => namesIssuer(cert, c));
  if (candidates.length === 0) return { reasonCode: 'UnknownIssuer', additionalInfo: `the issuer of ${what}, ${cert.issuer}, is neither in the PEM nor installed` };
  let issuer: x509.X509Certificate | undefined;
  for (const candidate of candidates) {
    if (await verifies(cert, candidate)) {
      issuer = candidate;
      break;
    }
  }
  if (!issuer) return { reasonCode: 'InvalidSignature', additionalInfo: `the signature of ${what} does not verify with the key of ${cert.issuer}` };
  const hashes = Object.fromEntries(HASH_ALGORITHMS.map((alg) => [alg, certificateHashData(cert, issuer, alg)])) as HashDataSet;
  return { subject: cert.subject, notAfter: cert.notAfter.getTime(), hashes };
}

function installedIssuers(pems: readonly string[]): x509.X509Certificate[] {
  return pems.flatMap((p) => {
    try {
      return parseCertificates(p);
    } catch {
      return [];
    }
  });
}

async function verifies(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    return false; // an unsupported algorithm counts as not verified
  }
}
