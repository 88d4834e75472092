import type { Command } from '../types.js';
import { authCommands } from './auth.js';
import { availabilityCommands } from './availability.js';
import { certCommands } from './cert.js';
import { configCommands } from './config.js';
import { dataTransferCommands } from './datatransfer.js';
import { displayCommands } from './display.js';
import { firmwareCommands } from './firmware.js';
import { lbCommands } from './lb.js';
import { modemCommands } from './modem.js';
import { networkCommands } from './network.js';
import { p1Commands } from './p1.js';
import { reasonsCommands } from './reasons.js';
import { scheduleCommands } from './schedule.js';
import { sessionCommands } from './session.js';
import { simCommands } from './sim.js';
import { systemCommands } from './system.js';
import { txCommands } from './tx.js';

/** Every console command, in the order `help` lists them. */
export const allCommands: Command[] = [
  ...sessionCommands,
  ...systemCommands,
  ...networkCommands,
  ...modemCommands,
  ...certCommands,
  ...firmwareCommands,
  ...reasonsCommands,
  ...p1Commands,
  ...lbCommands,
  ...configCommands,
  ...availabilityCommands,
  ...authCommands,
  ...scheduleCommands,
  ...dataTransferCommands,
  ...displayCommands,
  ...simCommands,
  ...txCommands,
];
