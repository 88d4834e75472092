/**
 * A throw-away PKI for the tests: a root CA, intermediates, server and
 * client certificates with their private keys, all in PEM, made with
 * @peculiar/x509 on Node's WebCrypto (ECDSA P-256 unless RSA is asked for).
 * Dates can be put in the past or the future to make expired or not yet
 * valid certificates.
 */
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

export interface Issued {
  cert: x509.X509Certificate;
  /** The certificate in PEM. */
  pem: string;
  /** Its private key, PKCS#8 PEM. */
  keyPem: string;
  keys: CryptoKeyPair;
  /** The key algorithm, to sign with it. */
  alg: typeof EC | typeof RSA;
}

export interface IssueOptions {
  /** Subject, e.g. `CN=localhost` or `CN=CS001, O=ng9`. */
  subject: string;
  /** Subject alternative names (server certificates: `localhost`, `127.0.0.1`). */
  dnsNames?: string[];
  ipAddresses?: string[];
  /** A CA certificate (root or intermediate). */
  ca?: boolean;
  /** serverAuth / clientAuth extended key usage. */
  usage?: 'server' | 'client';
  notBefore?: Date;
  notAfter?: Date;
  rsa?: boolean;
  /** Serial number in hex; random by default. */
  serial?: string;
  /** CRL distribution points (http URLs). */
  crlUrls?: string[];
}

const DAY = 86_400_000;

function serialHex(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f; // a positive INTEGER
  if (b[0] === 0) b[0] = 1;
  return b.toString('hex');
}

async function keyPem(keys: CryptoKeyPair): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function extensionsFor(o: IssueOptions, publicKey: x509.PublicKey | CryptoKey): Promise<x509.Extension[]> | x509.Extension[] {
  const list: x509.Extension[] = [new x509.BasicConstraintsExtension(Boolean(o.ca), undefined, true)];
  if (o.ca) list.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  else list.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement | x509.KeyUsageFlags.keyEncipherment, true));
  if (o.usage) list.push(new x509.ExtendedKeyUsageExtension([o.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]));
  const names = [...(o.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })), ...(o.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value }))];
  if (names.length) list.push(new x509.SubjectAlternativeNameExtension(names));
  if (o.crlUrls?.length) list.push(new x509.CRLDistributionPointsExtension(o.crlUrls));
  return x509.SubjectKeyIdentifierExtension.create(publicKey as CryptoKey).then((ski) => [...list, ski]);
}

/** A self-signed root CA. */
export async function makeRoot(subject = 'CN=ng9 test root, O=ng9 tests', options: Partial<IssueOptions> = {}): Promise<Issued> {
  const alg = options.rsa ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const o: IssueOptions = { ...options, subject, ca: true };
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: options.serial ?? serialHex(),
    name: subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 3650 * DAY),
    keys,
    signingAlgorithm: alg,
    extensions: await extensionsFor(o, keys.publicKey),
  });
  return { cert, pem: cert.toString('pem'), keyPem: await keyPem(keys), keys, alg };
}

/** A certificate issued by `issuer` (an intermediate CA with `ca: true`). */
export async function issue(issuer: Issued, options: IssueOptions): Promise<Issued> {
  const alg = options.rsa ? RSA : EC;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const extensions = await extensionsFor(options, keys.publicKey);
  extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: options.serial ?? serialHex(),
    subject: options.subject,
    issuer: issuer.cert.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuer.alg,
    extensions,
  });
  return { cert, pem: cert.toString('pem'), keyPem: await keyPem(keys), keys, alg };
}

/** A certificate revocation list of `issuer` naming the `revoked` certificates; DER. */
export async function makeCrl(issuer: Issued, revoked: Issued[], options: { nextUpdate?: Date } = {}): Promise<Buffer> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: issuer.cert.subject,
    thisUpdate: new Date(Date.now() - DAY),
    nextUpdate: options.nextUpdate ?? new Date(Date.now() + 7 * DAY),
    entries: revoked.map((r) => ({ serialNumber: r.cert.serialNumber, revocationDate: new Date(Date.now() - 3_600_000) })),
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuer.alg,
  });
  return Buffer.from(crl.rawData);
}

/** Sign a PKCS#10 request (PEM) as `issuer` would for a station: a client certificate with the request's subject and key. */
export async function signCsr(issuer: Issued, csrPem: string, options: { notAfter?: Date; subject?: string } = {}): Promise<string> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const publicKey = await csr.publicKey.export();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialHex(),
    subject: options.subject ?? csr.subject,
    issuer: issuer.cert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: issuer.alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.cert, false),
    ],
  });
  return cert.toString('pem');
}

/**
 * The usual CSMS PKI: a root, a server certificate for the loopback CSMS
 * (localhost and 127.0.0.1), and a sub-CA that signs station certificates.
 */
export async function csmsPki(): Promise<{ root: Issued; server: Issued; stationCa: Issued }> {
  const root = await makeRoot();
  const server = await issue(root, { subject: 'CN=localhost, O=ng9 test CSMS', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'], usage: 'server' });
  const stationCa = await issue(root, { subject: 'CN=ng9 test station CA, O=ng9 tests', ca: true, notAfter: new Date(Date.now() + 3000 * DAY) });
  return { root, server, stationCa };
}
