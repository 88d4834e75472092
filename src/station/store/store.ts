import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lockStateDir } from './lock.js';
import { migrations } from './migrations.js';
import { openDatabase, type SqlDatabase } from './sqlite.js';

/**
 * The station's durable state: one SQLite database per station. Modules keep
 * their own tables (see migrations.ts) and use `db` directly with prepared
 * statements; `tx` groups writes that must land together.
 */
export class Store {
  /** Open transactions: the outermost is BEGIN … COMMIT, inner ones savepoints. */
  private depth = 0;

  private constructor(
    readonly db: SqlDatabase,
    readonly file: string,
    private readonly unlock: () => void = () => undefined,
  ) {}

  /** Open (creating if needed) the database at `file`; ':memory:' for tests. */
  static open(file: string): Store {
    if (file === ':memory:') return Store.prepare(openDatabase(file), file);
    mkdirSync(dirname(file), { recursive: true });
    const unlock = lockStateDir(dirname(file));
    try {
      return Store.prepare(openDatabase(file), file, unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  private static prepare(db: SqlDatabase, file: string, unlock?: () => void): Store {
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
    const store = new Store(db, file, unlock);
    store.migrate();
    return store;
  }

  get schemaVersion(): number {
    return (this.db.prepare<[], { user_version: number }>('PRAGMA user_version').get()?.user_version ?? 0);
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > migrations.length) {
      throw new Error(`store ${this.file} has schema version ${current}, newer than this ng9 (${migrations.length})`);
    }
    for (let v = current; v < migrations.length; v++) {
      this.tx(() => {
        this.db.exec(migrations[v]!);
        this.db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  /** Run fn inside one database transaction (nested: a savepoint); an exception rolls it back. */
  tx<T>(fn: () => T): T {
    const savepoint = `ng9_tx_${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (err) {
      this.depth--;
      if (this.db.open) this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw err;
    }
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
    this.db.close();
    this.unlock();
  }
}
