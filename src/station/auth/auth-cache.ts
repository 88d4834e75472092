/**
 * C10 Authorization Cache: what the CSMS last said about each idToken, kept in
 * the store (table `auth_cache`) so it survives a power cycle.
 *
 * An entry is stale (never used, removed when met) once its
 * cacheExpiryDateTime has passed, or when AuthCacheCtrlr.LifeTime seconds have
 * gone by since it was last used or updated (0 = no lifetime limit).
 *
 * The cache is bounded by the maxLimit of AuthCacheCtrlr.Storage (bytes). When
 * an update needs room: stale entries go first, then entries that are not
 * Accepted (C10.FR.07: invalid before valid), then the least recently used
 * (AuthCacheCtrlr.Policy LRU).
 */
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { expiryOf } from './id-token.js';
import type { IdToken, IdTokenInfo, IdTokenKind } from './types.js';

export interface CacheEntry {
  idToken: IdToken;
  info: IdTokenInfo;
  /** Wall time (ms) the entry was last used for a decision or updated. */
  lastUsed: number;
  /** cacheExpiryDateTime as epoch ms. */
  expiresAt?: number;
}

export interface CacheLimits {
  /** AuthCacheCtrlr.LifeTime in seconds; 0 = no limit. */
  lifetimeSec: number;
  /** Largest size of the cache in bytes. */
  maxBytes: number;
}

interface Row {
  id_token: string;
  type: string;
  info: string;
  last_used: number;
  expires_at: number | null;
}

const ENTRY_BYTES = 'LENGTH(CAST(id_token AS BLOB)) + LENGTH(CAST(type AS BLOB)) + LENGTH(CAST(info AS BLOB))';

export class AuthCache {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: () => CacheLimits,
    /** Told when the cache dropped stale entries on its own. */
    private readonly onDropped: () => void = () => undefined,
  ) {}

  /** The live entry for a token; a stale one is removed and not returned. */
  get(token: IdToken): CacheEntry | undefined {
    const row = this.store.db.prepare('SELECT * FROM auth_cache WHERE station = @station AND id_token = ? AND type = ?').get(token.idToken, token.type) as Row | undefined;
    if (!row) return undefined;
    const entry = toEntry(row);
    if (this.isStale(entry, this.clock.now())) {
      this.remove(token);
      this.onDropped();
      return undefined;
    }
    return entry;
  }

  /** The entry was used for a decision: it becomes the most recently used. */
  touch(token: IdToken): void {
    this.store.db.prepare('UPDATE auth_cache SET last_used = ? WHERE station = @station AND id_token = ? AND type = ?').run(this.clock.now(), token.idToken, token.type);
  }

  /** Add or replace what is known of a token, making room when the cache is full. */
  put(token: IdToken, info: IdTokenInfo): void {
    const now = this.clock.now();
    const { maxBytes } = this.limits();
    this.store.tx(() => {
      this.store.db
        .prepare(
          `INSERT INTO auth_cache (station, id_token, type, info, last_used, expires_at) VALUES (@station, ?, ?, ?, ?, ?)
           ON CONFLICT(station, id_token, type) DO UPDATE SET info = excluded.info, last_used = excluded.last_used, expires_at = excluded.expires_at`,
        )
        .run(token.idToken, token.type, JSON.stringify(info), now, expiryOf(info) ?? null);
      if (this.bytes() > maxBytes) this.removeStale(now);
      while (this.bytes() > maxBytes && this.evictOne(token)) {
        // one entry at a time: invalid before valid, then least recently used
      }
    });
  }

  remove(token: IdToken): void {
    this.store.db.prepare('DELETE FROM auth_cache WHERE station = @station AND id_token = ? AND type = ?').run(token.idToken, token.type);
  }

  /** C11: empty the cache; returns how many entries were removed. */
  clear(): number {
    return this.store.tx(() => this.store.db.prepare('DELETE FROM auth_cache WHERE station = @station').run().changes);
  }

  /** Every entry, most recently used first (stale ones included, for the console). */
  entries(): CacheEntry[] {
    const rows = this.store.db.prepare('SELECT * FROM auth_cache WHERE station = @station ORDER BY last_used DESC, id_token').all() as Row[];
    return rows.map(toEntry);
  }

  isStale(entry: CacheEntry, now: number): boolean {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) return true;
    const { lifetimeSec } = this.limits();
    return lifetimeSec > 0 && now - entry.lastUsed >= lifetimeSec * 1000;
  }

  count(): number {
    return (this.store.db.prepare('SELECT COUNT(*) AS n FROM auth_cache WHERE station = @station').get() as { n: number }).n;
  }

  /** Size of the cache in bytes (what AuthCacheCtrlr.Storage reports). */
  bytes(): number {
    return (this.store.db.prepare(`SELECT COALESCE(SUM(${ENTRY_BYTES}), 0) AS n FROM auth_cache WHERE station = @station`).get() as { n: number }).n;
  }

  private removeStale(now: number): void {
    const { lifetimeSec } = this.limits();
    this.store.db
      .prepare('DELETE FROM auth_cache WHERE station = @station AND ((expires_at IS NOT NULL AND expires_at <= ?) OR (? > 0 AND last_used + ? <= ?))')
      .run(now, lifetimeSec, lifetimeSec * 1000, now);
  }

  /** Remove the best candidate other than `keep`; false when there is none. */
  private evictOne(keep: IdToken): boolean {
    const victim = this.store.db
      .prepare(
        `SELECT id_token, type FROM auth_cache WHERE station = @station AND NOT (id_token = ? AND type = ?)
         ORDER BY (json_extract(info, '$.status') = 'Accepted'), last_used, id_token LIMIT 1`,
      )
      .get(keep.idToken, keep.type) as { id_token: string; type: string } | undefined;
    if (!victim) return false;
    this.remove({ idToken: victim.id_token, type: victim.type as IdTokenKind });
    return true;
  }
}

function toEntry(row: Row): CacheEntry {
  const entry: CacheEntry = {
    idToken: { idToken: row.id_token, type: row.type as IdTokenKind },
    info: JSON.parse(row.info) as IdTokenInfo,
    lastUsed: row.last_used,
  };
  if (row.expires_at !== null) entry.expiresAt = row.expires_at;
  return entry;
}
