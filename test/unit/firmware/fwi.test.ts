import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import * as zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FwiCompression,
  FwiError,
  type FwiKind,
  type FwiPackInput,
  type FwiSectionName,
  type FwiSigner,
  packFwi,
  readFwi,
  signFwi,
  unpackSection,
  verifyFwiSignature,
} from '../../../src/station/firmware/fwi.js';
import { type Issued, issue, makeRoot } from '../../support/pki.js';

/** Compressible, but not trivially: text, a counter table and some noise. */
function payload(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = i % 64 < 40 ? 'ng9 firmware table '.charCodeAt(i % 19) : i % 64 < 56 ? i & 0xff : x >>> 24;
  }
  return b;
}

const firmware = payload(64 * 1024, 1);
const bootloader = payload(16 * 1024, 2);
const video = payload(32 * 1024, 3);
const DATA: Record<FwiSectionName, Buffer> = { firmware, bootloader, video };
const SECTIONS: Record<FwiKind, FwiSectionName[]> = { firmware: ['firmware'], bootloader: ['bootloader'], minimal: ['bootloader', 'firmware'], video: ['video'] };
const VERSIONS: Record<FwiSectionName, string> = { firmware: '6.0.0', bootloader: '1.2.0', video: '1.0' };

function input(kind: FwiKind, compression?: FwiCompression): FwiPackInput {
  return { kind, sections: SECTIONS[kind].map((name) => ({ name, version: VERSIONS[name], data: DATA[name], compression })) };
}

function fwiError(fn: () => unknown): FwiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FwiError) return err;
    throw new Error(`not an FwiError: ${(err as Error).stack}`);
  }
  throw new Error('no error thrown');
}

let root: Issued;
let ecSigner: FwiSigner;
let rsaSigner: FwiSigner;
let otherSigner: FwiSigner;

beforeAll(async () => {
  root = await makeRoot('CN=ng9 test manufacturer root');
  const ec = await issue(root, { subject: 'CN=ng9 firmware signer' });
  const rsa = await issue(root, { subject: 'CN=ng9 firmware signer RSA', rsa: true });
  const other = await issue(root, { subject: 'CN=someone else' });
  ecSigner = { privateKeyPem: ec.keyPem, certificatePem: ec.pem };
  rsaSigner = { privateKeyPem: rsa.keyPem, certificatePem: rsa.pem };
  otherSigner = { privateKeyPem: other.keyPem, certificatePem: other.pem };
});

