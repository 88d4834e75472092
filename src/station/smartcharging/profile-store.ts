/**
 * The installed charging profiles (table `charging_profiles`), one row per
 * profile id and EVSE. Release notes 6.0.0: "Charging profiles are
 * invalidated instead of erased" — a profile that stops applying (its
 * transaction ended, validTo passed, the CSMS cleared it) keeps its row with
 * valid = 0 and the reason, so a technician can still see it. Only a newer
 * profile with the same id, `cperase`, or the bound on kept invalid rows
 * removes rows.
 */
import type { Store } from '../store/store.js';
import type { ChargingLimitSource, ChargingProfile, InstalledProfile } from './types.js';

/** Invalidated rows kept for the technician; the oldest go first beyond this. */
export const MAX_INVALID_ROWS = 100;

interface Row {
  id: number;
  evse_id: number;
  purpose: string;
  stack_level: number;
  profile: string;
  valid: number;
  invalidated_reason: string | null;
  invalidated_at: number | null;
  transaction_id: string | null;
  source: string;
  installed_at: number;
}

function fromRow(row: Row): InstalledProfile {
  const out: InstalledProfile = {
    evseId: row.evse_id,
    profile: JSON.parse(row.profile) as ChargingProfile,
    source: row.source as ChargingLimitSource,
    valid: row.valid === 1,
    installedAt: row.installed_at,
  };
  if (row.transaction_id !== null) out.transactionId = row.transaction_id;
  if (row.invalidated_reason !== null) out.invalidatedReason = row.invalidated_reason;
  if (row.invalidated_at !== null) out.invalidatedAt = row.invalidated_at;
  return out;
}

export class ChargingProfileStore {
  private cache: InstalledProfile[] | undefined;

  constructor(private readonly store: Store) {}

  /** Every row, valid and invalidated, by EVSE, purpose, stack level, id. */
  all(): InstalledProfile[] {
    this.cache ??= (
      this.store.db.prepare('SELECT * FROM charging_profiles WHERE station = @station ORDER BY evse_id, purpose, stack_level, id').all() as Row[]
    ).map(fromRow);
    return this.cache;
  }

  valid(): InstalledProfile[] {
    return this.all().filter((p) => p.valid);
  }

  /** Distinct ids of the valid profiles (what SmartChargingCtrlr.Entries counts). */
  validIdCount(): number {
    return new Set(this.valid().map((p) => p.profile.id)).size;
  }

  /** Install a profile on the given EVSEs, replacing every row with its id (K01: same id replaces). */
  install(profile: ChargingProfile, targets: ReadonlyArray<{ evseId: number; transactionId?: string }>, source: ChargingLimitSource, now: number): void {
    const db = this.store.db;
    const insert = db.prepare(
      `INSERT INTO charging_profiles (station, id, evse_id, purpose, stack_level, profile, valid, transaction_id, source, installed_at)
       VALUES (@station, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    this.store.tx(() => {
      db.prepare('DELETE FROM charging_profiles WHERE station = @station AND id = ?').run(profile.id);
      for (const t of targets) {
        insert.run(profile.id, t.evseId, profile.chargingProfilePurpose, profile.stackLevel, JSON.stringify(profile), t.transactionId ?? null, source, now);
      }
    });
    this.cache = undefined;
  }

  /** Mark rows invalid with a reason (kept, never applied again). Returns how many changed. */
  invalidate(rows: readonly InstalledProfile[], reason: string, now: number): number {
    const db = this.store.db;
    const mark = db.prepare('UPDATE charging_profiles SET valid = 0, invalidated_reason = ?, invalidated_at = ? WHERE station = @station AND id = ? AND evse_id = ? AND valid = 1');
    let changed = 0;
    this.store.tx(() => {
      for (const row of rows) changed += mark.run(reason, now, row.profile.id, row.evseId).changes;
      const excess = (db.prepare('SELECT COUNT(*) AS n FROM charging_profiles WHERE station = @station AND valid = 0').get() as { n: number }).n - MAX_INVALID_ROWS;
      if (excess > 0) {
        db.prepare(
          `DELETE FROM charging_profiles WHERE rowid IN
             (SELECT rowid FROM charging_profiles WHERE station = @station AND valid = 0 ORDER BY invalidated_at, id LIMIT ?)`,
        ).run(excess);
      }
    });
    this.cache = undefined;
    return changed;
  }

  /** Delete every row (console `cperase`). Returns how many rows went. */
  eraseAll(): number {
    const changes = this.store.tx(() => this.store.db.prepare('DELETE FROM charging_profiles WHERE station = @station').run().changes);
    this.cache = undefined;
    return changes;
  }
}
