/**
 * The embedded station as a Target: a JSON-mode ConsoleSession on a Station
 * opened in this process. One-shot commands leave the station stopped (no
 * CSMS connection: provisioning works offline, against the store); `console`,
 * `run` and `serve` start it.
 */
import type { ConsoleSession } from '../station/console/session.js';
import type { Station } from '../station/station.js';
import type { StationSpec } from './state-dir.js';
import { parseProtocolLine, parseStatusLine, type Target, type TargetEvent, type TargetReply, TargetError } from './target.js';

export type { StationSpec } from './state-dir.js';

/** Open a Station; the engine is imported here, on first use only. */
export async function openStation(spec: StationSpec): Promise<Station> {
  const { Station } = await import('../station/station.js');
  try {
    return Station.open({
      id: spec.id,
      stateDir: spec.stateDir,
      csmsUrl: spec.csmsUrl,
      evses: spec.evses,
      ocppVersion: spec.ocppVersion,
      p1SerialPath: spec.p1Device,
      p1Baud: spec.p1Baud,
      legacy: spec.legacy,
    });
  } catch (err) {
    if ((err as Error).name === 'StateLockedError') {
      throw new TargetError('BUSY', `${(err as Error).message} — use that process (one-shot commands reach a running console, serve or run by themselves), or stop it`, 2);
    }
    const where = spec.stateDir ? ` in ${spec.stateDir}` : '';
    throw new TargetError('STATE', `cannot open station ${spec.id}${where}: ${(err as Error).message}`, 1);
  }
}

export class InProcessTarget implements Target {
  private readonly listeners = new Set<(event: TargetEvent) => void>();
  private chain: Promise<unknown> = Promise.resolve();
  private current?: { reply?: TargetReply; text: string[] };
  private session!: ConsoleSession;
  private closed = false;

  private constructor(
    readonly station: Station,
    private readonly owned: boolean,
  ) {}

  /** Open the station of `spec` (and start it when `start`). */
  static async open(spec: StationSpec, options: { start?: boolean } = {}): Promise<InProcessTarget> {
    const station = await openStation(spec);
    const target = await InProcessTarget.attach(station, true);
    if (options.start) station.start();
    return target;
  }

  /** A target on a station someone else owns (close() then leaves it running). */
  static async attach(station: Station, owned = false): Promise<InProcessTarget> {
    const { ConsoleSession } = await import('../station/console/session.js');
    const target = new InProcessTarget(station, owned);
    target.session = new ConsoleSession(station, (line) => target.onLine(line), { json: true });
    return target;
  }

  request(line: string): Promise<TargetReply> {
    if (this.closed) return Promise.reject(new TargetError('CLOSED', 'the station console is closed'));
    const run = this.chain.then(() => this.run(line));
    this.chain = run.catch(() => undefined);
    return run;
  }

  onEvent(fn: (event: TargetEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.chain;
    this.session.close();
    if (this.owned) await this.station.stop();
  }

  private async run(line: string): Promise<TargetReply> {
    const current: { reply?: TargetReply; text: string[] } = { text: [] };
    this.current = current;
    try {
      await this.session.handleLine(line);
    } finally {
      this.current = undefined;
    }
    if (current.reply) return current.reply;
    // The session answered in text (after `json off`): rebuild the reply.
    const status = current.text.length ? parseStatusLine(current.text[current.text.length - 1]!) : undefined;
    if (status && !status.ok) return status;
    return { ok: true, data: { text: status ? current.text.slice(0, -1) : current.text } };
  }

  private onLine(line: string): void {
    const parsed = parseProtocolLine(line);
    if (parsed.kind === 'event') {
      for (const fn of [...this.listeners]) fn(parsed.event);
    } else if (this.current && !this.current.reply) {
      if (parsed.kind === 'reply') this.current.reply = parsed.reply;
      else this.current.text.push(parsed.text);
    }
  }
}
