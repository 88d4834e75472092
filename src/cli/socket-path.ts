/**
 * Where a running station answers its console (local-socket.ts), and
 * whether one seems to: a module of its own so that a one-shot command finds
 * out without loading node:net.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to about 100 bytes; a long state folder gets one in the temp folder. */
export function socketPath(stateDir: string, platform: NodeJS.Platform = process.platform): string {
  const hash = createHash('sha256').update(stateDir).digest('hex').slice(0, 16);
  if (platform === 'win32') return `\\\\.\\pipe\\ng9-${hash}`;
  const inside = join(stateDir, 'console.sock');
  return Buffer.byteLength(inside) <= 100 ? inside : join(tmpdir(), `ng9-${hash}.sock`);
}

/** False when no process can be listening (no socket file); a named pipe on Windows cannot be checked so. */
export function socketMayListen(path: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || existsSync(path);
}
