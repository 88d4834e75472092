/**
 * The SQLite the store runs on: Node's own `node:sqlite` where the runtime
 * has it without a flag (Node 22.13 and later), better-sqlite3 on Node 20.
 *
 * Why two: better-sqlite3 before 13 aborts the process on Node 24.19 and
 * later when a prepared statement is garbage collected (its ObjectWrap
 * destructor runs without an entered context: "Assertion failed: (env) !=
 * nullptr" in RemoveEnvironmentCleanupHook), and 13.x crashes on Node 20
 * (STACK.md). node:sqlite needs no native build at all.
 *
 * Both are seen through the small synchronous interface the repositories
 * use: prepare / run / get / all / exec.
 */
import { createRequire } from 'node:module';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** Positional parameters as a tuple, or one object of named ones (`@name`, without the `@`). */
export type SqlParams = unknown[] | Record<string, unknown>;

export interface SqlStatement<P extends SqlParams = unknown[], R = unknown> {
  run(...params: P extends unknown[] ? P : [P]): RunResult;
  get(...params: P extends unknown[] ? P : [P]): R | undefined;
  all(...params: P extends unknown[] ? P : [P]): R[];
}

export interface SqlDatabase {
  prepare<P extends SqlParams = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  exec(sql: string): void;
  readonly open: boolean;
  close(): void;
  /** Which engine: 'node:sqlite' or 'better-sqlite3'. */
  readonly engine: string;
}

const require = createRequire(import.meta.url);

/** The part of node:sqlite used here (@types/node 20 has no types for it). */
interface NodeSqliteStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  setAllowUnknownNamedParameters?(enabled: boolean): void;
}
interface NodeSqliteDatabaseSync {
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
  readonly isOpen: boolean;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (file: string) => NodeSqliteDatabaseSync;
}

function nodeSqlite(): NodeSqlite | undefined {
  try {
    // getBuiltinModule: no warning and no throw where the module needs a flag (Node 22.5–22.12)
    return process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
  } catch {
    return undefined;
  }
}

export function openDatabase(file: string): SqlDatabase {
  const builtin = process.env.NG9_SQLITE === 'better-sqlite3' ? undefined : nodeSqlite();
  return builtin ? new NodeSqliteDatabase(new builtin.DatabaseSync(file)) : new BetterSqliteDatabase(file);
}

class NodeSqliteDatabase implements SqlDatabase {
  readonly engine = 'node:sqlite';

  constructor(private readonly db: NodeSqliteDatabaseSync) {}

  prepare<P extends SqlParams = unknown[], R = unknown>(sql: string): SqlStatement<P, R> {
    const statement = this.db.prepare(sql);
    // as better-sqlite3: an object may carry more keys than the statement names
    statement.setAllowUnknownNamedParameters?.(true);
    return statement as unknown as SqlStatement<P, R>;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

class BetterSqliteDatabase implements SqlDatabase {
  readonly engine = 'better-sqlite3';
  private readonly db: import('better-sqlite3').Database;

  constructor(file: string) {
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    this.db = new Database(file);
  }

  prepare<P extends SqlParams = unknown[], R = unknown>(sql: string): SqlStatement<P, R> {
    return this.db.prepare(sql) as unknown as SqlStatement<P, R>;
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  get open(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
