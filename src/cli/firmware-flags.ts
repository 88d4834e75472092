import { Flags } from '@oclif/core';

/** `console`, `serve`, `run`: how a fresh embedded station is made. */
export const firmwareFlags = {
  legacy: Flags.boolean({
    description: 'a fresh state starts as a pre-6.0 charger (firmware 5.x, bootloader 0.1.6): it needs the minimal firmware to reach 6.x',
    default: false,
    helpGroup: 'EMBEDDED STATION',
  }),
};
