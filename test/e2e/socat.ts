/** A socat pty pair as a serial cable for the end-to-end tests (CI installs socat). */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from '../support/wait.js';

/** Whether socat is on the PATH; when not, says which test file is skipped and how to install it. */
export function socatInstalled(testFile: string): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn(`${testFile} skipped: socat is not installed (apt-get install -y socat)`);
    return false;
  }
}

export interface PtyPair {
  /** Pull the cable: ends socat and waits until it has exited. */
  stop(): Promise<void>;
}

/** Two linked ptys at paths `a` and `b`, resolved once both exist. */
export async function startPtyPair(a: string, b: string): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  await waitFor(() => existsSync(a) && existsSync(b), 'socat pty pair');
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
