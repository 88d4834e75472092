/**
 * A long-running `ng9 console` in machine mode (`json on`) on piped stdin:
 * send a line, get its one-line JSON reply; `{"event":...}` lines are kept
 * apart. Used where a test must kill and restart a real station process.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.js';

export interface Reply {
  ok: boolean;
  data?: any;
  error?: { code: string; message: string };
}

export class ConsoleProcess {
  readonly events: any[] = [];
  private buffer = '';
  private waiting: Array<(reply: Reply) => void> = [];
  private exited = false;
  readonly exit: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.resume();
    this.exit = new Promise((resolve) => child.on('exit', (code) => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w({ ok: false, error: { code: 'EXITED', message: 'process exited' } });
      resolve(code);
    }));
  }

  static async start(args: string[]): Promise<ConsoleProcess> {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'console', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const c = new ConsoleProcess(child);
    const first = await c.send('json on');
    if (!first.ok) throw new Error(`ng9 console did not start: ${JSON.stringify(first)}`);
    return c;
  }

  send(line: string): Promise<Reply> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'EXITED', message: 'process exited' } });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${line}\n`);
    });
  }

  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exit;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      let msg: any;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if ('event' in msg) this.events.push(msg);
      else if ('ok' in msg) this.waiting.shift()?.(msg);
    }
  }
}
