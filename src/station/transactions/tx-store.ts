/**
 * The durable side of the transaction block: the `transactions` table (one
 * row per transaction, with the seqNo its next event gets) and the `outbox`
 * (transaction-related messages written before they are sent, deleted only
 * on their CALLRESULT). An event and its transaction's new next_seq_no are
 * always written in one database transaction, so a crash at any moment
 * neither loses an event nor reuses a seqNo.
 */
import type { IdToken } from '../auth/types.js';
import type { Store } from '../store/store.js';
import type { ChargingState, OutboxEntry, StoppedReason, TransactionRecord } from './types.js';

interface TxRow {
  id: string;
  evse_id: number;
  connector_id: number;
  next_seq_no: number;
  started_at: number;
  ended_at: number | null;
  charging_state: string;
  meter_start_wh: number;
  energy_wh: number;
  time_spent_charging: number;
  id_token: string | null;
  group_id_token: string | null;
  stopped_reason: string | null;
  remote_start_id: number | null;
  reservation_id: number | null;
}

interface OutboxRow {
  id: number;
  action: string;
  transaction_id: string | null;
  seq_no: number | null;
  payload: string;
  attempts: number;
  created_at: number;
}

/** What changes on a transaction's row together with one of its events. */
export interface TxProgress {
  chargingState: ChargingState;
  energyWh: number;
  timeSpentChargingSec: number;
  idToken?: IdToken;
  groupIdToken?: IdToken;
  remoteStartId?: number;
  reservationId?: number;
  /** Set on the Ended event. */
  ended?: { at: number; stoppedReason: StoppedReason };
}

function toRecord(r: TxRow): TransactionRecord {
  const rec: TransactionRecord = {
    transactionId: r.id,
    evseId: r.evse_id,
    connectorId: r.connector_id,
    startedAt: r.started_at,
    chargingState: r.charging_state as ChargingState,
    nextSeqNo: r.next_seq_no,
    meterStartWh: r.meter_start_wh,
    energyWh: r.energy_wh,
    timeSpentChargingSec: r.time_spent_charging,
  };
  if (r.ended_at !== null) rec.endedAt = r.ended_at;
  if (r.id_token) rec.idToken = JSON.parse(r.id_token) as IdToken;
  if (r.group_id_token) rec.groupIdToken = JSON.parse(r.group_id_token) as IdToken;
  if (r.stopped_reason) rec.stoppedReason = r.stopped_reason as StoppedReason;
  if (r.remote_start_id !== null) rec.remoteStartId = r.remote_start_id;
  if (r.reservation_id !== null) rec.reservationId = r.reservation_id;
  return rec;
}

function toEntry(r: OutboxRow): OutboxEntry {
  const e: OutboxEntry = { id: r.id, action: r.action, payload: JSON.parse(r.payload), attempts: r.attempts, createdAt: r.created_at };
  if (r.transaction_id !== null) e.transactionId = r.transaction_id;
  if (r.seq_no !== null) e.seqNo = r.seq_no;
  return e;
}

export class TransactionStore {
  constructor(private readonly store: Store) {}

  /** A new transaction and its Started event (seqNo 0), together. */
  create(tx: { id: string; evseId: number; connectorId: number; startedAt: number; meterStartWh: number }, progress: TxProgress, event: { payload: object; now: number }): void {
    this.store.tx(() => {
      this.store.db
        .prepare(
          `INSERT INTO transactions (station, id, evse_id, connector_id, next_seq_no, started_at, charging_state, meter_start_wh)
           VALUES (@station, ?, ?, ?, 0, ?, ?, ?)`,
        )
        .run(tx.id, tx.evseId, tx.connectorId, tx.startedAt, progress.chargingState, tx.meterStartWh);
      this.appendEvent(tx.id, 0, progress, event);
    });
  }

  /** One more event of a transaction: outbox row and the new next_seq_no in one database transaction. */
  append(transactionId: string, seqNo: number, progress: TxProgress, event: { payload: object; now: number }): void {
    this.store.tx(() => this.appendEvent(transactionId, seqNo, progress, event));
  }

