/**
 * L01 RevokedCertificate: is the firmware signing certificate on its
 * issuer's certificate revocation list? The list is fetched from the
 * certificate's CRL distribution point (http/https) and must be signed by
 * the issuer. No distribution point, or a list that cannot be had, is not a
 * revocation (logged by the caller): the chain to the manufacturer root
 * stays the check. Loads @peculiar/x509 (hash-data.js) on first use only.
 */
import type { x509 as X509 } from '../certificates/hash-data.js';

export type Revocation = { revoked: false; note?: string } | { revoked: true; reason: string };

const FETCH_TIMEOUT_MS = 10_000;
const MAX_CRL_BYTES = 1024 * 1024;

export async function revocationOf(signingPem: string, issuerPems: readonly string[], now: number): Promise<Revocation> {
  const { parseCertificates, namesIssuer, x509 } = await import('../certificates/hash-data.js');
  const chain = parseCertificates(signingPem);
  const cert = chain[0]!;
  const points = cert.getExtension(x509.CRLDistributionPointsExtension);
  const urls = (points?.distributionPoints ?? [])
    .flatMap((dp) => dp.distributionPoint?.fullName ?? [])
    .map((name) => name.uniformResourceIdentifier)
    .filter((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
  if (urls.length === 0) return { revoked: false };
  const issuers = [...chain.slice(1), ...issuerPems.flatMap((p) => parseCertificates(p))].filter((c) => namesIssuer(cert, c));
  const notes: string[] = [];
  for (const url of urls) {
    try {
      const crl = new x509.X509Crl(await fetchCrl(url));
      if (!(await signedByOneOf(crl, issuers))) {
        notes.push(`${url}: not signed by the issuer`);
        continue;
      }
      if (crl.nextUpdate && crl.nextUpdate.getTime() < now) notes.push(`${url}: out of date since ${crl.nextUpdate.toISOString()}`);
      const entry = crl.findRevoked(cert);
      if (entry) return { revoked: true, reason: `${cert.subject} (serial ${cert.serialNumber}) is revoked since ${entry.revocationDate.toISOString()} (${url})` };
      return { revoked: false, note: notes.join('; ') || undefined };
    } catch (err) {
      notes.push(`${url}: ${(err as Error).message}`);
    }
  }
  return { revoked: false, note: `no revocation list could be checked: ${notes.join('; ')}` };
}

async function fetchCrl(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  if (body.byteLength > MAX_CRL_BYTES) throw new Error(`${body.byteLength} bytes is not a revocation list`);
  return body;
}

async function signedByOneOf(crl: X509.X509Crl, issuers: X509.X509Certificate[]): Promise<boolean> {
  for (const issuer of issuers) {
    try {
      if (await crl.verify({ publicKey: issuer.publicKey })) return true;
    } catch {
      // another issuer with the same name may hold the key
    }
  }
  return false;
}