describe('FWI pack and read', () => {
  for (const kind of ['firmware', 'bootloader', 'minimal', 'video'] as const) {
    for (const compression of ['none', 'deflate', 'brotli'] as const) {
      it(`round-trips a ${kind} image with ${compression}`, () => {
        const bytes = packFwi(input(kind, compression));
        const image = readFwi(bytes);
        expect(image).toMatchObject({ formatVersion: 1, platform: 'NG9xx', kind, signed: false, size: bytes.length, signedLength: bytes.length });
        expect(image.sections.map((s) => s.name)).toEqual(SECTIONS[kind]);
        for (const s of image.sections) {
          expect(s).toMatchObject({ version: VERSIONS[s.name], compression, length: DATA[s.name].length, sha256: createHash('sha256').update(DATA[s.name]).digest('hex') });
          if (compression !== 'none') expect(s.packedLength).toBeLessThan(s.length);
          expect(unpackSection(bytes, s.name).equals(DATA[s.name])).toBe(true);
        }
      });
    }
  }

  it('takes a platform, mixed compressions and an empty section', () => {
    const bytes = packFwi({
      platform: 'NG910',
      kind: 'minimal',
      sections: [
        { name: 'bootloader', version: '1.2.0', data: Buffer.alloc(0), compression: 'deflate' },
        { name: 'firmware', version: '6.0.0-rc.1', data: firmware, compression: 'brotli' },
      ],
    });
    expect(readFwi(bytes).platform).toBe('NG910');
    expect(unpackSection(bytes, 'bootloader').length).toBe(0);
    expect(unpackSection(bytes, 'firmware').equals(firmware)).toBe(true);
    expect(fwiError(() => unpackSection(bytes, 'video')).code).toBe('BAD_KIND');
  });

  it('refuses a wrong kind / section combination when packing', () => {
    const bad: FwiPackInput[] = [
      { kind: 'firmware', sections: [] },
      { kind: 'firmware', sections: [{ name: 'bootloader', version: '1.2.0', data: bootloader }] },
      { kind: 'minimal', sections: [{ name: 'firmware', version: '6.0.0', data: firmware }, { name: 'bootloader', version: '1.2.0', data: bootloader }] },
      { kind: 'video', sections: [{ name: 'video', version: '1', data: video }, { name: 'video', version: '1', data: video }] },
      { kind: 'update' as FwiKind, sections: [{ name: 'firmware', version: '6.0.0', data: firmware }] },
    ];
    for (const b of bad) expect(fwiError(() => packFwi(b)).code, JSON.stringify(b.sections.map((s) => s.name))).toBe('BAD_KIND');
    expect(fwiError(() => packFwi(bad[2]!)).message).toBe('a minimal image holds bootloader + firmware (in that order), not firmware + bootloader');
    expect(fwiError(() => packFwi({ kind: 'firmware', sections: [{ name: 'firmware', version: '6.0 beta', data: firmware }] })).code).toBe('BAD_HEADER');
    expect(fwiError(() => packFwi({ ...input('firmware'), platform: '' })).code).toBe('BAD_HEADER');
  });

  it('says what is wrong with a file that is no FWI image', () => {
    expect(fwiError(() => readFwi(Buffer.from('PK\x03\x04 a zip file'))).code).toBe('BAD_MAGIC');
    expect(fwiError(() => readFwi(Buffer.from('NG9'))).code).toBe('TRUNCATED');
    expect(fwiError(() => readFwi(Buffer.alloc(0))).code).toBe('TRUNCATED');
    const bytes = packFwi(input('firmware', 'deflate'));
    const v2 = Buffer.from(bytes);
    v2[6] = 2;
    expect(fwiError(() => readFwi(v2)).message).toMatch(/format version 2 is not supported/);
    const kind = Buffer.from(bytes);
    kind[7] = 3; // minimal, but only a firmware section
    expect(fwiError(() => readFwi(kind))).toMatchObject({ code: 'BAD_KIND', message: expect.stringMatching(/a minimal image holds bootloader \+ firmware/) });
    kind[7] = 9;
    expect(fwiError(() => readFwi(kind)).code).toBe('BAD_KIND');
    const trailing = Buffer.concat([bytes, Buffer.from('garbage!')]);
    expect(fwiError(() => readFwi(trailing)).code).toBe('BAD_HEADER');
  });

  it('never crashes on a truncated file: TRUNCATED or BAD_HEADER, or the unsigned image when cut at the signature', () => {
    const bytes = packFwi(input('minimal', 'deflate'), ecSigner);
    const { signedLength } = readFwi(bytes);
    for (let n = 0; n < bytes.length; n++) {
      const cut = bytes.subarray(0, n);
      if (n === signedLength) {
        expect(readFwi(cut).signed).toBe(false);
        expect(verifyFwiSignature(cut)).toMatchObject({ ok: false, code: 'UNSIGNED' });
        continue;
      }
      expect(['TRUNCATED', 'BAD_HEADER'], `cut at ${n}`).toContain(fwiError(() => readFwi(cut)).code);
      expect(fwiError(() => verifyFwiSignature(cut)).code).toMatch(/TRUNCATED|BAD_HEADER/);
    }
  });

  it('never crashes on any single flipped byte, and each is found (the certificate by its chain)', () => {
    const bytes = packFwi(input('minimal', 'brotli'), ecSigner);
    const rootKey = new X509Certificate(root.pem).publicKey;
    for (let i = 0; i < bytes.length; i += 7) {
      const bad = Buffer.from(bytes);
      bad[i] = bad[i]! ^ 0x5a;
      let problems = 0;
      try {
        const image = readFwi(bad);
        const verified = verifyFwiSignature(bad);
        if (!verified.ok || !new X509Certificate(verified.signerCertificate).verify(rootKey)) problems++;
        for (const s of image.sections) {
          try {
            unpackSection(bad, s.name);
          } catch (err) {
            if (!(err instanceof FwiError)) throw err;
            problems++;
          }
        }
      } catch (err) {
        if (!(err instanceof FwiError)) throw err;
        problems++;
      }
      expect(problems, `byte ${i}`).toBeGreaterThan(0);
    }
  });
});

