import type { Clock } from './clock.js';
import { Listeners } from './listeners.js';
import type { Store } from './store/store.js';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogLine {
  ts: number;
  level: LogLevel;
  source: string;
  text: string;
}

const KEEP_LINES = 5000;

/** `<ISO time>:<LEVEL>:<source>:<text>`, the console's log line. */
export function formatLogLine(line: LogLine): string {
  return `${new Date(line.ts).toISOString()}:${line.level}:${line.source}:${line.text}`;
}

/** The station log: kept in the store (survives a power cut), trimmed to the last lines. */
export class Logger {
  readonly lines = new Listeners<LogLine>();
  private writes = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  debug(source: string, text: string): void {
    this.write('DEBUG', source, text);
  }
  info(source: string, text: string): void {
    this.write('INFO', source, text);
  }
  warn(source: string, text: string): void {
    this.write('WARN', source, text);
  }
  error(source: string, text: string): void {
    this.write('ERROR', source, text);
  }

  /** The last n lines, of level `atLeast` or more serious. */
  recent(n: number, atLeast: LogLevel = 'DEBUG'): LogLine[] {
    const levels = LOG_LEVELS.slice(LOG_LEVELS.indexOf(atLeast));
    const rows = this.store.db
      .prepare(`SELECT ts, level, source, text FROM log WHERE station = @station AND level IN (${levels.map(() => '?').join(',')}) ORDER BY id DESC LIMIT ?`)
      .all(...levels, n) as LogLine[];
    return rows.reverse();
  }

  erase(): void {
    this.store.db.prepare('DELETE FROM log WHERE station = @station').run();
  }

  private write(level: LogLevel, source: string, text: string): void {
    const line: LogLine = { ts: this.clock.now(), level, source, text };
    if (level !== 'DEBUG') {
      this.store.db.prepare('INSERT INTO log (station, ts, level, source, text) VALUES (@station, ?, ?, ?, ?)').run(line.ts, level, source, text);
      if (++this.writes % 500 === 0) {
        this.store.db.prepare('DELETE FROM log WHERE station = @station AND id <= (SELECT id FROM log WHERE station = @station ORDER BY id DESC LIMIT 1 OFFSET ?)').run(KEEP_LINES);
      }
    }
    this.lines.emit(line);
  }
}
