/**
 * Out of file handles: each station holds one socket (a file handle), so a
 * fleet past `ulimit -n` cannot connect all of its stations. This names the
 * failure and the limit to raise, once per station.
 */
import { readFileSync } from 'node:fs';

/** EMFILE (this process) or ENFILE (the whole system): no file handle left for a socket or a file. */
export function isOutOfHandles(err: { code?: unknown; message: string }): boolean {
  return err.code === 'EMFILE' || err.code === 'ENFILE' || /\bE[MN]FILE\b|too many open files/i.test(err.message);
}

/** The process's soft limit on open files (`ulimit -n`) from /proc/self/limits; undefined where there is none (not Linux). */
export function openFileLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(text)?.[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

/** `raise 'ulimit -n' (now 256)` */
function advice(limit: number | undefined): string {
  return `raise 'ulimit -n'${limit === undefined ? '' : ` (now ${limit})`}`;
}

/** `<id>: out of file handles (connect EMFILE); raise 'ulimit -n' (now 256)`. */
export function outOfHandlesMessage(id: string, what: string, err: { code?: unknown; message: string }, limit: number | undefined): string {
  const code = typeof err.code === 'string' ? err.code : (/\bE[MN]FILE\b/.exec(err.message)?.[0] ?? 'EMFILE');
  return `${id}: out of file handles (${what} ${code}); ${advice(limit)}`;
}

/** A worker thread that died: `worker 2: out of file handles (EMFILE: … open '…'); raise 'ulimit -n' (now 256)`, or its error as it is. */
export function workerErrorMessage(worker: number, err: { code?: unknown; message: string }, limit: number | undefined): string {
  return isOutOfHandles(err) ? `worker ${worker}: out of file handles (${err.message}); ${advice(limit)}` : `worker ${worker}: ${err.message}`;
}
