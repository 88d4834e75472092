/**
 * L01: the checks before an image may be installed, in order: the CSMS's
 * signature over the file, the FWI structure, the image's own signature and
 * its signer's chain to a ManufacturerRootCertificate, then whether this
 * station can take it (platform, kind, bootloader, every section unpacks).
 * Loaded by the firmware block when an image arrives, not at start-up.
 */
import { FwiError, type FwiImage, readFwi, unpackSection, verifyFwiSignature } from './fwi.js';
import { checkSigningCertificate, verifiesWith } from './signature.js';
import type { FirmwareJob, FirmwareStatus } from './types.js';
import { bootloaderRefuses, isTwoStage } from './versions.js';

export const PLATFORM = 'NG9xx';

export interface CheckContext {
  location: string;
  signature?: string;
  signingCertificate?: string;
  /** the installed ManufacturerRootCertificates */
  roots: readonly string[];
  now: number;
  bootloader: string;
}

export interface ImageProblem {
  status: FirmwareStatus;
  reason: string;
  /** the security event it is */
  securityEvent?: 'InvalidFirmwareSignature' | 'InvalidFirmwareSigningCertificate';
}

export function checkImage(bytes: Buffer, ctx: CheckContext): ImageProblem | undefined {
  const invalidSignature = (reason: string, securityEvent: ImageProblem['securityEvent'] = 'InvalidFirmwareSignature'): ImageProblem => ({ status: 'InvalidSignature', reason, securityEvent });
  if (ctx.signature !== undefined && ctx.signingCertificate !== undefined && !verifiesWith(bytes, ctx.signature, ctx.signingCertificate)) {
    return invalidSignature(`the signature of ${ctx.location} does not verify with the signing certificate`);
  }
  let image: FwiImage;
  try {
    image = readFwi(bytes);
  } catch (err) {
    return { status: 'InstallVerificationFailed', reason: `not an FWI image: ${(err as Error).message}` };
  }
  const own = verifyFwiSignature(bytes);
  if (!own.ok) return invalidSignature(`${own.code === 'UNSIGNED' ? 'the image is not signed' : 'the image signature does not verify'}: ${own.reason}`);
  const signer = checkSigningCertificate(own.signerCertificate, ctx.roots, ctx.now);
  if (!signer.ok) return invalidSignature(`the image's signer: ${signer.reason}`, 'InvalidFirmwareSigningCertificate');
  const unfit = unfitFor(image, ctx.bootloader);
  if (unfit) return { status: 'InstallVerificationFailed', reason: unfit };
  for (const section of image.sections) {
    try {
      unpackSection(bytes, section.name);
    } catch (err) {
      return { status: 'InstallVerificationFailed', reason: `section ${section.name}: ${err instanceof FwiError ? err.message : (err as Error).message}` };
    }
  }
  return undefined;
}

/** Why a station with this bootloader cannot take the image, if it cannot. */
function unfitFor(image: FwiImage, bootloader: string): string | undefined {
  if (image.platform !== PLATFORM) return `the image is for platform ${image.platform}, this station is ${PLATFORM}`;
  const firmware = image.sections.find((s) => s.name === 'firmware');
  if (image.kind === 'firmware' && firmware) return bootloaderRefuses(bootloader, firmware.version);
  if (image.kind === 'bootloader' && !isTwoStage(bootloader)) {
    return `bootloader ${bootloader} has no second stage to update: install the minimal firmware (bootloader and firmware 6 in one FWI)`;
  }
  return undefined;
}

/** Kind and versions of a checked image. */
export function imageInfo(bytes: Buffer): NonNullable<FirmwareJob['image']> {
  const image = readFwi(bytes);
  const version = (name: string) => image.sections.find((s) => s.name === name)?.version;
  return { kind: image.kind, firmware: version('firmware'), bootloader: version('bootloader'), video: version('video') };
}

export function hasBootloader(bytes: Buffer): boolean {
  try {
    return readFwi(bytes).sections.some((s) => s.name === 'bootloader');
  } catch {
    return false;
  }
}
