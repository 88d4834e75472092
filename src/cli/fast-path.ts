/**
 * One-shot console lines without oclif (oneshot.ts decides which): the line
 * goes to the same Target and is printed by the same output code as the
 * oclif commands', with the same exit codes: 0 OK, 1 an ERR reply, 2 the
 * target could not be reached.
 */
import { openTarget } from './open-target.js';
import { type OneShot } from './oneshot.js';

// bin/run.js takes both from the one bundle (rolldown.config.mjs)
export { parseOneShot } from './oneshot.js';
import { printFailure, printReply } from './output.js';
import { TargetError } from './target.js';

export async function runOneShot(shot: OneShot): Promise<void> {
  if (typeof shot.line !== 'string') {
    // the arguments' own rule refused them, as oclif's command would: a usage error
    process.exitCode = printFailure({ code: 'USAGE', message: shot.line.message }, shot.json, 2, false);
    return;
  }
  const line = shot.line;
  let target;
  try {
    target = await openTarget({ port: shot.port, baud: shot.baud, timeout: shot.timeoutSec, state: shot.state, id: shot.id });
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    process.exitCode = printFailure({ code: err.code, message: err.message }, shot.json, err.exitCode, false);
    return;
  }
  try {
    if (shot.servicePassword !== undefined) {
      const { loginLine } = await import('./lines.js');
      const login = await target.request(loginLine(shot.servicePassword));
      if (!login.ok) {
        process.exitCode = printFailure(login.error, shot.json, 1);
        return;
      }
    }
    const code = await printReply(await target.request(line), shot.json);
    if (code !== 0) process.exitCode = code;
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    process.exitCode = printFailure({ code: err.code, message: err.message }, shot.json, err.exitCode, false);
  } finally {
    await target.close().catch(() => undefined);
  }
}
