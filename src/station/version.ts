/** What this firmware is (release notes 6.0.0; bootloader `<stage1>.<stage2 major>.<stage2 minor>`). */
export const FIRMWARE_VERSION = '6.0.0';
export const BOOTLOADER_VERSION = '1.2.0';
export const PLATFORM = 'NG9xx';
