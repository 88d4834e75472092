/**
 * The durable link between an engine transaction (its 2.0.1 transactionId, a
 * UUID) and the integer transactionId a 1.6 CSMS gave it in
 * StartTransaction.conf (table `ocpp16_transactions`). It lives in the store
 * so that events queued offline, and those still queued when the station
 * restarts, are sent with the id the CSMS knows. A row goes when the CSMS has
 * confirmed the transaction's StopTransaction.
 */
import type { Store } from '../../store/store.js';

export interface V16Transaction {
  /** The engine's (2.0.1) transaction id. */
  transactionId: string;
  /** The id the 1.6 CSMS assigned. */
  ocpp16Id: number;
  connectorId: number;
  /** meterStart sent in StartTransaction (Wh). */
  meterStartWh: number;
  /** Wall time (ms) of the StartTransaction. */
  startedAt: number;
}

interface Row {
  transaction_id: string;
  ocpp16_id: number;
  connector_id: number;
  meter_start_wh: number;
  started_at: number;
}

const toTransaction = (r: Row): V16Transaction => ({
  transactionId: r.transaction_id,
  ocpp16Id: r.ocpp16_id,
  connectorId: r.connector_id,
  meterStartWh: r.meter_start_wh,
  startedAt: r.started_at,
});

export class V16TransactionMap {
  constructor(private readonly store: Store) {}

  get(transactionId: string): V16Transaction | undefined {
    const row = this.store.db.prepare('SELECT * FROM ocpp16_transactions WHERE station = @station AND transaction_id = ?').get(transactionId) as Row | undefined;
    return row && toTransaction(row);
  }

  /** Engine transactions the CSMS knows under this 1.6 id, newest first (a new CSMS may hand out an id again). */
  byOcpp16Id(ocpp16Id: number): V16Transaction[] {
    const rows = this.store.db.prepare('SELECT * FROM ocpp16_transactions WHERE station = @station AND ocpp16_id = ? ORDER BY started_at DESC, rowid DESC').all(ocpp16Id) as Row[];
    return rows.map(toTransaction);
  }

  put(t: V16Transaction): void {
    this.store.db
      .prepare(
        `INSERT INTO ocpp16_transactions (station, transaction_id, ocpp16_id, connector_id, meter_start_wh, started_at) VALUES (@station, ?, ?, ?, ?, ?)
         ON CONFLICT(station, transaction_id) DO UPDATE SET ocpp16_id = excluded.ocpp16_id, connector_id = excluded.connector_id,
           meter_start_wh = excluded.meter_start_wh, started_at = excluded.started_at`,
      )
      .run(t.transactionId, t.ocpp16Id, t.connectorId, t.meterStartWh, t.startedAt);
  }

  remove(transactionId: string): void {
    this.store.db.prepare('DELETE FROM ocpp16_transactions WHERE station = @station AND transaction_id = ?').run(transactionId);
  }

  all(): V16Transaction[] {
    return (this.store.db.prepare('SELECT * FROM ocpp16_transactions WHERE station = @station ORDER BY started_at, rowid').all() as Row[]).map(toTransaction);
  }
}
