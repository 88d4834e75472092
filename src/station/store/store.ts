import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lockStateDir } from './lock.js';
import { migrations } from './migrations.js';
import { openDatabase, type SqlDatabase, type SqlStatement } from './sqlite.js';

/**
 * One SQLite database, opened, migrated and locked: the state of one station
 * (`Store.open`) or of a whole fleet (`SharedDatabase`, every table keyed by
 * station). Prepared statements are cached per SQL text, so a thousand
 * stations on one database share them.
 */
/** How long the fleet database gathers writes into one commit. */
const GROUP_COMMIT_MS = 10;

/** How a database keeps what is written: a station alone (the charger's guarantees) or a fleet (SharedDatabase). */
const MODES = {
  /** every write committed and fsynced at once */
  station: { pragmas: 'PRAGMA synchronous = FULL;', groupCommits: false },
  /**
   * writes gathered for GROUP_COMMIT_MS, not fsynced; exclusive: the fleet's
   * process is the only one on it (its state folder is locked anyway), so
   * SQLite need not take and release file locks around every write. Set
   * before WAL, so that the WAL index lives in memory.
   */
  fleet: { pragmas: 'PRAGMA synchronous = NORMAL; PRAGMA locking_mode = EXCLUSIVE;', groupCommits: true },
};
type Mode = keyof typeof MODES;

class Database {
  /** Open transactions: the outermost is BEGIN … COMMIT, inner ones savepoints. */
  private depth = 0;
  /** tx() calls under way (the grouped commit's transaction is not one: it never rolls back) */
  private txDepth = 0;
  private readonly statements = new Map<string, SqlStatement>();

  private readonly groupCommits: boolean;

  private constructor(
    readonly sqlite: SqlDatabase,
    readonly file: string,
    private readonly unlock: () => void,
    mode: Mode,
  ) {
    this.groupCommits = MODES[mode].groupCommits;
  }

