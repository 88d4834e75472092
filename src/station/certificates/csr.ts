/**
 * A02/A03: a fresh key pair for the ChargingStationCertificate and the
 * PKCS#10 request for it (CN = the station id, O = OrganizationName),
 * ECDSA P-256 as OCPP 2.0.1 Part 2 A00 prefers. Loads @peculiar/x509: the
 * signing block imports this module on first use only.
 */
import { webcrypto } from 'node:crypto';
import { x509 } from './hash-data.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface SigningRequest {
  csrPem: string;
  /** PKCS#8 PEM of the new private key: stored with the certificate once signed. */
  keyPem: string;
  /** The new public key (SPKI DER, base64): the signed certificate must carry it. */
  publicKey: string;
}

export async function newSigningRequest(stationId: string, organization: string): Promise<SigningRequest> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name = [`CN=${escapeRdn(stationId)}`, ...(organization ? [`O=${escapeRdn(organization)}`] : [])].join(', ');
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm: EC });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  const spki = await webcrypto.subtle.exportKey('spki', keys.publicKey as webcrypto.CryptoKey);
  return { csrPem: csr.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), publicKey: Buffer.from(spki).toString('base64') };
}

/** RFC 4514 escaping of an attribute value (an organization name may hold a comma). */
function escapeRdn(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1').replace(/^ | $/g, (m) => `\\${m}`);
}
