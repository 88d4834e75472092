/**
 * Printing a reply the way every one-shot command does: the data rendered
 * (or as JSON with --json) on stdout; a failure as one stderr line
 * `Error: <message> (<CODE>)` (or `{"ok":false,...}` on stdout with --json).
 * Each returns the exit code: 0, 1 for an `ERR` reply, 2 for usage / port.
 */
import { renderData, renderErrorLine, renderJson, renderJsonError } from './render.js';
import type { ReplyError, TargetReply } from './target.js';

export function printFailure(error: ReplyError, json: boolean, exitCode: number, withCode = true): number {
  if (json) process.stdout.write(`${renderJsonError(error)}\n`);
  else process.stderr.write(`${renderErrorLine(withCode ? error : { code: '', message: error.message })}\n`);
  return exitCode;
}

export async function printReply(reply: TargetReply, json: boolean): Promise<number> {
  if (!reply.ok) return printFailure(reply.error, json, 1);
  if (json) {
    process.stdout.write(`${renderJson(reply.data)}\n`);
    return 0;
  }
  const text = await renderData(reply.data, { tty: Boolean(process.stdout.isTTY), width: process.stdout.columns });
  if (process.stdout.isTTY) {
    const { printPaged } = await import('./pager.js');
    await printPaged(text);
  } else {
    process.stdout.write(`${text}\n`);
  }
  return 0;
}
