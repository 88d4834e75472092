import type { Store } from '../store/store.js';
import type { Reservation } from './types.js';

export type ReservationEnd = 'Expired' | 'Removed';

interface Row {
  id: number;
  evse_id: number | null;
  connector_type: string | null;
  id_token: string;
  group_id_token: string | null;
  expires_at: number;
  ended: ReservationEnd | null;
}

function toReservation(row: Row): Reservation {
  const r: Reservation = { id: row.id, idToken: JSON.parse(row.id_token), expiresAt: row.expires_at };
  if (row.evse_id !== null) r.evseId = row.evse_id;
  if (row.connector_type !== null) r.connectorType = row.connector_type;
  if (row.group_id_token !== null) r.groupIdToken = JSON.parse(row.group_id_token);
  return r;
}

/**
 * The `reservations` table. Active reservations are kept in memory too (the
 * connector status asks for them on every change); an ended one stays in the
 * table until the CSMS has its ReservationStatusUpdate.
 */
export class ReservationStore {
  private list: Reservation[] = [];

  constructor(private readonly store: Store) {
    this.reload();
  }

  /** Every stored reservation, active or ended (ended: how, until the CSMS was told), lowest id first. */
  history(): Array<{ id: number; evse_id: number | null; ended: string | null }> {
    return this.store.db.prepare('SELECT id, evse_id, ended FROM reservations WHERE station = @station ORDER BY id').all() as Array<{ id: number; evse_id: number | null; ended: string | null }>;
  }

  /** Active reservations, lowest id first. */
  active(): readonly Reservation[] {
    return this.list;
  }

  get(id: number): Reservation | undefined {
    return this.list.find((r) => r.id === id);
  }

  /** Store a reservation, replacing one with the same id (H01: same id replaces). */
  put(r: Reservation): void {
    this.store.db
      .prepare('INSERT OR REPLACE INTO reservations (station, id, evse_id, connector_type, id_token, group_id_token, expires_at, ended) VALUES (@station, ?, ?, ?, ?, ?, ?, NULL)')
      .run(r.id, r.evseId ?? null, r.connectorType ?? null, JSON.stringify(r.idToken), r.groupIdToken ? JSON.stringify(r.groupIdToken) : null, r.expiresAt);
    this.reload();
  }

  /** Forget an active reservation (used, cancelled). */
  delete(id: number): void {
    this.store.db.prepare('DELETE FROM reservations WHERE station = @station AND id = ? AND ended IS NULL').run(id);
    this.reload();
  }

  /** The reservation ended without being used: keep it until the CSMS is told. */
  end(id: number, how: ReservationEnd): void {
    this.store.db.prepare('UPDATE reservations SET ended = ? WHERE station = @station AND id = ? AND ended IS NULL').run(how, id);
    this.reload();
  }

  /** The oldest ended reservation the CSMS was not told about yet. */
  nextUntold(): { id: number; ended: ReservationEnd } | undefined {
    return this.store.db.prepare<[], { id: number; ended: ReservationEnd }>('SELECT id, ended FROM reservations WHERE station = @station AND ended IS NOT NULL ORDER BY id LIMIT 1').get();
  }

  told(id: number): void {
    this.store.db.prepare('DELETE FROM reservations WHERE station = @station AND id = ? AND ended IS NOT NULL').run(id);
  }

  private reload(): void {
    const rows = this.store.db.prepare<[], Row>('SELECT * FROM reservations WHERE station = @station AND ended IS NULL ORDER BY id').all();
    this.list = rows.map(toReservation);
  }
}
