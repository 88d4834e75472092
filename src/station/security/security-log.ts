import type { Store } from '../store/store.js';

export interface SecurityLogEntry {
  seq: number;
  type: string;
  /** epoch ms */
  at: number;
  techInfo: string;
  critical: boolean;
  sent: boolean;
}

interface Row {
  seq: number;
  type: string;
  at: number;
  tech_info: string;
  critical: number;
  sent: number;
}

/** How many entries the log keeps (the oldest sent ones go first). */
export const SECURITY_LOG_SIZE = 1000;

const entry = (r: Row): SecurityLogEntry => ({ seq: r.seq, type: r.type, at: r.at, techInfo: r.tech_info, critical: r.critical === 1, sent: r.sent === 1 });

/** A04: the durable security log and its queue of critical events for the CSMS. */
export class SecurityLog {
  private readonly insert;
  private readonly firstUnsent;
  private readonly mark;
  private readonly latest;
  private readonly trim;
  private readonly unsentOfType;
  private readonly window;

  constructor(store: Store) {
    const db = store.db;
    this.insert = db.prepare<[string, number, string, number, number]>('INSERT INTO security_log (station, type, at, tech_info, critical, sent) VALUES (@station, ?, ?, ?, ?, ?)');
    this.firstUnsent = db.prepare<[], Row>('SELECT * FROM security_log WHERE station = @station AND sent = 0 ORDER BY seq LIMIT 1');
    this.mark = db.prepare<[number]>('UPDATE security_log SET sent = 1 WHERE station = @station AND seq = ?');
    this.latest = db.prepare<[number], Row>('SELECT * FROM security_log WHERE station = @station ORDER BY seq DESC LIMIT ?');
    this.unsentOfType = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM security_log WHERE station = @station AND sent = 0 AND type = ?');
    this.window = db.prepare<[number, number], Row>('SELECT * FROM security_log WHERE station = @station AND at >= ? AND at <= ? ORDER BY seq');
    this.trim = db.prepare<[number]>('DELETE FROM security_log WHERE station = @station AND sent = 1 AND seq <= (SELECT seq FROM security_log WHERE station = @station ORDER BY seq DESC LIMIT 1 OFFSET ?)');
  }

  /**
   * Log an event; a critical one waits in the queue until markSent, unless
   * one of its type waits already (a CSMS refused at every retry is one
   * notification, not hundreds: the log keeps each).
   */
  add(type: string, at: number, techInfo: string, critical: boolean): void {
    const queued = critical && this.unsentOfType.get(type)!.n === 0;
    this.insert.run(type, at, techInfo, critical ? 1 : 0, queued ? 0 : 1);
    this.trim.run(SECURITY_LOG_SIZE);
  }

  /** The oldest critical event the CSMS does not have yet. */
  nextUnsent(): SecurityLogEntry | undefined {
    const r = this.firstUnsent.get();
    return r && entry(r);
  }

  markSent(seq: number): void {
    this.mark.run(seq);
  }

  /** N01 SecurityLog: the entries from `oldest` to `latest` (epoch ms, both included), oldest first. */
  between(oldest = 0, latest = Number.MAX_SAFE_INTEGER): SecurityLogEntry[] {
    return this.window.all(oldest, latest).map(entry);
  }

  /** The last `n` entries, oldest first. */
  recent(n: number): SecurityLogEntry[] {
    return this.latest.all(n).map(entry).reverse();
  }
}
