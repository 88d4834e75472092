/**
 * Release notes section 3: the two-stage bootloader. Its version is
 * `<stage 1 major>.<stage 2 major>.<stage 2 minor>` (6.0.0 ships 1.2.0); the
 * bootloader before it was 0.1.6 and recognises no firmware above 5.x.
 */

export const LEGACY_FIRMWARE_VERSION = '5.4.2';
export const LEGACY_BOOTLOADER_VERSION = '0.1.6';

export function majorOf(version: string): number {
  const major = Number.parseInt(version, 10);
  return Number.isNaN(major) ? 0 : major;
}

/** A two-stage bootloader (1.x.y and up); the old one-stage is 0.x.y. */
export function isTwoStage(bootloader: string): boolean {
  return majorOf(bootloader) >= 1;
}

/** A bootloader image updates stage 2 only: stage 1 stays, stage 2 takes the image's `major.minor`. */
export function withStage2(bootloader: string, stage2: string): string {
  const [major = '0', minor = '0'] = stage2.split('.').slice(-2);
  return `${majorOf(bootloader)}.${major}.${minor}`;
}

/**
 * Why the bootloader refuses a firmware, if it does: an old bootloader
 * recognises no firmware ≥ 6 (only the minimal firmware brings the new one).
 */
export function bootloaderRefuses(bootloader: string, firmware: string): string | undefined {
  if (!isTwoStage(bootloader) && majorOf(firmware) >= 6) {
    return `bootloader ${bootloader} does not recognise firmware ${firmware}: install the minimal firmware (bootloader and firmware 6 in one FWI) first`;
  }
  return undefined;
}
