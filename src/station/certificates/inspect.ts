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

/**
 * A02/A03 CertificateSigned: the chain the CSMS signed for this station.
 * The leaf must carry the key of the pending request, name the station (CN)
 * and be valid at `now`; each certificate must be signed by the next, and
 * the last by one of the installed roots (or be one).
 */
export async function inspectStationCertificate(chainPem: string, now: number, rootPems: readonly string[], expected: { publicKey: string; stationId: string }): Promise<Inspected | Problem> {
  let chain: x509.X509Certificate[];
  try {
    chain = parseCertificates(chainPem);
  } catch (err) {
    return { reasonCode: 'InvalidCertificate', additionalInfo: (err as Error).message };
  }
  const leaf = chain[0]!;
  const what = `${leaf.subject} (serial ${leaf.serialNumber})`;
  if (Buffer.from(leaf.publicKey.rawData).toString('base64') !== expected.publicKey) {
    return { reasonCode: 'KeyMismatch', additionalInfo: `${what} does not carry the key of the pending signing request` };
  }
  const cn = leaf.subjectName.getField('CN')[0];
  if (cn !== expected.stationId) return { reasonCode: 'WrongSubject', additionalInfo: `${what} is for '${cn ?? ''}', not for ${expected.stationId}` };
  if (isCa(leaf)) return { reasonCode: 'InvalidCertificate', additionalInfo: `${what} is a CA certificate` };
  for (const cert of chain) {
    if (now < cert.notBefore.getTime()) return { reasonCode: 'NotYetValid', additionalInfo: `${cert.subject} is valid from ${cert.notBefore.toISOString()}` };
    if (now > cert.notAfter.getTime()) return { reasonCode: 'Expired', additionalInfo: `${cert.subject} expired ${cert.notAfter.toISOString()}` };
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!namesIssuer(chain[i]!, chain[i + 1]!) || !(await verifies(chain[i]!, chain[i + 1]!))) {
      return { reasonCode: 'InvalidChain', additionalInfo: `${chain[i]!.subject} is not signed by ${chain[i + 1]!.subject}` };
    }
  }
  const top = chain[chain.length - 1]!;
  const roots = installedIssuers(rootPems);
  let anchored = roots.some((r) => Buffer.from(r.rawData).equals(Buffer.from(top.rawData)));
  for (const root of roots) if (!anchored && namesIssuer(top, root) && (await verifies(top, root))) anchored = true;
  if (!anchored) return { reasonCode: 'UnknownIssuer', additionalInfo: `${top.subject} does not chain to an installed root certificate` };
  const issuer = chain[1] ?? roots.find((r) => namesIssuer(leaf, r));
  const hashes = Object.fromEntries(HASH_ALGORITHMS.map((alg) => [alg, certificateHashData(leaf, issuer, alg)])) as HashDataSet;
  return { subject: leaf.subject, notAfter: leaf.notAfter.getTime(), hashes };
}
