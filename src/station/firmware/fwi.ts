/**
 * FWI: ng9's firmware image container (docs/fwi.md is the byte layout).
 * A header naming the platform, the kind of image and its sections, the
 * sections' packed payloads, then optionally the signer's certificate and a
 * signature over everything before it. Reading never trusts a length: every
 * one is checked against the bytes there are, and decompression stops at the
 * declared length, so a crafted file cannot make us read past the end or
 * inflate without bound.
 */
import { createHash, createPrivateKey, constants as cryptoConstants, type KeyObject, sign, verify, X509Certificate } from 'node:crypto';
import * as zlib from 'node:zlib';

export type FwiKind = 'firmware' | 'bootloader' | 'minimal' | 'video';
export type FwiCompression = 'none' | 'deflate' | 'brotli';
export type FwiSectionName = 'firmware' | 'bootloader' | 'video';
export type FwiSignatureAlgorithm = 'ecdsa-p256-sha256' | 'rsa-pss-sha256';

export interface FwiSection {
  name: FwiSectionName;
  version: string;
  compression: FwiCompression;
  /** unpacked length in bytes */
  length: number;
  packedLength: number;
  /** SHA-256 of the unpacked bytes, hex */
  sha256: string;
}

export interface FwiImage {
  formatVersion: number;
  platform: string;
  kind: FwiKind;
  sections: FwiSection[];
  /** the embedded signer certificate, PEM (absent when unsigned, or when it is no X.509 certificate) */
  signerCertificate?: string;
  signatureAlgorithm?: FwiSignatureAlgorithm;
  signed: boolean;
  /** bytes covered by the signature: header and payloads */
  signedLength: number;
  /** size of the whole file */
  size: number;
}

export type FwiErrorCode = 'TRUNCATED' | 'BAD_MAGIC' | 'BAD_HEADER' | 'BAD_KIND' | 'CORRUPT' | 'UNSIGNED' | 'BAD_SIGNATURE' | 'BAD_SIGNER';

export class FwiError extends Error {
  constructor(
    readonly code: FwiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FwiError';
  }
}

export interface FwiSigner {
  privateKeyPem: string;
  certificatePem: string;
}

export interface FwiPackInput {
  platform?: string;
  kind: FwiKind;
  sections: Array<{ name: FwiSectionName; version: string; data: Uint8Array; compression?: FwiCompression }>;
}

export type FwiVerification = { ok: true; signerCertificate: string; algorithm: FwiSignatureAlgorithm } | { ok: false; code: 'UNSIGNED' | 'BAD_SIGNATURE'; reason: string };

export const FWI_MAGIC = 'NG9FWI';
export const FWI_FORMAT_VERSION = 1;
export const FWI_DEFAULT_PLATFORM = 'NG9xx';
/** The largest unpacked section: far more than a charger's flash, small enough to inflate in memory. */
export const FWI_MAX_SECTION_LENGTH = 256 * 1024 * 1024;
const SIGNATURE_TAG = 'NG9S';
const MAX_TEXT = 32;
const SHA256_BYTES = 32;
const RSA_PSS_SALT = 32;

const KINDS: readonly FwiKind[] = ['firmware', 'bootloader', 'minimal', 'video']; // codes 1..4
const SECTION_NAMES: readonly FwiSectionName[] = ['firmware', 'bootloader', 'video']; // codes 1..3
const COMPRESSIONS: readonly FwiCompression[] = ['none', 'deflate', 'brotli']; // codes 0..2
const ALGORITHMS: readonly FwiSignatureAlgorithm[] = ['ecdsa-p256-sha256', 'rsa-pss-sha256']; // codes 1..2

/** The sections each kind holds, in their order in the file. */
export const FWI_KIND_SECTIONS: Readonly<Record<FwiKind, readonly FwiSectionName[]>> = {
  firmware: ['firmware'],
  bootloader: ['bootloader'],
  minimal: ['bootloader', 'firmware'],
  video: ['video'],
};

function checkKindSections(kind: FwiKind, names: readonly FwiSectionName[]): void {
  const want = FWI_KIND_SECTIONS[kind];
  if (names.length === want.length && names.every((n, i) => n === want[i])) return;
  throw new FwiError('BAD_KIND', `a ${kind} image holds ${want.join(' + ')} (in that order), not ${names.join(' + ') || 'no sections'}`);
}

/** Printable ASCII without spaces, 1..32 characters: platform and version strings. */
function checkText(what: string, text: string): void {
  if (!/^[\x21-\x7e]{1,32}$/.test(text)) throw new FwiError('BAD_HEADER', `${what} must be 1 to ${MAX_TEXT} printable ASCII characters without spaces, not '${text}'`);
}

// ---- packing ------------------------------------------------------------

