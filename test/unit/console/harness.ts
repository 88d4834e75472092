import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../src/station/clock.js';
import { ConsoleSession } from '../../../src/station/console/session.js';
import { Station, type StationOptions } from '../../../src/station/station.js';

export interface Console {
  station: Station;
  session: ConsoleSession;
  /** Every line written so far. */
  lines: string[];
  /** Send one line; the lines written for it (events included). */
  run(line: string): Promise<string[]>;
  /** Send one line in text mode and return the reply lines without the OK, failing on ERR. */
  ok(line: string): Promise<string[]>;
  /** Send one line and return the `ERR ...` line (text mode). */
  err(line: string): Promise<string>;
  /** Send one line in JSON mode and return the parsed reply (not the events). */
  json(line: string): Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>;
  close(): Promise<void>;
}

/** A technician logged in (`login service`): network and security settings need it. */
export function openServiceConsole(options: Partial<StationOptions> = {}): Console {
  const c = openConsole(options);
  c.session.state.service = true;
  return c;
}

/** A station (not started, FakeClock, simulated hardware) with a console session on it. */
export function openConsole(options: Partial<StationOptions> = {}): Console {
  const station = Station.open({ id: 'CS1', clock: new FakeClock('2026-01-01T00:00:00Z'), ...options });
  const lines: string[] = [];
  const session = new ConsoleSession(station, (line) => lines.push(line));
  const run = async (line: string) => {
    const start = lines.length;
    await session.handleLine(line);
    return lines.slice(start);
  };
  return {
    station,
    session,
    lines,
    run,
    async ok(line) {
      const out = await run(line);
      if (out[out.length - 1] !== 'OK') throw new Error(`'${line}' answered:\n${out.join('\n')}`);
      return out.slice(0, -1);
    },
    async err(line) {
      const out = await run(line);
      const last = out[out.length - 1] ?? '';
      if (!last.startsWith('ERR ')) throw new Error(`'${line}' did not fail:\n${out.join('\n')}`);
      return last;
    },
    async json(line) {
      const wasJson = session.state.json;
      session.state.json = true;
      try {
        const out = await run(line);
        const replies = out.map((l) => JSON.parse(l)).filter((o) => !('event' in o));
        if (replies.length !== 1) throw new Error(`'${line}' gave ${replies.length} replies:\n${out.join('\n')}`);
        return replies[0];
      } finally {
        // `json on|off` itself decides the mode; anything else leaves it as it was
        if (!/^\s*json\b/i.test(line)) session.state.json = wasJson;
      }
    },
    async close() {
      session.close();
      await station.stop();
    },
  };
}

/** Everything configuration-like in the store, to show that a bad line changed nothing. */
export function snapshot(station: Station): string {
  const db = station.store.db;
  return JSON.stringify({
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
    variables: db.prepare('SELECT * FROM variables ORDER BY component, instance, evse, connector, variable, var_instance, attribute').all(),
    profiles: db.prepare('SELECT * FROM network_profiles ORDER BY slot').all(),
    availability: db.prepare('SELECT * FROM availability ORDER BY evse').all(),
    keys: station.model.listKeys(),
    time: station.clock.now(),
  });
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ng9-console-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
