import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { Station } from '../../../src/station/station.js';
import { migrations } from '../../../src/station/store/migrations.js';
import { openDatabase } from '../../../src/station/store/sqlite.js';
import { SharedDatabase, Store } from '../../../src/station/store/store.js';
import { TransactionStore } from '../../../src/station/transactions/tx-store.js';
import { atTestEnd, tempDir } from '../../support/test-end.js';

const clock = () => new FakeClock('2026-04-01T08:00:00Z');

describe('one database for a fleet: every row keyed by station', () => {
  it('stations on one database see only their own state, and find it again after the database is reopened', async () => {
    const file = join(tempDir('ng9-shared-'), 'fleet.db');
    let db = new SharedDatabase(file);
    const a = Station.open({ id: 'FLEET-A', store: db.station('FLEET-A'), clock: clock() });
    const b = Station.open({ id: 'FLEET-B', store: db.station('FLEET-B'), clock: clock() });
    expect(a.model.setByKey('OCPPCommCtrlr.HeartbeatInterval', '77', 'console').attributeStatus).toBe('Accepted');
    a.network.useCsms('ws://csms-a.test/ocpp');
    a.log.info('test', 'only in A');
    expect(a.availability.change(2, false)).toBe('Accepted');
    new TransactionStore(b.store).create(
      { id: 'tx-b', evseId: 1, connectorId: 1, startedAt: 0, meterStartWh: 0 },
      { chargingState: 'Charging', energyWh: 0, timeSpentChargingSec: 0 },
      { payload: { eventType: 'Started' }, now: 0 },
    );

    expect(b.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).not.toBe(77);
    expect(b.network.active()?.profile.ocppCsmsUrl).not.toBe('ws://csms-a.test/ocpp');
    expect(b.log.recent(20).map((l) => l.text)).not.toContain('only in A');
    expect(b.connectors.isOperational(2)).toBe(true);
    expect(new TransactionStore(a.store).open()).toEqual([]);
    expect(new TransactionStore(a.store).queuedCount()).toBe(0);

    // a station stopping closes its store, not the database of the others
    await a.stop();
    expect(a.store.isOpen).toBe(false);
    expect(() => a.store.getMeta('serialNumber')).toThrow(/not open/);
    expect(b.store.isOpen).toBe(true);
    b.log.info('test', 'B still writes');
    await b.stop();
    db.close();

    db = new SharedDatabase(file);
    atTestEnd(() => db.close());
    const a2 = Station.open({ id: 'FLEET-A', store: db.station('FLEET-A'), clock: clock() });
    const b2 = Station.open({ id: 'FLEET-B', store: db.station('FLEET-B'), clock: clock() });
    expect(a2.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(77);
    expect(a2.network.active()?.profile.ocppCsmsUrl).toBe('ws://csms-a.test/ocpp');
    expect(a2.connectors.isOperational(2)).toBe(false);
    expect(new TransactionStore(b2.store).open().map((t) => t.transactionId)).toEqual(['tx-b']);
    expect(new TransactionStore(b2.store).queuedCount()).toBe(1);
    expect(b2.log.recent(20).map((l) => l.text)).toContain('B still writes');
    await a2.stop();
    await b2.stop();
  });

  it('a statement that does not select by station is refused on a shared database', () => {
    const db = new SharedDatabase(':memory:');
    atTestEnd(() => db.close());
    expect(() => db.station('X').db.prepare('SELECT * FROM outbox')).toThrow(/must select by @station/);
  });

  it('migration 10 keeps what a station wrote before stations had a key', () => {
    const dir = tempDir('ng9-v9-');
    const old = openDatabase(join(dir, 'station.db'));
    for (const m of migrations.slice(0, 9)) old.exec(m);
    old.exec(`PRAGMA user_version = 9;
      INSERT INTO meta (key, value) VALUES ('serialNumber', 'SN-9');
      INSERT INTO log (ts, level, source, text) VALUES (1, 'info', 'test', 'before 10');
      INSERT INTO transactions (id, evse_id, connector_id, next_seq_no, started_at, charging_state) VALUES ('tx-9', 1, 1, 1, 5, 'Charging');
      INSERT INTO outbox (action, transaction_id, seq_no, payload, created_at) VALUES ('TransactionEvent', 'tx-9', 0, '{}', 5);
      INSERT INTO firmware_image (id, bytes) VALUES (1, x'0102');`);
    old.close();

    const store = Store.open(join(dir, 'station.db'));
    atTestEnd(() => store.close());
    expect(store.schemaVersion).toBe(migrations.length);
    expect(store.getMeta('serialNumber')).toBe('SN-9');
    const txs = new TransactionStore(store);
    expect(txs.open().map((t) => t.transactionId)).toEqual(['tx-9']);
    expect(txs.head()).toMatchObject({ transactionId: 'tx-9', seqNo: 0 });
    expect(store.db.prepare<[], { text: string }>('SELECT text FROM log WHERE station = @station').all().map((r) => r.text)).toEqual(['before 10']);
    expect(store.db.prepare<[], { n: number }>('SELECT length(bytes) AS n FROM firmware_image WHERE station = @station').get()?.n).toBe(2);
  });
});

describe('the fleet database commits the writes of 10 ms together', () => {
  it('a transaction that fails in a group undoes only itself; the group is on disk once committed', async () => {
    const file = join(tempDir('ng9-group-'), 'fleet.db');
    let db = new SharedDatabase(file);
    const a = db.station('GROUP-A');
    a.setMeta('first', '1');
    expect(() =>
      a.tx(() => {
        a.setMeta('second', '2');
        throw new Error('refused');
      }),
    ).toThrow('refused');
    a.setMeta('third', '3');
    expect([a.getMeta('first'), a.getMeta('second'), a.getMeta('third')]).toEqual(['1', undefined, '3']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    db.close();

    db = new SharedDatabase(file);
    atTestEnd(() => db.close());
    const again = db.station('GROUP-A');
    expect([again.getMeta('first'), again.getMeta('second'), again.getMeta('third')]).toEqual(['1', undefined, '3']);
  });
});
