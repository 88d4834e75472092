/**
 * Where a one-shot command's line goes: the charger on --port, else the
 * embedded station — in the process that runs it (its local socket), or
 * opened here when none does. No oclif here: the fast path uses it too.
 */
import { socketMayListen, socketPath } from './socket-path.js';
import { stationSpec } from './state-dir.js';
import type { Target } from './target.js';

export interface TargetFlags {
  port?: string;
  baud: number;
  /** seconds */
  timeout: number;
  state?: string;
  id: string;
  csms?: string;
  evses?: number;
  ocpp?: string;
}

export async function openTarget(flags: TargetFlags, options: { start?: boolean; text?: boolean } = {}): Promise<Target> {
  if (flags.port) {
    const { SerialTarget } = await import('./serial-target.js');
    return SerialTarget.open({ path: flags.port, baud: flags.baud, timeoutMs: flags.timeout * 1000, text: options.text });
  }
  const spec = stationSpec(flags);
  // The station runs in another process (ng9 console / serve / run): talk to it there.
  if (spec.stateDir && !options.start && socketMayListen(socketPath(spec.stateDir))) {
    const { SocketTarget } = await import('./local-socket.js');
    const running = await SocketTarget.connect(spec.stateDir, flags.timeout * 1000);
    if (running) return running;
  }
  const { InProcessTarget } = await import('./in-process-target.js');
  return InProcessTarget.open(spec, { start: options.start });
}
