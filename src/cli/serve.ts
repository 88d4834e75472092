/**
 * The charger side: a running station whose console answers on a serial
 * port (`ng9 serve`), or with no console at all (`ng9 run`). Station log
 * lines and link / registration changes go to stdout.
 */
import type { Station, StationEvent } from '../station/station.js';
import type { SerialLink } from './serial-link.js';

/** Answer the console on `link`: a text-mode session; each received line is handled in order. */
export async function serveConsole(station: Station, link: SerialLink): Promise<() => void> {
  const { ConsoleSession } = await import('../station/console/session.js');
  const session = new ConsoleSession(station, (line) => {
    if (link.isOpen) link.writeLine(line).catch(() => undefined);
  });
  const offLine = link.onLine((line) => {
    session.handleLine(line).catch(() => undefined);
  });
  return () => {
    offLine();
    session.close();
  };
}

/** One stdout line per station event worth a log (not OCPP frames, not per-connector noise). */
export function eventLogLine(event: StationEvent, now: number): string | undefined {
  const ts = new Date(now).toISOString();
  switch (event.event) {
    case 'log':
      return `${ts}:${event.line}`;
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

/** Resolves at the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Wait until the CSMS accepted the station (or `timeoutMs` passed); resolves with the registration status. */
export function waitForRegistration(station: Station, timeoutMs: number): Promise<string> {
  if (station.registration === 'Accepted') return Promise.resolve('Accepted');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(station.registration);
    }, timeoutMs);
    const off = station.events.on((event) => {
      if (event.event === 'registration' && event.status === 'Accepted') {
        clearTimeout(timer);
        off();
        resolve(event.status);
      }
    });
  });
}
