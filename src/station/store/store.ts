import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lockStateDir } from './lock.js';
import { migrations } from './migrations.js';

/**
 * The station's durable state: one SQLite database per station. Modules keep
 * their own tables (see migrations.ts) and use `db` directly with prepared
 * statements; `tx` groups writes that must land together.
 */
export class Store {
  private constructor(
    readonly db: Database.Database,
    readonly file: string,
    private readonly unlock: () => void = () => undefined,
  ) {}

  /** Open (creating if needed) the database at `file`; ':memory:' for tests. */
  static open(file: string): Store {
    if (file === ':memory:') return Store.prepare(new Database(file), file);
    mkdirSync(dirname(file), { recursive: true });
    const unlock = lockStateDir(dirname(file));
    try {
      return Store.prepare(new Database(file), file, unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  private static prepare(db: Database.Database, file: string, unlock?: () => void): Store {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const store = new Store(db, file, unlock);
    store.migrate();
    return store;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > migrations.length) {
      throw new Error(`store ${this.file} has schema version ${current}, newer than this ng9 (${migrations.length})`);
    }
    for (let v = current; v < migrations.length; v++) {
      this.db.transaction(() => {
        this.db.exec(migrations[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Run fn inside one database transaction. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** False once closed (a timer that fires after a stop finds it so). */
  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.unlock();
  }
}
