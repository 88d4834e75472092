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

export interface RawTerminal {
  send(raw: string): void;
  /** Resolves with everything received since the last call once it matches `pattern`. */
  until(pattern: RegExp, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** The other end of the cable as a terminal program sees it: raw characters both ways. */
export async function rawTerminal(path: string): Promise<RawTerminal> {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  let received = '';
  port.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
  return {
    send: (raw) => void port.write(raw),
    async until(pattern, timeoutMs = 5000) {
      await waitFor(() => pattern.test(received), `terminal output matching ${pattern} (got ${JSON.stringify(received)})`, timeoutMs);
      const text = received;
      received = '';
      return text;
    },
    close: () => new Promise<void>((resolve) => port.close(() => resolve())),
  };
}
