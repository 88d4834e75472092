import type { StationEvent } from '../events.js';
import type { Station } from '../station.js';
import { consoleOf } from './index.js';
import { Interpreter } from './interpreter.js';
import type { SessionState } from './types.js';

/**
 * One console conversation with its framing (CONSOLE.md): text replies end in
 * `OK` / `ERR <code> <message>`; in JSON mode each reply is one JSON line and
 * asynchronous events arrive as `{"event":...}` lines. Lines are handled one
 * at a time, in order.
 */
export class ConsoleSession {
  readonly state: SessionState = { json: false, trace: false, service: false };
  private readonly interpreter: Interpreter;
  private queue: Promise<void> = Promise.resolve();
  private readonly unsubscribe: () => void;
  /** Where asynchronous lines go (a terminal redraws the line being typed around them). */
  private readonly writeEvent: (line: string) => void;
  private readonly now: () => number;

  constructor(
    station: Station,
    private readonly write: (line: string) => void,
    options: { json?: boolean; echo?: boolean; writeEvent?: (line: string) => void } = {},
  ) {
    this.interpreter = consoleOf(station);
    this.now = () => station.clock.now();
    this.state.json = options.json ?? false;
    if (options.echo && !this.state.json) this.state.echo = true;
    this.writeEvent = options.writeEvent ?? write;
    this.unsubscribe = station.events.on((event) => this.onEvent(event));
  }

  /** Handle one request line; resolves when its reply has been written. */
  handleLine(line: string): Promise<void> {
    const run = this.queue.then(() => this.run(line));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.unsubscribe();
  }

  private async run(line: string): Promise<void> {
    const outcome = await this.interpreter.execute(line, this.state);
    if (this.state.json) {
      this.write(
        JSON.stringify(
          outcome.ok
            ? { ok: true, data: outcome.reply.data ?? null }
            : { ok: false, error: { code: outcome.error.code, message: outcome.error.message } },
        ),
      );
      return;
    }
    if (outcome.ok) {
      for (const text of outcome.reply.text ?? []) this.write(text);
      this.write('OK');
    } else {
      this.write(`ERR ${outcome.error.code} ${outcome.error.message}`);
    }
  }

  private onEvent(event: StationEvent): void {
    if (event.event === 'ocpp' && !this.state.trace) return;
    // OCPP frames carry the station time they passed at (trace on)
    const time = event.event === 'ocpp' ? new Date(this.now()).toISOString() : undefined;
    if (this.state.json) this.writeEvent(JSON.stringify(time ? { ...event, time } : event));
    else if (event.event === 'ocpp') this.writeEvent(`${time} ${event.direction === 'out' ? '>>' : '<<'} ${event.frame}`);
  }
}
