/**
 * D01/D02 Local Authorization List, kept in the store (table `local_list`,
 * version in store meta). An update is checked completely first and then
 * written in one store transaction: it lands whole or not at all.
 */
import type { StatusInfo } from '../model/types.js';
import type { Store } from '../store/store.js';
import { idTokenProblem, sameIdToken } from './id-token.js';
import type { IdToken, IdTokenInfo, IdTokenKind } from './types.js';

export const LOCAL_LIST_VERSION_KEY = 'auth.localListVersion';

export interface AuthorizationData {
  idToken: IdToken;
  idTokenInfo?: IdTokenInfo;
}

export interface SendLocalListRequest {
  versionNumber: number;
  updateType: 'Full' | 'Differential';
  localAuthorizationList?: AuthorizationData[];
}

export interface SendLocalListResponse {
  status: 'Accepted' | 'Failed' | 'VersionMismatch';
  statusInfo?: StatusInfo;
}

export interface LocalListLimits {
  /** LocalAuthListCtrlr.ItemsPerMessage: most entries in one SendLocalList. */
  itemsPerMessage: number;
  /** maxLimit of LocalAuthListCtrlr.Entries. */
  maxEntries: number;
  /** maxLimit of LocalAuthListCtrlr.Storage (bytes). */
  maxBytes: number;
}

export interface LocalListEntry {
  idToken: IdToken;
  info: IdTokenInfo;
}

interface Row {
  id_token: string;
  type: string;
  info: string;
}

const ENTRY_BYTES = 'LENGTH(CAST(id_token AS BLOB)) + LENGTH(CAST(type AS BLOB)) + LENGTH(CAST(info AS BLOB))';

/** Thrown inside the store transaction to roll an update back. */
class Rollback extends Error {
  constructor(readonly info: StatusInfo) {
    super(info.additionalInfo ?? info.reasonCode);
  }
}

const failed = (reasonCode: string, additionalInfo: string): SendLocalListResponse => ({
  status: 'Failed',
  statusInfo: { reasonCode, additionalInfo: additionalInfo.slice(0, 512) },
});

export class LocalList {
  constructor(private readonly store: Store) {}

  /** The entry for a token (case-insensitive idToken, same type). */
  get(token: IdToken): IdTokenInfo | undefined {
    const row = this.store.db.prepare('SELECT info FROM local_list WHERE station = @station AND id_token = ? AND type = ?').get(token.idToken, token.type) as
      | { info: string }
      | undefined;
    return row ? (JSON.parse(row.info) as IdTokenInfo) : undefined;
  }

  /** D02: the version of the list; 0 when no list was ever installed or it was erased. */
  version(): number {
    const v = Number(this.store.getMeta(LOCAL_LIST_VERSION_KEY) ?? '0');
    return Number.isSafeInteger(v) ? v : 0;
  }

  entries(): LocalListEntry[] {
    const rows = this.store.db.prepare('SELECT * FROM local_list WHERE station = @station ORDER BY id_token, type').all() as Row[];
    return rows.map((r) => ({ idToken: { idToken: r.id_token, type: r.type as IdTokenKind }, info: JSON.parse(r.info) as IdTokenInfo }));
  }

  count(): number {
    return (this.store.db.prepare('SELECT COUNT(*) AS n FROM local_list WHERE station = @station').get() as { n: number }).n;
  }

  bytes(): number {
    return (this.store.db.prepare(`SELECT COALESCE(SUM(${ENTRY_BYTES}), 0) AS n FROM local_list WHERE station = @station`).get() as { n: number }).n;
  }

  /** Console `llerase`: no list, version 0. Returns how many entries were removed. */
  erase(): number {
    return this.store.tx(() => {
      const n = this.store.db.prepare('DELETE FROM local_list WHERE station = @station').run().changes;
      this.store.setMeta(LOCAL_LIST_VERSION_KEY, '0');
      return n;
    });
  }

  /**
   * D01 SendLocalList. Full replaces the list; Differential adds or updates
   * the entries that carry idTokenInfo and removes those that do not, and
   * needs a versionNumber above the current one (else VersionMismatch).
   *
   * Release notes 6.0.0 fix: a Full update whose entries all carry an
   * idTokenInfo is Accepted — whatever optional fields those hold (groupIdToken,
   * cacheExpiryDateTime, personalMessage, evseId...). The only idTokenInfo
   * problem that fails a Full update is a missing idTokenInfo.
   */
  apply(req: SendLocalListRequest, limits: LocalListLimits): SendLocalListResponse {
    // D01.FR.18: 0 means "no list installed" and is never a list's version.
    if (!(req.versionNumber > 0)) return failed('ValuePositiveOnly', `versionNumber must be greater than 0, got ${req.versionNumber}`);
    const list = req.localAuthorizationList ?? [];
    if (list.length > limits.itemsPerMessage) {
      return failed('TooManyElements', `${list.length} entries, LocalAuthListCtrlr.ItemsPerMessage is ${limits.itemsPerMessage}`);
    }
    if (req.updateType === 'Differential' && req.versionNumber <= this.version()) {
      return { status: 'VersionMismatch', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: `versionNumber ${req.versionNumber} is not above the list version ${this.version()}` } };
    }
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!;
      const problem = idTokenProblem(item.idToken);
      if (problem) return failed('InvalidIdToken', `entry ${i}: ${problem}`);
      if (req.updateType === 'Full' && !item.idTokenInfo) return failed('MissingParam', `entry ${i} (${item.idToken.idToken}): a Full update needs idTokenInfo for every entry`);
      // D01.FR.06: every idToken of the list is unique.
      const dup = list.findIndex((other, j) => j < i && sameIdToken(other.idToken, item.idToken));
      if (dup >= 0) return failed('InvalidValue', `entry ${i} (${item.idToken.idToken}) repeats entry ${dup}`);
    }
    try {
      this.store.tx(() => {
        if (req.updateType === 'Full') this.store.db.prepare('DELETE FROM local_list WHERE station = @station').run();
        const upsert = this.store.db.prepare(
          'INSERT INTO local_list (station, id_token, type, info) VALUES (@station, ?, ?, ?) ON CONFLICT(station, id_token, type) DO UPDATE SET id_token = excluded.id_token, info = excluded.info',
        );
        const remove = this.store.db.prepare('DELETE FROM local_list WHERE station = @station AND id_token = ? AND type = ?');
        for (const item of list) {
          if (item.idTokenInfo) upsert.run(item.idToken.idToken, item.idToken.type, JSON.stringify(item.idTokenInfo));
          else remove.run(item.idToken.idToken, item.idToken.type);
        }
        const count = this.count();
        if (count > limits.maxEntries) throw new Rollback({ reasonCode: 'OutOfStorage', additionalInfo: `the list would hold ${count} entries, at most ${limits.maxEntries} fit` });
        const bytes = this.bytes();
        if (bytes > limits.maxBytes) throw new Rollback({ reasonCode: 'OutOfStorage', additionalInfo: `the list would take ${bytes} bytes, at most ${limits.maxBytes} fit` });
        this.store.setMeta(LOCAL_LIST_VERSION_KEY, String(req.versionNumber));
      });
    } catch (err) {
      if (err instanceof Rollback) return { status: 'Failed', statusInfo: err.info };
      throw err;
    }
    return { status: 'Accepted' };
  }
}
