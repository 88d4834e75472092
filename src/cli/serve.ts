/**
 * The charger side: a running station whose console answers on a serial
 * port (`ng9 serve`), or with no console at all (`ng9 run`). Station log
 * lines and link / registration changes go to stdout.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Station, StationEvent } from '../station/station.js';
import type { PortFactory, SerialLink } from './serial-link.js';

/** What serveConsole needs of a line: SerialLink, or an in-memory one in tests. */
export type ConsoleLink = Pick<SerialLink, 'write' | 'onBytes'>;

export interface ConsoleOptions {
  /** Where `fw receive` keeps partial and received images (default: a folder in the system's tmp). */
  fwDir?: string;
  /** Silence that ends a `fw receive` binary mode (default 10 s). */
  fwIdleMs?: number;
}

/**
 * Answer the console on `link` as a charger does: a text-mode session for a
 * person at a terminal (echo, line editing, a prompt: line-editor.ts) until
 * `echo off` or `json on` makes it a machine's. Received lines are handled
 * in order. `fw receive` switches the line to binary frames (fw-receive.ts).
 */
export async function serveConsole(station: Station, link: ConsoleLink, options: ConsoleOptions = {}): Promise<() => void> {
  const { ConsoleSession } = await import('../station/console/session.js');
  const { LineEditor } = await import('./line-editor.js');
  const { FwReceiver } = await import('./fw-receive.js');
  const editor: InstanceType<typeof LineEditor> = new LineEditor({
    write: (raw) => link.write(raw),
    prompt: () => `ng9:${station.id}> `,
    echo: () => session.state.echo === true,
  });
  const fw: InstanceType<typeof FwReceiver> = new FwReceiver({
    dir: options.fwDir ?? join(tmpdir(), `ng9-fw-${station.id}`),
    idleMs: options.fwIdleMs,
    write: (data) => link.write(data),
    json: () => session.state.json,
    runLine: (line) => session.handleLine(line),
    onEnd: () => editor.showPrompt(),
  });
  // no asynchronous lines in the middle of binary frames
  const session = new ConsoleSession(station, (line) => link.write(`${line}\r\n`), { echo: true, writeEvent: (line) => {
      if (!fw.active) editor.interject(line);
    },
  });
  const decoder = new StringDecoder('utf8');
  let lastLine: Promise<unknown> = Promise.resolve();
  const offData = link.onBytes((chunk) => {
    if (fw.active) {
      const text = fw.feed(chunk);
      if (!text?.length) return;
      chunk = text;
    }
    for (const line of editor.feed(decoder.write(chunk))) {
      if (line.trim() === '' && session.state.echo) editor.showPrompt();
      else if (FwReceiver.handles(line)) lastLine = lastLine.then(() => fw.start(line));
      else lastLine = session.handleLine(line).then(() => editor.showPrompt(), () => undefined);
    }
  });
  editor.showPrompt();
  return () => {
    offData();
    fw.close();
    session.close();
  };
}

/**
 * The console on a serial port for as long as the station runs: when the
 * cable is pulled (the port closes or fails) the port is tried again every
 * `retryMs` until it opens, and the console answers again, as a charger's
 * does when the cable comes back. Resolves once the port is open.
 */
export async function keepSerialConsole(
  station: Station,
  path: string,
  baud: number,
  say: (line: string) => void,
  options: { retryMs?: number; createPort?: PortFactory } & ConsoleOptions = {},
): Promise<{ stop(): Promise<void> }> {
  const { SerialLink } = await import('./serial-link.js');
  let link = await SerialLink.open(path, baud, options.createPort);
  let stopConsole = await serveConsole(station, link, options);
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const watch = () =>
    link.onClose((err) => {
      stopConsole();
      if (stopping) return;
      say(`serial console on ${path} closed${err ? `: ${err.message}` : ''}; the station keeps running, waiting for the cable`);
      retry();
    });
  const retry = () => {
    timer = setTimeout(async () => {
      try {
        link = await SerialLink.open(path, baud, options.createPort);
      } catch {
        if (!stopping) retry();
        return;
      }
      stopConsole = await serveConsole(station, link, options);
      watch();
      say(`serial console on ${path} is back`);
    }, options.retryMs ?? 1000);
  };
  watch();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      stopConsole();
      await link.close();
    },
  };
}

/** One stdout line per station event worth a log (not OCPP frames, not per-connector noise). */
export function eventLogLine(event: StationEvent, now: number): string | undefined {
  const ts = new Date(now).toISOString();
  switch (event.event) {
    case 'log':
      return `${event.time}:${event.line}`; // the time it was logged
    case 'link':
      return `${ts}:INFO:cli:CSMS link ${event.connected ? 'up' : 'down'}`;
    case 'registration':
      return `${ts}:INFO:cli:registration ${event.status}`;
    default:
      return undefined;
  }
}

/** Print the station's log to `write` until the returned function is called. */
export function logToStdout(station: Station, write: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): () => void {
  return station.events.on((event) => {
    const line = eventLogLine(event, station.clock.now());
    if (line) write(line);
  });
}

/**
 * Resolves at the first SIGINT or SIGTERM. Keeps the process alive until
 * then: the station's own timers do not (they are unref'd), so a station
 * that cannot reach its CSMS would otherwise let node exit.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const on = (signal: NodeJS.Signals) => {
      clearInterval(keepAlive);
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export interface RegistrationWait {
  registration: string;
  /** Why the CSMS could not be reached, when that ended the wait. */
  unreachable?: string;
}

/**
 * Wait until the CSMS accepted the station, the CSMS proved unreachable, or
 * `timeoutMs` passed. The station keeps trying in the background either way.
 */
export function waitForRegistration(station: Station, timeoutMs: number): Promise<RegistrationWait> {
  if (station.registration === 'Accepted') return Promise.resolve({ registration: 'Accepted' });
  return new Promise((resolve) => {
    const done = (result: RegistrationWait) => {
      clearTimeout(timer);
      off();
      station.link.off('connectError', onConnectError);
      resolve(result);
    };
    const timer = setTimeout(() => done({ registration: station.registration }), timeoutMs);
    const off = station.events.on((event) => {
      if (event.event === 'registration' && event.status === 'Accepted') done({ registration: event.status });
    });
    const onConnectError = (err: Error) => done({ registration: station.registration, unreachable: err.message });
    station.link.on('connectError', onConnectError);
  });
}
