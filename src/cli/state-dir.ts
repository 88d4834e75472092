/**
 * Where the embedded stations keep their state: a per-user data directory
 * (`$XDG_DATA_HOME/ng9`, else `~/.local/share/ng9`; `%LOCALAPPDATA%\ng9` on
 * Windows) with one sub-folder per station id.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { identityProblem } from '../station/identity.js';
import type { OcppVersion } from '../station/ocpp/validator.js';
import { UsageError } from './lines.js';

export const DEFAULT_STATION_ID = 'NG9-0001';

/** The embedded station to open: Station.open options (see in-process-target.ts). */
export interface StationSpec {
  id: string;
  /** This station's own folder (the store lives in it); undefined = in memory. */
  stateDir?: string;
  csmsUrl?: string;
  evses?: number;
  ocppVersion?: OcppVersion;
  /** `--p1-device`: the serial device of the P1 meter (kept in the station's state). */
  p1Device?: string;
  /** `--p1-baud`: 115200 (8N1, DSMR 4 / 5, e-MUCS) or 9600 (7E1, DSMR 2.2 / 3). */
  p1Baud?: 115200 | 9600;
  /** `--legacy`: a fresh state is a pre-6.0 charger (firmware 5.x, bootloader 0.1.6). */
  legacy?: boolean;
}

export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'ng9');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'ng9');
  return join(homedir(), '.local', 'share', 'ng9');
}

/** A station id as a folder name: the id itself (a valid identity is a safe folder name, one to one); a usage error otherwise. */
export function stationFolderName(id: string): string {
  const problem = identityProblem(id);
  if (problem) throw new UsageError(`${problem}: '${id}'`);
  return id;
}

/** A serial port path as part of a file name. */
function portFileName(port: string): string {
  return port.replace(/^\/dev\//, '').replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The folder of station `id` under the state root (`--state`, or the default). */
export function stationDir(stateRoot: string | undefined, id: string): string {
  return join(resolve(stateRoot ?? defaultStateRoot()), stationFolderName(id));
}

/** REPL history: one file per station folder, or per serial port under the root. */
export function historyFile(stateRoot: string | undefined, target: { id: string } | { port: string }): string {
  if ('id' in target) return join(stationDir(stateRoot, target.id), 'console_history');
  return join(resolve(stateRoot ?? defaultStateRoot()), `serial_history_${portFileName(target.port)}`);
}

/** The embedded station named by the common flags (folder, identity, CSMS). */
export function stationSpec(flags: { state?: string; id: string; csms?: string; evses?: number; ocpp?: string; 'p1-device'?: string; 'p1-baud'?: string; legacy?: boolean }): StationSpec {
  return {
    id: flags.id,
    stateDir: stationDir(flags.state, flags.id),
    csmsUrl: flags.csms,
    evses: flags.evses,
    ocppVersion: flags.ocpp as OcppVersion | undefined,
    ...(flags['p1-device'] ? { p1Device: flags['p1-device'] } : {}),
    ...(flags['p1-baud'] ? { p1Baud: flags['p1-baud'] === '9600' ? 9600 : 115200 } : {}),
    ...(flags.legacy ? { legacy: true } : {}),
  };
}