function compress(data: Uint8Array, compression: FwiCompression): Buffer {
  if (compression === 'deflate') return zlib.deflateSync(data, { level: 9, memLevel: 9 });
  if (compression === 'brotli') {
    return zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
  }
  return Buffer.from(data);
}

class Writer {
  private parts: Buffer[] = [];
  u8(n: number): this {
    this.parts.push(Buffer.from([n]));
    return this;
  }
  u16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    this.parts.push(b);
    return this;
  }
  u32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    this.parts.push(b);
    return this;
  }
  text(s: string): this {
    const b = Buffer.from(s, 'ascii');
    return this.u8(b.length).bytes(b);
  }
  bytes(b: Uint8Array): this {
    this.parts.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Build an image; signed when a signer is given. Throws FwiError (BAD_KIND, BAD_HEADER, BAD_SIGNER) on bad input. */
export function packFwi(input: FwiPackInput, signer?: FwiSigner): Buffer {
  const platform = input.platform ?? FWI_DEFAULT_PLATFORM;
  if (!KINDS.includes(input.kind)) throw new FwiError('BAD_KIND', `unknown image kind '${input.kind}' (${KINDS.join(', ')})`);
  checkText('the platform', platform);
  checkKindSections(input.kind, input.sections.map((s) => s.name));
  const header = new Writer()
    .bytes(Buffer.from(FWI_MAGIC, 'ascii'))
    .u8(FWI_FORMAT_VERSION)
    .u8(KINDS.indexOf(input.kind) + 1)
    .text(platform)
    .u8(input.sections.length);
  const payloads: Buffer[] = [];
  for (const s of input.sections) {
    const compression = s.compression ?? 'brotli';
    if (!COMPRESSIONS.includes(compression)) throw new FwiError('BAD_HEADER', `unknown compression '${compression}' (${COMPRESSIONS.join(', ')})`);
    checkText(`the ${s.name} version`, s.version);
    if (s.data.length > FWI_MAX_SECTION_LENGTH) throw new FwiError('BAD_HEADER', `the ${s.name} section is ${s.data.length} bytes; at most ${FWI_MAX_SECTION_LENGTH}`);
    const packed = compress(s.data, compression);
    header
      .u8(SECTION_NAMES.indexOf(s.name) + 1)
      .u8(COMPRESSIONS.indexOf(compression))
      .text(s.version)
      .u32(s.data.length)
      .u32(packed.length)
      .bytes(createHash('sha256').update(s.data).digest());
    payloads.push(packed);
  }
  const image = Buffer.concat([header.done(), ...payloads]);
  return signer ? appendSignature(image, signer) : image;
}

// ---- reading ------------------------------------------------------------

class Reader {
  pos: number;
  constructor(
    private readonly b: Buffer,
    start = 0,
  ) {
    this.pos = start;
  }
  private take(n: number, what: string): number {
    if (this.pos + n > this.b.length) throw new FwiError('TRUNCATED', `the file ends inside ${what} (offset ${this.pos}, needs ${n} bytes, ${this.b.length - this.pos} left)`);
    const at = this.pos;
    this.pos += n;
    return at;
  }
  u8(what: string): number {
    return this.b[this.take(1, what)]!;
  }
  u16(what: string): number {
    return this.b.readUInt16BE(this.take(2, what));
  }
  u32(what: string): number {
    return this.b.readUInt32BE(this.take(4, what));
  }
  bytes(n: number, what: string): Buffer {
    const at = this.take(n, what);
    return this.b.subarray(at, at + n);
  }
  text(what: string): string {
    const n = this.u8(`the length of ${what}`);
    const text = this.bytes(n, what).toString('latin1');
    checkText(what, text);
    return text;
  }
}

interface Parsed {
  image: FwiImage;
  /** offset of each section's payload, in section order */
  offsets: number[];
  signature?: { algorithm: FwiSignatureAlgorithm; certificateDer: Buffer; value: Buffer };
}

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

function parse(bytes: Uint8Array): Parsed {
  const b = asBuffer(bytes);
  const magic = Buffer.from(FWI_MAGIC, 'ascii');
  const head = b.subarray(0, magic.length);
  if (!head.equals(magic.subarray(0, head.length))) throw new FwiError('BAD_MAGIC', `not an FWI image (it does not start with '${FWI_MAGIC}')`);
  const r = new Reader(b, head.length);
  if (head.length < magic.length) r.bytes(magic.length, 'the magic'); // throws TRUNCATED
  const formatVersion = r.u8('the format version');
  if (formatVersion !== FWI_FORMAT_VERSION) throw new FwiError('BAD_HEADER', `FWI format version ${formatVersion} is not supported (this reader knows ${FWI_FORMAT_VERSION})`);
  const kindCode = r.u8('the image kind');
  const kind = KINDS[kindCode - 1];
  if (!kind) throw new FwiError('BAD_KIND', `unknown image kind code ${kindCode}`);
  const platform = r.text('the platform');
  const count = r.u8('the section count');
  const sections: FwiSection[] = [];
  for (let i = 0; i < count; i++) {
    const nameCode = r.u8(`section ${i + 1}`);
    const name = SECTION_NAMES[nameCode - 1];
    if (!name) throw new FwiError('BAD_HEADER', `section ${i + 1} has an unknown name code ${nameCode}`);
    const compressionCode = r.u8(`the ${name} section`);
    const compression = COMPRESSIONS[compressionCode];
    if (!compression) throw new FwiError('BAD_HEADER', `the ${name} section has an unknown compression code ${compressionCode}`);
    const version = r.text(`the ${name} version`);
    const length = r.u32(`the ${name} section`);
    const packedLength = r.u32(`the ${name} section`);
    const sha256 = r.bytes(SHA256_BYTES, `the ${name} section's SHA-256`).toString('hex');
    if (length > FWI_MAX_SECTION_LENGTH) throw new FwiError('BAD_HEADER', `the ${name} section declares ${length} bytes; at most ${FWI_MAX_SECTION_LENGTH}`);
    if (compression === 'none' && packedLength !== length) throw new FwiError('BAD_HEADER', `the uncompressed ${name} section declares ${length} bytes but packs ${packedLength}`);
    sections.push({ name, version, compression, length, packedLength, sha256 });
  }
  checkKindSections(kind, sections.map((s) => s.name));
  const offsets: number[] = [];
  for (const s of sections) {
    offsets.push(r.pos);
    r.bytes(s.packedLength, `the ${s.name} payload`);
  }
  const signedLength = r.pos;
  let signature: Parsed['signature'];
  if (r.pos < b.length) {
    const tag = r.bytes(SIGNATURE_TAG.length, 'the signature block').toString('latin1');
    if (tag !== SIGNATURE_TAG) throw new FwiError('BAD_HEADER', `${b.length - signedLength} bytes after the payloads are no signature block`);
    const algorithmCode = r.u8('the signature block');
    const algorithm = ALGORITHMS[algorithmCode - 1];
    if (!algorithm) throw new FwiError('BAD_HEADER', `unknown signature algorithm code ${algorithmCode}`);
    const certificateDer = r.bytes(r.u16('the signature block'), 'the signer certificate');
    const value = r.bytes(r.u16('the signature block'), 'the signature');
    if (r.pos !== b.length) throw new FwiError('BAD_HEADER', `${b.length - r.pos} unexpected bytes after the signature`);
    signature = { algorithm, certificateDer, value };
  }
  const signer = signature ? certificateOf(signature.certificateDer) : undefined;
  const signerCertificate = signer?.toString();
  const image: FwiImage = {
    formatVersion,
    platform,
    kind,
    sections,
    ...(signerCertificate ? { signerCertificate } : {}),
    ...(signature ? { signatureAlgorithm: signature.algorithm } : {}),
    signed: Boolean(signature),
    signedLength,
    size: b.length,
  };
  return { image, offsets, signature };
}

/** The certificate with a public key we can use, or undefined (verifyFwiSignature says why). */
function certificateOf(der: Buffer): X509Certificate | undefined {
  try {
    const certificate = new X509Certificate(der);
    void certificate.publicKey; // parsed on first use: a broken key throws here
    return certificate;
  } catch {
    return undefined;
  }
}

/** Parse and check the structure (no decompression, no signature check). Throws FwiError. */
export function readFwi(bytes: Uint8Array): FwiImage {
  return parse(bytes).image;
}

function decompress(packed: Buffer, s: FwiSection): Buffer {
  if (s.compression === 'none') return Buffer.from(packed);
  // maxOutputLength must be ≥ 1; an empty section is checked by length below
  const options = { maxOutputLength: Math.max(1, s.length), info: true as const };
  let result: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    result = (s.compression === 'deflate' ? zlib.inflateSync(packed, options) : zlib.brotliDecompressSync(packed, options)) as unknown as typeof result;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new FwiError('CORRUPT', `the ${s.name} section unpacks to more than its declared ${s.length} bytes`);
    throw new FwiError('CORRUPT', `the ${s.name} section's ${s.compression} data is corrupt: ${e.message}`);
  }
  if (result.engine.bytesWritten !== packed.length) throw new FwiError('CORRUPT', `the ${s.name} section has ${packed.length - result.engine.bytesWritten} bytes after its ${s.compression} stream`);
  return result.buffer;
}

