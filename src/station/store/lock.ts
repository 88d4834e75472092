/**
 * One station, one process: whoever opens a station's state folder holds
 * `station.lock` in it until it closes the store. A second opener — another
 * console, a one-shot command while the station runs elsewhere — gets a
 * clear error naming the holder, never a second copy of the station that
 * silently disagrees with the first. A lock left by a process that died
 * (SIGKILL, a power cut of the PC) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  /** The holder's command line, for the error message. */
  command: string;
  since: string;
}

export class StateLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(`the station in ${dir} is open in process ${holder.pid} (${holder.command || 'ng9'}) since ${holder.since}`);
    this.name = 'StateLockedError';
  }
}

const LOCK_FILE = 'station.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(value.pid) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Take the lock of a state folder; returns the function that releases it. */
export function lockStateDir(dir: string, now: () => Date = () => new Date()): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, command: process.argv.slice(1).join(' '), since: now().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = readHolder(path);
      if (holder && alive(holder.pid)) throw new StateLockedError(dir, holder);
      unlinkSync(path); // the holder died, or the file is half-written garbage: take over
    }
  }
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    if (readHolder(path)?.pid === process.pid) unlinkSync(path);
  };
}
