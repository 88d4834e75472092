/**
 * Firmware test material: a manufacturer PKI (root, firmware signing
 * certificate) and FWI images made with ng9's own packer, signed or not.
 */
import { sign } from 'node:crypto';
import { type FwiCompression, type FwiKind, type FwiSectionName, packFwi } from '../../src/station/firmware/fwi.js';
import { type Issued, issue, makeRoot } from './pki.js';
import type { Scenario } from './scenario.js';

export interface ManufacturerPki {
  root: Issued;
  signer: Issued;
  /** A signer under a root the station does not have. */
  stranger: Issued;
}

let cached: Promise<ManufacturerPki> | undefined;

export function manufacturerPki(): Promise<ManufacturerPki> {
  cached ??= (async () => {
    const root = await makeRoot('CN=NG9 manufacturer root, O=NG9');
    const signer = await issue(root, { subject: 'CN=NG9 firmware signing, O=NG9' });
    const otherRoot = await makeRoot('CN=not the manufacturer, O=elsewhere');
    const stranger = await issue(otherRoot, { subject: 'CN=NG9 firmware signing, O=NG9' });
    return { root, signer, stranger };
  })();
  return cached;
}

/** A firmware-like payload: code-ish bytes, strings and padding (compresses as firmware does). */
export function payload(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const region = Math.floor(i / 4096) % 4;
    out[i] = region === 0 ? 0 : region === 1 ? 0x41 + (x % 26) : (x >> 8) & (region === 2 ? 0x3f : 0xff);
  }
  return out;
}

export interface ImageOptions {
  kind?: FwiKind;
  firmware?: string;
  bootloader?: string;
  video?: string;
  platform?: string;
  compression?: FwiCompression;
  /** sign with this (default: the manufacturer signer); null: unsigned */
  signer?: Issued | null;
  size?: number;
}

export async function fwiImage(o: ImageOptions = {}): Promise<Buffer> {
  const pki = await manufacturerPki();
  const kind = o.kind ?? (o.video ? 'video' : o.bootloader && o.firmware ? 'minimal' : o.bootloader ? 'bootloader' : 'firmware');
  const sections: Array<{ name: FwiSectionName; version: string; data: Buffer; compression?: FwiCompression }> = [];
  if (o.bootloader) sections.push({ name: 'bootloader', version: o.bootloader, data: payload(16 * 1024, 2), compression: o.compression ?? 'brotli' });
  if (o.firmware || (!o.bootloader && !o.video)) sections.push({ name: 'firmware', version: o.firmware ?? '6.0.1', data: payload(o.size ?? 64 * 1024), compression: o.compression ?? 'brotli' });
  if (o.video) sections.push({ name: 'video', version: o.video, data: payload(32 * 1024, 3), compression: o.compression ?? 'deflate' });
  const signer = o.signer === undefined ? pki.signer : o.signer;
  return packFwi({ platform: o.platform ?? 'NG9xx', kind, sections }, signer ? { privateKeyPem: signer.keyPem, certificatePem: signer.pem } : undefined);
}

/** The base64 signature an UpdateFirmware carries for `bytes`. */
export function detachedSignature(bytes: Buffer, signer: Issued): string {
  return sign('sha256', bytes, signer.keyPem).toString('base64');
}

export async function installManufacturerRoot(s: Scenario): Promise<void> {
  const { root } = await manufacturerPki();
  const res = await s.station.certificates.install({ certificateType: 'ManufacturerRootCertificate', certificate: root.pem });
  if (res.status !== 'Accepted') throw new Error(`ManufacturerRootCertificate not installed: ${JSON.stringify(res)}`);
}