describe('FWI payload integrity', () => {
  for (const compression of ['none', 'deflate', 'brotli'] as const) {
    it(`a flipped payload byte (${compression}) is CORRUPT on unpack and BAD_SIGNATURE on verify`, () => {
      const bytes = packFwi(input('firmware', compression), ecSigner);
      const image = readFwi(bytes);
      const bad = Buffer.from(bytes);
      const at = image.signedLength - Math.floor(image.sections[0]!.packedLength / 2);
      bad[at] = bad[at]! ^ 0x01;
      expect(fwiError(() => unpackSection(bad, 'firmware')).code).toBe('CORRUPT');
      expect(verifyFwiSignature(bad)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    });
  }

  it('bounds decompression by the declared length (a zip bomb stops there)', () => {
    const bomb = Buffer.alloc(64 * 1024 * 1024); // 64 MiB of zeros packs to a few KiB
    for (const compression of ['deflate', 'brotli'] as const) {
      const honest = packFwi({ kind: 'video', sections: [{ name: 'video', version: '1', data: Buffer.alloc(1024), compression }] });
      const packed = compression === 'deflate' ? zlib.deflateSync(bomb) : zlib.brotliCompressSync(bomb);
      // the same header, the bomb's packed length, the bomb as payload
      const image = readFwi(honest);
      const header = Buffer.from(honest.subarray(0, image.signedLength - image.sections[0]!.packedLength));
      header.writeUInt32BE(packed.length, header.length - 32 - 4);
      const evil = Buffer.concat([header, packed]);
      expect(readFwi(evil).sections[0]).toMatchObject({ length: 1024, packedLength: packed.length });
      const before = process.memoryUsage().arrayBuffers;
      expect(fwiError(() => unpackSection(evil, 'video'))).toMatchObject({ code: 'CORRUPT', message: expect.stringMatching(/more than its declared 1024 bytes/) });
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    }
  });

  it('a section shorter than declared, or with bytes after its stream, is CORRUPT', () => {
    const bytes = packFwi(input('video', 'deflate'));
    const image = readFwi(bytes);
    const header = Buffer.from(bytes.subarray(0, image.signedLength - image.sections[0]!.packedLength));
    const packedShort = zlib.deflateSync(video.subarray(0, 100));
    header.writeUInt32BE(packedShort.length, header.length - 32 - 4);
    expect(fwiError(() => unpackSection(Buffer.concat([header, packedShort]), 'video')).message).toMatch(/unpacks to 100 bytes, not the declared/);
    const packed = Buffer.concat([zlib.deflateSync(video), Buffer.from('tail')]);
    header.writeUInt32BE(packed.length, header.length - 32 - 4);
    expect(fwiError(() => unpackSection(Buffer.concat([header, packed]), 'video')).message).toMatch(/4 bytes after its deflate stream/);
  });
});

describe('FWI signatures', () => {
  it('signs with ECDSA P-256 and with RSA-PSS; the embedded certificate verifies', () => {
    for (const [signer, algorithm] of [
      [ecSigner, 'ecdsa-p256-sha256'],
      [rsaSigner, 'rsa-pss-sha256'],
    ] as const) {
      const bytes = packFwi(input('firmware', 'deflate'), signer);
      const image = readFwi(bytes);
      expect(image).toMatchObject({ signed: true, signatureAlgorithm: algorithm, signerCertificate: expect.stringMatching(/^-----BEGIN CERTIFICATE-----/) });
      expect(image.size).toBeGreaterThan(image.signedLength);
      expect(verifyFwiSignature(bytes)).toMatchObject({ ok: true, algorithm });
      expect(unpackSection(bytes, 'firmware').equals(firmware)).toBe(true);
    }
  });

  it('an unsigned image is readable and reports UNSIGNED; signFwi signs it and re-signs a signed one', () => {
    const unsigned = packFwi(input('video', 'none'));
    expect(verifyFwiSignature(unsigned)).toEqual({ ok: false, code: 'UNSIGNED', reason: 'the image is not signed' });
    const signed = signFwi(unsigned, ecSigner);
    expect(signed.subarray(0, unsigned.length).equals(unsigned)).toBe(true);
    expect(verifyFwiSignature(signed).ok).toBe(true);
    const resigned = signFwi(signed, rsaSigner);
    expect(verifyFwiSignature(resigned)).toMatchObject({ ok: true, algorithm: 'rsa-pss-sha256' });
    expect(readFwi(resigned).signedLength).toBe(unsigned.length);
  });

  it('a signature checked with another signer certificate is BAD_SIGNATURE', () => {
    const bytes = packFwi(input('firmware', 'deflate'), ecSigner);
    const image = readFwi(bytes);
    const ours = new X509Certificate(ecSigner.certificatePem).raw;
    const theirs = new X509Certificate(otherSigner.certificatePem).raw;
    const block = bytes.subarray(image.signedLength);
    const signature = block.subarray(4 + 1 + 2 + ours.length);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(theirs.length);
    const swapped = Buffer.concat([bytes.subarray(0, image.signedLength), block.subarray(0, 5), len, theirs, signature]);
    expect(readFwi(swapped).signerCertificate).toBe(new X509Certificate(otherSigner.certificatePem).toString());
    expect(verifyFwiSignature(swapped)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    // an RSA certificate under an ECDSA signature: the algorithm does not fit the key
    const rsa = new X509Certificate(rsaSigner.certificatePem).raw;
    len.writeUInt16BE(rsa.length);
    const mixed = Buffer.concat([bytes.subarray(0, image.signedLength), block.subarray(0, 5), len, rsa, signature]);
    expect(verifyFwiSignature(mixed)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE', reason: expect.stringMatching(/not one for ecdsa-p256-sha256/) });
  });

  it('refuses a key that is not the certificate’s, an unusable key, or PEM that is none', async () => {
    expect(fwiError(() => packFwi(input('firmware'), { privateKeyPem: ecSigner.privateKeyPem, certificatePem: otherSigner.certificatePem }))).toMatchObject({
      code: 'BAD_SIGNER',
      message: 'the private key does not belong to the certificate',
    });
    expect(fwiError(() => packFwi(input('firmware'), { privateKeyPem: 'nope', certificatePem: ecSigner.certificatePem })).code).toBe('BAD_SIGNER');
    expect(fwiError(() => packFwi(input('firmware'), { privateKeyPem: ecSigner.privateKeyPem, certificatePem: 'nope' })).code).toBe('BAD_SIGNER');
    const { generateKeyPairSync } = await import('node:crypto');
    const ed = generateKeyPairSync('ed25519');
    const edPem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(fwiError(() => packFwi(input('firmware'), { privateKeyPem: edPem, certificatePem: ecSigner.certificatePem })).message).toMatch(/ECDSA P-256 or RSA/);
  });

  it('a signature block with a certificate that is no X.509 is BAD_SIGNATURE, not a crash', () => {
    const bytes = packFwi(input('firmware', 'none'));
    const junk = randomBytes(100);
    const block = Buffer.concat([Buffer.from('NG9S'), Buffer.from([1, 0, junk.length]), junk, Buffer.from([0, 8]), randomBytes(8)]);
    const image = Buffer.concat([bytes, block]);
    expect(readFwi(image).signed).toBe(true);
    expect(readFwi(image).signerCertificate).toBeUndefined();
    expect(verifyFwiSignature(image)).toMatchObject({ ok: false, code: 'BAD_SIGNATURE', reason: expect.stringMatching(/not a valid X.509/) });
    block[4] = 7;
    expect(fwiError(() => readFwi(Buffer.concat([bytes, block]))).code).toBe('BAD_HEADER');
  });
});
