/**
 * What a test opened and must close when it ends, pass or fail: stations with
 * their CSMS (scenario.ts registers them), further CSMSs, state dirs. Test
 * files hold no teardown of their own: test/support/setup.ts, a vitest
 * `setupFiles` entry, runs `endOfTest()` after every test of every file.
 *
 * No engine imports here: every test file loads this module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Closer = () => unknown;

const closers: Closer[] = [];

/** Run `close` when the running test ends. */
export function atTestEnd(close: Closer): void {
  closers.push(close);
}

/**
 * Run what the test registered, newest first (a station stops before the
 * state dir it was opened on goes); every closer runs even when one fails,
 * and each distinct failure is reported.
 */
export async function endOfTest(): Promise<void> {
  const errors: Error[] = [];
  for (let close = closers.pop(); close; close = closers.pop()) {
    try {
      await close();
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      if (!errors.some((e) => e.message === error.message)) errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new Error(errors.map((e) => e.message).join('\n\n'));
}

/** A fresh directory under the OS temp dir, removed when the test ends. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  atTestEnd(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
