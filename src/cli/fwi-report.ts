/**
 * What `ng9 fwi pack|inspect|sign` print about an image, and the inspect
 * checks: every section unpacks to its declared length and SHA-256, the
 * signature verifies with the embedded certificate and, with --cert, that
 * certificate is (or is issued by) one the technician trusts.
 */
import { X509Certificate } from 'node:crypto';
import { FwiError, type FwiImage, type FwiSigner, readFwi, unpackSection, verifyFwiSignature } from '../station/firmware/fwi.js';
import { CheckFailure, readInput } from './file-command.js';
import { UsageError } from './lines.js';

export function readSigner(keyPath: string, certPath: string): FwiSigner {
  return { privateKeyPem: readInput(keyPath, 'the key').toString('utf8'), certificatePem: readInput(certPath, 'the certificate').toString('utf8') };
}

/** Every certificate in a PEM file (a root, or a bundle); none is a usage error. */
export function readTrusted(path: string): X509Certificate[] {
  const pem = readInput(path, 'the certificate').toString('utf8');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const certs: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      // a broken block among good ones is left out; none at all is refused below
    }
  }
  if (!certs.length) throw new UsageError(`${path} holds no PEM certificate`);
  return certs;
}

const ratio = (packed: number, length: number) => (length === 0 ? 1 : Math.round((packed / length) * 1000) / 1000);

export function sectionRows(image: FwiImage): Array<Record<string, unknown>> {
  return image.sections.map((s) => ({ name: s.name, version: s.version, compression: s.compression, length: s.length, packedLength: s.packedLength, ratio: ratio(s.packedLength, s.length), sha256: s.sha256 }));
}

export function signatureName(image: FwiImage): string {
  return image.signed ? `signed (${image.signatureAlgorithm})` : 'unsigned';
}

/** The image read from a file: a file that is no readable FWI image is a failed check (exit 1). */
export function readImage(bytes: Buffer): FwiImage {
  try {
    return readFwi(bytes);
  } catch (err) {
    if (err instanceof FwiError) throw new CheckFailure(err.code, err.message);
    throw err;
  }
}

function trustProblem(signer: X509Certificate, trusted: X509Certificate[], now = Date.now()): string | undefined {
  const anchor = trusted.find((t) => t.fingerprint256 === signer.fingerprint256 || (signer.checkIssued(t) && signer.verify(t.publicKey)));
  if (!anchor) return `the signer certificate (${signer.subject.replace(/\n/g, ', ')}) is neither a given certificate nor issued by one`;
  if (now < Date.parse(signer.validFrom)) return `the signer certificate is not valid before ${signer.validFrom}`;
  if (now > Date.parse(signer.validTo)) return `the signer certificate expired on ${signer.validTo}`;
  return undefined;
}

export interface InspectResult {
  data: Record<string, unknown>;
  /** what fails: a corrupt section, a bad signature, an untrusted signer; empty when all is well */
  problems: string[];
}

export function inspectImage(file: string, bytes: Buffer, trusted?: X509Certificate[]): InspectResult {
  const image = readImage(bytes);
  const problems: string[] = [];
  const sections = sectionRows(image).map((row, i) => {
    const name = image.sections[i]!.name;
    try {
      unpackSection(bytes, name);
      return { ...row, intact: true };
    } catch (err) {
      if (!(err instanceof FwiError)) throw err;
      problems.push(err.message);
      return { ...row, intact: false };
    }
  });
  const verified = verifyFwiSignature(bytes);
  const signature: Record<string, unknown> = { status: verified.ok ? 'valid' : verified.code === 'UNSIGNED' ? 'unsigned' : 'invalid' };
  if (image.signatureAlgorithm) signature.algorithm = image.signatureAlgorithm;
  if (!verified.ok && verified.code === 'BAD_SIGNATURE') problems.push(verified.reason);
  const signer = image.signerCertificate ? new X509Certificate(image.signerCertificate) : undefined;
  if (signer) Object.assign(signature, { signer: signer.subject.replace(/\n/g, ', '), issuer: signer.issuer.replace(/\n/g, ', '), validTo: signer.validTo });
  if (trusted) {
    const problem = !verified.ok ? (verified.code === 'UNSIGNED' ? 'the image is not signed' : undefined) : trustProblem(signer!, trusted);
    signature.trusted = verified.ok && !problem;
    if (problem) problems.push(problem);
  }
  const unpacked = image.sections.reduce((sum, s) => sum + s.length, 0);
  const packed = image.sections.reduce((sum, s) => sum + s.packedLength, 0);
  return {
    data: {
      file,
      kind: image.kind,
      platform: image.platform,
      formatVersion: image.formatVersion,
      size: image.size,
      unpacked,
      saving: `${unpacked === 0 ? 0 : Math.round((1 - packed / unpacked) * 1000) / 10} %`,
      signature,
      sections,
    },
    problems,
  };
}