/** A section's unpacked bytes, checked against its declared length and SHA-256. Throws FwiError. */
export function unpackSection(bytes: Uint8Array, name: FwiSectionName): Buffer {
  const { image, offsets } = parse(bytes);
  const index = image.sections.findIndex((s) => s.name === name);
  if (index < 0) throw new FwiError('BAD_KIND', `a ${image.kind} image has no ${name} section`);
  const s = image.sections[index]!;
  const packed = asBuffer(bytes).subarray(offsets[index]!, offsets[index]! + s.packedLength);
  const data = decompress(packed, s);
  if (data.length !== s.length) throw new FwiError('CORRUPT', `the ${name} section unpacks to ${data.length} bytes, not the declared ${s.length}`);
  if (createHash('sha256').update(data).digest('hex') !== s.sha256) throw new FwiError('CORRUPT', `the ${name} section's SHA-256 does not match its header`);
  return data;
}

// ---- signing ------------------------------------------------------------

interface SigningKey {
  key: KeyObject;
  certificate: X509Certificate;
  algorithm: FwiSignatureAlgorithm;
}

/** The signature algorithm a key type implies; undefined for one FWI does not take. */
function algorithmOf(key: KeyObject): FwiSignatureAlgorithm | undefined {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1') return 'ecdsa-p256-sha256';
  if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') && (details.modulusLength ?? 0) >= 2048) return 'rsa-pss-sha256';
  return undefined;
}

