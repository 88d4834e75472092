import { Flags } from '@oclif/core';
import { devicePathProblem } from '../station/p1/settings.js';

const P1 = 'P1 SMART METER';

/** `console`, `serve`, `run`: the embedded station's serial P1 meter (written to its state, like `p1 device` / `p1 baud`). */
export const p1Flags = {
  'p1-device': Flags.string({
    description: "serial device the P1 meter's port is wired to (e.g. /dev/ttyUSB0); kept like 'p1 device'",
    helpGroup: P1,
    async parse(input) {
      const problem = devicePathProblem(input);
      if (problem) throw new Error(problem);
      return input;
    },
  }),
  'p1-baud': Flags.string({
    description: "P1 line: 115200 = 8N1 (DSMR 4/5, e-MUCS), 9600 = 7E1 (DSMR 2.2/3); kept like 'p1 baud'",
    options: ['115200', '9600'],
    helpGroup: P1,
  }),
};
