/**
 * Running the BUILT ng9 (`node bin/run.js ...`) as a technician would. The
 * build is checked once per run (global-setup.ts) and again, cheaply, by
 * each file's beforeAll(ensureBuilt) so a single file can run on its own.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'run.js');

/**
 * Build when dist is stale. After global-setup.ts built (NG9_E2E_BUILT), the
 * files do not check again: a rebuild while another file runs the CLI would
 * pull dist/ from under it.
 */
export function ensureBuilt(): void {
  if (process.env.NG9_E2E_BUILT) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure.mjs'), '--build-only'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  process.env.NG9_E2E_BUILT = '1';
}

const temps: string[] = [];
/** A fresh temporary folder, removed by cleanupTemps(). */
export function tempDir(prefix = 'ng9-e2e-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
export function cleanupTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Environment of every ng9 run: no colour, no writes to the real home data dir. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NG9_SERVICE_PASSWORD: _ignored, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1', XDG_DATA_HOME: join(tmpdir(), 'ng9-e2e-xdg'), ...extra };
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `ng9 <args>` to completion. */
export function ng9(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Result> {
  return runNode([BIN, ...args], { cwd: ROOT, env: env(options.env), input: options.input, timeoutMs: options.timeoutMs, what: `ng9 ${args.join(' ')}` });
}

/** Run `node <args>` to completion, its output collected; killed (and the promise rejected) after timeoutMs. */
export function runNode(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; what: string },
): Promise<Result> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.what} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Run `ng9 <args> --json` and parse stdout. */
export async function ng9Json(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; data: any; stderr: string }> {
  const r = await ng9([...args, '--json'], options);
  let data: unknown;
  try {
    data = JSON.parse(r.stdout);
  } catch {
    throw new Error(`ng9 ${args.join(' ')} --json printed no JSON (exit ${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return { code: r.code, data, stderr: r.stderr };
}

/** A long-running ng9 (backoffice, run, serve) whose output can be awaited. */
export class LongRunning {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private exited: Promise<number | null>;

  constructor(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d) => (this.stdout += d));
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** Resolves with the first match of `pattern` in stdout. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.stdout.match(pattern);
      if (m) return m;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no ${pattern} in the output (exit ${this.child.exitCode})\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGINT, then the exit code (SIGKILL after `timeoutMs`). */
  async stop(timeoutMs = 10_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