function loadSigner(signer: FwiSigner): SigningKey {
  let key: KeyObject;
  let certificate: X509Certificate;
  try {
    key = createPrivateKey(signer.privateKeyPem);
  } catch (err) {
    throw new FwiError('BAD_SIGNER', `the private key cannot be read: ${(err as Error).message}`);
  }
  try {
    certificate = new X509Certificate(signer.certificatePem);
  } catch (err) {
    throw new FwiError('BAD_SIGNER', `the certificate cannot be read: ${(err as Error).message}`);
  }
  const algorithm = algorithmOf(key);
  if (!algorithm) throw new FwiError('BAD_SIGNER', 'the signing key must be ECDSA P-256 or RSA of at least 2048 bits');
  if (!certificate.checkPrivateKey(key)) throw new FwiError('BAD_SIGNER', 'the private key does not belong to the certificate');
  return { key, certificate, algorithm };
}

const signOptions = (algorithm: FwiSignatureAlgorithm) =>
  algorithm === 'ecdsa-p256-sha256' ? { dsaEncoding: 'der' as const } : { padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT };

function appendSignature(signedPart: Buffer, signer: FwiSigner): Buffer {
  const { key, certificate, algorithm } = loadSigner(signer);
  const value = sign('sha256', signedPart, { key, ...signOptions(algorithm) });
  const der = certificate.raw;
  if (der.length > 0xffff) throw new FwiError('BAD_SIGNER', `the certificate is ${der.length} bytes; at most 65535`);
  const block = new Writer()
    .bytes(Buffer.from(SIGNATURE_TAG, 'ascii'))
    .u8(ALGORITHMS.indexOf(algorithm) + 1)
    .u16(der.length)
    .bytes(der)
    .u16(value.length)
    .bytes(value)
    .done();
  return Buffer.concat([signedPart, block]);
}

/** (Re)sign an image: any signature it has is replaced. Throws FwiError. */
export function signFwi(bytes: Uint8Array, signer: FwiSigner): Buffer {
  const { image } = parse(bytes);
  return appendSignature(asBuffer(bytes).subarray(0, image.signedLength), signer);
}

/**
 * Check the signature with the key of the certificate embedded in the image
 * — only that: whether that certificate is to be trusted (its chain to a
 * ManufacturerRootCertificate) is the caller's decision. Throws FwiError
 * when the image's structure is broken.
 */
export function verifyFwiSignature(bytes: Uint8Array): FwiVerification {
  const { image, signature } = parse(bytes);
  if (!signature) return { ok: false, code: 'UNSIGNED', reason: 'the image is not signed' };
  const certificate = certificateOf(signature.certificateDer);
  if (!certificate || !image.signerCertificate) return { ok: false, code: 'BAD_SIGNATURE', reason: 'the signer certificate is not a valid X.509 certificate' };
  const publicKey = certificate.publicKey;
  if (algorithmOf(publicKey) !== signature.algorithm) {
    return { ok: false, code: 'BAD_SIGNATURE', reason: `the signer certificate's key is not one for ${signature.algorithm}` };
  }
  const signedPart = asBuffer(bytes).subarray(0, image.signedLength);
  let ok: boolean;
  try {
    ok = verify('sha256', signedPart, { key: publicKey, ...signOptions(signature.algorithm) }, signature.value);
  } catch {
    ok = false; // e.g. a DER signature that does not parse
  }
  if (!ok) return { ok: false, code: 'BAD_SIGNATURE', reason: 'the signature does not match the image and the signer certificate' };
  return { ok: true, signerCertificate: image.signerCertificate, algorithm: signature.algorithm };
}