  static open(file: string, mode: Mode): Database {
    if (file === ':memory:') return Database.migrated(openDatabase(file), file, () => undefined, mode);
    mkdirSync(dirname(file), { recursive: true });
    const unlock = lockStateDir(dirname(file));
    try {
      return Database.migrated(openDatabase(file), file, unlock, mode);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  private static migrated(sqlite: SqlDatabase, file: string, unlock: () => void, mode: Mode): Database {
    sqlite.exec(`${MODES[mode].pragmas} PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;`);
    const db = new Database(sqlite, file, unlock, mode);
    db.migrate();
    return db;
  }

  get schemaVersion(): number {
    return this.sqlite.prepare<[], { user_version: number }>('PRAGMA user_version').get()?.user_version ?? 0;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > migrations.length) {
      throw new Error(`store ${this.file} has schema version ${current}, newer than this ng9 (${migrations.length})`);
    }
    for (let v = current; v < migrations.length; v++) {
      this.tx(() => {
        this.sqlite.exec(migrations[v]!);
        this.sqlite.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  }

  prepare(sql: string): SqlStatement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.sqlite.prepare(sql)));
    return statement;
  }

  /** Before a write: with grouped commits, the group's transaction (begun on its first write, committed GROUP_COMMIT_MS later). */
  beforeWrite(): void {
    if (!this.groupCommits || this.depth > 0) return;
    this.sqlite.exec('BEGIN');
    this.depth = 1;
    setTimeout(() => this.commitGroup(), GROUP_COMMIT_MS);
  }

  private commitGroup(): void {
    if (this.depth !== 1) return;
    this.depth = 0;
    if (this.sqlite.open) this.sqlite.exec('COMMIT');
  }

  tx<T>(fn: () => T): T {
    this.beforeWrite();
    const savepoint = `ng9_tx_${this.depth}`;
    this.sqlite.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth++;
    this.txDepth++;
    try {
      const result = fn();
      this.depth--;
      this.sqlite.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (err) {
      this.depth--;
      if (this.sqlite.open) this.sqlite.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      throw err;
    } finally {
      this.txDepth--;
    }
  }

  /** Inside a tx(): what is read may still be rolled back. */
  get inTransaction(): boolean {
    return this.txDepth > 0;
  }

  close(): void {
    this.commitGroup();
    this.statements.clear();
    this.sqlite.close();
    this.unlock();
  }
}

/** What the repositories prepare statements on: every statement sees only its station's rows. */
export interface StationDatabase {
  prepare<P extends unknown[] | Record<string, unknown> = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
}

const isNamed = (params: unknown[]): params is [Record<string, unknown>] => {
  if (params.length !== 1 || params[0] === null || typeof params[0] !== 'object') return false;
  const proto = Object.getPrototypeOf(params[0]);
  return proto === Object.prototype || proto === null;
};

/**
 * A statement bound to one station: `@station` in its SQL is that station's
 * key, the other parameters are the caller's (positional or one object).
 */
class StationStatement implements SqlStatement<unknown[], unknown> {
  constructor(
    private readonly statement: SqlStatement,
    private readonly key: { station: string },
    private readonly database: Database,
  ) {}

  private bind(params: unknown[]): unknown[] {
    if (isNamed(params)) return [{ ...params[0], station: this.key.station }];
    // node:sqlite takes the named parameters first, better-sqlite3 anywhere
    return this.database.sqlite.engine === 'node:sqlite' ? [this.key, ...params] : [...params, this.key];
  }

  run(...params: unknown[]) {
    this.database.beforeWrite();
    return this.statement.run(...this.bind(params));
  }
  get(...params: unknown[]) {
    return this.statement.get(...this.bind(params));
  }
  all(...params: unknown[]) {
    return this.statement.all(...this.bind(params));
  }
}

/**
 * A station's durable state. Modules keep their own tables (see
 * migrations.ts), every row keyed by station, and prepare their statements on
 * `db`; `tx` groups writes that must land together. A station alone in its
 * database has the key ''.
 */
export class Store {
  private closed = false;
  private readonly key: { station: string };
  readonly db: StationDatabase;

  constructor(
    private readonly database: Database,
    station: string,
    /** Closing the store closes the database (a station alone in its own). */
    private readonly owner: boolean,
  ) {
    this.key = { station };
    this.db = {
      prepare: <P extends unknown[] | Record<string, unknown>, R>(sql: string) => {
        if (this.closed) throw new Error('The database connection is not open');
        const statement = database.prepare(sql);
        if (!sql.includes('@station')) {
          // a fleet's rows are all in one table: a statement must say whose
          if (!owner) throw new Error(`a statement on a shared store must select by @station: ${sql.slice(0, 80)}`);
          return statement as SqlStatement<P, R>;
        }
        return new StationStatement(statement, this.key, database) as unknown as SqlStatement<P, R>;
      },
    };
  }

  /** Open (creating if needed) the database of one station at `file`; ':memory:' for tests. */
  static open(file: string): Store {
    return new Store(Database.open(file, 'station'), '', true);
  }

  get station(): string {
    return this.key.station;
  }

  get file(): string {
    return this.database.file;
  }

  get schemaVersion(): number {
    return this.database.schemaVersion;
  }

  /** Run fn inside one database transaction (nested: a savepoint); an exception rolls it back. */
  tx<T>(fn: () => T): T {
    return this.database.tx(fn);
  }

  /** Inside a tx(): what a repository reads now may be rolled back, so it is not worth keeping. */
  get inTransaction(): boolean {
    return this.database.inTransaction;
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE station = @station AND key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta (station, key, value) VALUES (@station, ?, ?) ON CONFLICT(station, key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /** False once closed (a timer that fires after a stop finds it so). */
  get isOpen(): boolean {
    return !this.closed && this.database.sqlite.open;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.owner) this.database.close();
  }
}

/**
 * One database for many stations (`ng9 sim fleet`): thousands of stations
 * on one file and one set of prepared statements instead of a database each.
 * Thousands of stations write hundreds of times a second: the writes of
 * 10 ms are committed together, and commits are not fsynced (WAL,
 * synchronous NORMAL). A crash of the process loses at most the last 10 ms
 * of writes, a power cut of the machine the last transactions. While the fleet runs no other process can read the file.
 * (A station alone in its database, `Store.open`, commits every write at
 * once and fsyncs it: the charger's guarantees.)
 */
export class SharedDatabase {
  private readonly database: Database;

  constructor(file: string) {
    this.database = Database.open(file, 'fleet');
  }

  /** The store of one station; closing it leaves the database open. */
  station(id: string): Store {
    return new Store(this.database, id, false);
  }

  close(): void {
    this.database.close();
  }
}
