/**
 * Long output on a terminal goes through a pager (`$PAGER`, else
 * `less -FRX`: it quits by itself when the text fits, keeps colours and
 * leaves the text on the screen). Piped output is never paged.
 */
import { spawn } from 'node:child_process';

export interface Screen {
  isTTY?: boolean;
  rows?: number;
}

/** The pager command for `text`, or undefined when it is printed as it is. */
export function pagerFor(text: string, screen: Screen, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!screen.isTTY || !screen.rows || env.NG9_PAGER === 'off') return undefined;
  if (text.split('\n').length < screen.rows) return undefined;
  const pager = env.NG9_PAGER ?? env.PAGER ?? 'less -FRX';
  return pager.trim() === '' || pager === 'cat' ? undefined : pager;
}

/** Print `text` (with a final newline) on stdout, through a pager when it is longer than the terminal. */
export async function printPaged(text: string): Promise<void> {
  const pager = pagerFor(text, process.stdout);
  if (!pager || !(await runPager(pager, text))) process.stdout.write(`${text}\n`);
}

/** Show `text` in `pager` on this process's terminal; false when the pager could not run. */
export function runPager(pager: string, text: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const child = spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'] });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
    child.stdin.on('error', () => undefined); // the pager quit early (q)
    child.stdin.end(`${text}\n`);
  });
}
