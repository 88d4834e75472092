/**
 * TLS for security profiles 2 and 3 (OCPP 2.0.1 Part 2 A00): TLS 1.2 or
 * newer; the server certificate verified against the installed
 * CSMSRootCertificates only (never the operating system's roots), host name
 * included; on profile 3 the ChargingStationCertificate as client
 * certificate. And which security event a failed handshake is.
 */
import type { ConnectionOptions } from 'node:tls';

/**
 * The cipher suites a station offers on TLS 1.2 (A00: ECDHE-ECDSA with
 * AES-GCM, and the RSA ones for a CSMS with an RSA certificate), and
 * TLS 1.3's AES-GCM suites.
 */
export const OCPP_TLS12_CIPHERS = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'AES128-GCM-SHA256', 'AES256-GCM-SHA384'];
export const OCPP_TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'];

/** What a wss:// connection trusts and presents. */
export interface TlsCredentials {
  /** CSMSRootCertificates (PEM): the only trust anchors. */
  ca: string[];
  /** Profile 3: the ChargingStationCertificate (PEM, with its chain up to the root) and its private key. */
  cert?: string;
  key?: string;
}

/** Options for tls.connect (through ws) from the credentials. */
export function tlsOptions(credentials: TlsCredentials): ConnectionOptions {
  const options: ConnectionOptions = {
    ca: credentials.ca,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ciphers: [...OCPP_TLS13_CIPHERS, ...OCPP_TLS12_CIPHERS].join(':'),
  };
  if (credentials.cert && credentials.key) {
    options.cert = credentials.cert;
    options.key = credentials.key;
  }
  return options;
}

/** Node / OpenSSL error codes of a server certificate that does not verify. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The A04 security event of a failed connection attempt, or undefined when
 * it was not TLS's fault: a server certificate that does not verify
 * (InvalidCsmsCertificate), no common TLS version (InvalidTLSVersion) or
 * cipher suite (InvalidTLSCipherSuite).
 */
export function tlsFailureEvent(err: Error & { code?: string }): 'InvalidCsmsCertificate' | 'InvalidTLSVersion' | 'InvalidTLSCipherSuite' | undefined {
  if (err.code && CERTIFICATE_ERRORS.has(err.code)) return 'InvalidCsmsCertificate';
  const text = `${err.code ?? ''} ${err.message}`;
  if (/UNSUPPORTED_PROTOCOL|protocol version|WRONG_SSL_VERSION|VERSION_TOO_LOW/i.test(text)) return 'InvalidTLSVersion';
  if (/NO_SHARED_CIPHER|no shared cipher|NO_CIPHERS|handshake failure/i.test(text)) return 'InvalidTLSCipherSuite';
  return undefined;
}
