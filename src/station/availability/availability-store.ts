import type { Store } from '../store/store.js';

/** One row of the `availability` table; evse 0 is the station itself. */
export interface AvailabilityRow {
  evse: number;
  operational: number;
  /** The operational value to apply once no transaction runs there any more (G03/G04 Scheduled). */
  scheduled: number | null;
}

/** The availability of the station and each EVSE, durable (G03/G04 survive a reboot). Operative with nothing scheduled is the absence of a row. */
export class AvailabilityStore {
  private readonly read;
  private readonly upsert;
  private readonly remove;
  private readonly scheduledRows;
  private readonly allRows;

  constructor(store: Store) {
    const db = store.db;
    this.read = db.prepare<[number], AvailabilityRow>('SELECT evse, operational, scheduled FROM availability WHERE station = @station AND evse = ?');
    this.upsert = db.prepare<[number, number, number | null]>(
      'INSERT INTO availability (station, evse, operational, scheduled) VALUES (@station, ?, ?, ?) ON CONFLICT(station, evse) DO UPDATE SET operational = excluded.operational, scheduled = excluded.scheduled',
    );
    this.remove = db.prepare<[number]>('DELETE FROM availability WHERE station = @station AND evse = ?');
    this.allRows = db.prepare<[], AvailabilityRow>('SELECT evse, operational, scheduled FROM availability WHERE station = @station ORDER BY evse');
    this.scheduledRows = db.prepare<[], AvailabilityRow>('SELECT evse, operational, scheduled FROM availability WHERE station = @station AND scheduled IS NOT NULL');
  }

  get(evseId: number): AvailabilityRow {
    return this.read.get(evseId) ?? { evse: evseId, operational: 1, scheduled: null };
  }

  set(evseId: number, operational: number, scheduled: number | null): void {
    if (operational === 1 && scheduled === null) this.remove.run(evseId);
    else this.upsert.run(evseId, operational, scheduled);
  }

  /** Every row: the levels that are not plain Operative, by evse. */
  all(): AvailabilityRow[] {
    return this.allRows.all();
  }

  /** Rows with a change waiting for a transaction to end. */
  scheduled(): AvailabilityRow[] {
    return this.scheduledRows.all();
  }
}