  private appendEvent(transactionId: string, seqNo: number, p: TxProgress, event: { payload: object; now: number }): void {
    const db = this.store.db;
    const changed = db
      .prepare(
        `UPDATE transactions SET next_seq_no = ?, charging_state = ?, energy_wh = ?, time_spent_charging = ?,
           id_token = COALESCE(?, id_token), group_id_token = COALESCE(?, group_id_token),
           remote_start_id = COALESCE(?, remote_start_id), reservation_id = COALESCE(?, reservation_id),
           ended_at = COALESCE(?, ended_at), stopped_reason = COALESCE(?, stopped_reason)
         WHERE station = @station AND id = ? AND next_seq_no = ?`,
      )
      .run(
        seqNo + 1,
        p.chargingState,
        p.energyWh,
        Math.round(p.timeSpentChargingSec),
        p.idToken ? JSON.stringify(p.idToken) : null,
        p.groupIdToken ? JSON.stringify(p.groupIdToken) : null,
        p.remoteStartId ?? null,
        p.reservationId ?? null,
        p.ended?.at ?? null,
        p.ended?.stoppedReason ?? null,
        transactionId,
        seqNo,
      ).changes;
    // A seqNo that is not the stored next one would be a gap or a repeat: refuse it (rolls back).
    if (changed !== 1) throw new Error(`transaction ${transactionId}: seqNo ${seqNo} is not the next one`);
    db.prepare('INSERT INTO outbox (station, action, transaction_id, seq_no, payload, created_at) VALUES (@station, ?, ?, ?, ?, ?)').run(
      'TransactionEvent',
      transactionId,
      seqNo,
      JSON.stringify(event.payload),
      event.now,
    );
  }

  /** Record the group of the token that authorized a transaction (C09), learned after its event went out. */
  setGroup(transactionId: string, groupIdToken: IdToken): void {
    this.store.db.prepare('UPDATE transactions SET group_id_token = ? WHERE station = @station AND id = ?').run(JSON.stringify(groupIdToken), transactionId);
  }
  /** N10: the customer's token out of a finished transaction (its times and energy stay). */
  forgetIdToken(transactionId: string): boolean {
    return this.store.db.prepare('UPDATE transactions SET id_token = NULL, group_id_token = NULL WHERE station = @station AND id = ? AND ended_at IS NOT NULL AND id_token IS NOT NULL').run(transactionId).changes > 0;
  }


  get(transactionId: string): TransactionRecord | undefined {
    const row = this.store.db.prepare('SELECT * FROM transactions WHERE station = @station AND id = ?').get(transactionId) as TxRow | undefined;
    return row && toRecord(row);
  }

  /** Transactions without an end, oldest first (after a power loss: to be ended). */
  open(): TransactionRecord[] {
    return (this.store.db.prepare('SELECT * FROM transactions WHERE station = @station AND ended_at IS NULL ORDER BY started_at, rowid').all() as TxRow[]).map(toRecord);
  }

  /** The open ones and the most recent ended ones, newest first. */
  recent(limit: number): TransactionRecord[] {
    const rows = this.store.db
      .prepare('SELECT * FROM transactions WHERE station = @station ORDER BY (ended_at IS NULL) DESC, started_at DESC, rowid DESC LIMIT ?')
      .all(limit) as TxRow[];
    return rows.map(toRecord);
  }

  /** Remove every transaction and queued message (console `txerase`). */
  eraseAll(): { transactions: number; queued: number } {
    return this.store.tx(() => ({
      queued: this.store.db.prepare('DELETE FROM outbox WHERE station = @station').run().changes,
      transactions: this.store.db.prepare('DELETE FROM transactions WHERE station = @station').run().changes,
    }));
  }

  /* ------------------------------- outbox ------------------------------- */

  /** The oldest message waiting. */
  head(): OutboxEntry | undefined {
    const row = this.store.db.prepare('SELECT * FROM outbox WHERE station = @station ORDER BY id LIMIT 1').get() as OutboxRow | undefined;
    return row && toEntry(row);
  }

  queued(): OutboxEntry[] {
    return (this.store.db.prepare('SELECT * FROM outbox WHERE station = @station ORDER BY id').all() as OutboxRow[]).map(toEntry);
  }

  /** Messages waiting, for one transaction or for all. */
  queuedCount(transactionId?: string): number {
    const row =
      transactionId === undefined
        ? this.store.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE station = @station').get()
        : this.store.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE station = @station AND transaction_id = ?').get(transactionId);
    return (row as { n: number }).n;
  }

  delete(id: number): void {
    this.store.db.prepare('DELETE FROM outbox WHERE station = @station AND id = ?').run(id);
  }

  /** One more failed attempt; returns the number of attempts made so far. */
  countAttempt(id: number): number {
    this.store.db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE station = @station AND id = ?').run(id);
    const row = this.store.db.prepare('SELECT attempts FROM outbox WHERE station = @station AND id = ?').get(id) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }
}
