/**
 * Schema migrations, applied in order. The database's PRAGMA user_version is
 * the number of migrations applied. Never edit a migration that has shipped:
 * add a new one.
 */
export const migrations: readonly string[] = [
  // 1: foundation
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  -- device model values that differ from the catalogue default
  CREATE TABLE variables (
    component TEXT NOT NULL,
    instance  TEXT NOT NULL DEFAULT '',
    evse      INTEGER NOT NULL DEFAULT -1,
    connector INTEGER NOT NULL DEFAULT -1,
    variable  TEXT NOT NULL,
    var_instance TEXT NOT NULL DEFAULT '',
    attribute TEXT NOT NULL DEFAULT 'Actual',
    value     TEXT NOT NULL,
    PRIMARY KEY (component, instance, evse, connector, variable, var_instance, attribute)
  );
  CREATE TABLE network_profiles (
    slot    INTEGER PRIMARY KEY,
    profile TEXT NOT NULL
  );
  -- evse 0 is the station itself
  CREATE TABLE availability (
    evse        INTEGER PRIMARY KEY,
    operational INTEGER NOT NULL,
    scheduled   INTEGER
  );
  CREATE TABLE log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    ts     INTEGER NOT NULL,
    level  TEXT NOT NULL,
    source TEXT NOT NULL,
    text   TEXT NOT NULL
  );
  `,
  // 2: transactions and the durable outbound queue of transaction-related messages
  `
  CREATE TABLE transactions (
    id              TEXT PRIMARY KEY,
    evse_id         INTEGER NOT NULL,
    connector_id    INTEGER NOT NULL,
    next_seq_no     INTEGER NOT NULL,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    charging_state  TEXT NOT NULL,
    meter_start_wh  REAL NOT NULL DEFAULT 0,
    energy_wh       REAL NOT NULL DEFAULT 0,
    time_spent_charging INTEGER NOT NULL DEFAULT 0,
    id_token        TEXT,
    group_id_token  TEXT,
    stopped_reason  TEXT,
    remote_start_id INTEGER,
    reservation_id  INTEGER
  );
  CREATE INDEX transactions_open ON transactions (evse_id) WHERE ended_at IS NULL;
  -- a message is written here before it is sent and deleted on its CALLRESULT
  CREATE TABLE outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    action         TEXT NOT NULL,
    transaction_id TEXT,
    seq_no         INTEGER,
    payload        TEXT NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
  );
  CREATE INDEX outbox_transaction ON outbox (transaction_id);
  `,
  // 3: authorization: local list (D01) and cache (C10). IdTokens are case-insensitive (OCPP 2.0.1).
  `
  CREATE TABLE local_list (
    id_token TEXT NOT NULL COLLATE NOCASE,
    type     TEXT NOT NULL,
    info     TEXT NOT NULL,
    PRIMARY KEY (id_token, type)
  );
  CREATE TABLE auth_cache (
    id_token   TEXT NOT NULL COLLATE NOCASE,
    type       TEXT NOT NULL,
    info       TEXT NOT NULL,
    last_used  INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (id_token, type)
  );
  `,
  // 4: reservations (H01); id tokens as JSON IdToken. A reservation that ended
  // (Expired / Removed, H04) stays with `ended` set until the CSMS has the
  // ReservationStatusUpdate.
  `
  CREATE TABLE reservations (
    id             INTEGER PRIMARY KEY,
    evse_id        INTEGER,
    connector_type TEXT,
    id_token       TEXT NOT NULL,
    group_id_token TEXT,
    expires_at     INTEGER NOT NULL,
    ended          TEXT
  );
  `,
  // smart charging (K01): installed charging profiles, one row per id and EVSE;
  // invalidated rows stay with their reason (release notes: invalidated, not erased)
  `
  CREATE TABLE charging_profiles (
    id                 INTEGER NOT NULL,
    evse_id            INTEGER NOT NULL,
    purpose            TEXT NOT NULL,
    stack_level        INTEGER NOT NULL,
    profile            TEXT NOT NULL,
    valid              INTEGER NOT NULL DEFAULT 1,
    invalidated_reason TEXT,
    invalidated_at     INTEGER,
    transaction_id     TEXT,
    source             TEXT NOT NULL DEFAULT 'CSO',
    installed_at       INTEGER NOT NULL,
    PRIMARY KEY (id, evse_id)
  );
  `,
  // OCPP 1.6 (ocpp/v16/tx-map.ts): the integer transactionId a 1.6 CSMS gave
  // each engine transaction in StartTransaction.conf, until its StopTransaction is confirmed
  `
  CREATE TABLE ocpp16_transactions (
    transaction_id TEXT PRIMARY KEY,
    ocpp16_id      INTEGER NOT NULL,
    connector_id   INTEGER NOT NULL,
    meter_start_wh INTEGER NOT NULL,
    started_at     INTEGER NOT NULL
  );
  CREATE INDEX ocpp16_transactions_id ON ocpp16_transactions (ocpp16_id);
  `,
  // certificates (M03-M05, A02/A03 later): one row per certificate and type. The
  // hash data of the first certificate of `pem` in each algorithm, so that
  // M03/M04 need no X.509 parsing; key_pem only for the ChargingStationCertificate
  `
  CREATE TABLE certificates (
    id               INTEGER PRIMARY KEY,
    type             TEXT NOT NULL,
    pem              TEXT NOT NULL,
    key_pem          TEXT,
    subject          TEXT NOT NULL,
    not_after        INTEGER NOT NULL,
    serial_number    TEXT NOT NULL,
    name_hash_sha256 TEXT NOT NULL,
    key_hash_sha256  TEXT NOT NULL,
    name_hash_sha384 TEXT NOT NULL,
    key_hash_sha384  TEXT NOT NULL,
    name_hash_sha512 TEXT NOT NULL,
    key_hash_sha512  TEXT NOT NULL,
    installed_at     INTEGER NOT NULL
  );
  CREATE INDEX certificates_type ON certificates (type);
  `,
  // A04 the security log: every security event raised, the critical ones
  // queued (sent = 0) until the CSMS has them, in order, across restarts
  `
  CREATE TABLE security_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    type      TEXT NOT NULL,
    at        INTEGER NOT NULL,
    tech_info TEXT NOT NULL,
    critical  INTEGER NOT NULL,
    sent      INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX security_log_unsent ON security_log (sent, seq);
  `,
  // L01 firmware: what is installed (A/B slots, bootloader, resources) and
  // the one firmware job with its downloaded image, across power cuts
  `
  CREATE TABLE firmware_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE firmware_image (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    bytes BLOB NOT NULL
  );
  `,
  // 10: every table keyed by station, so that one database can hold a whole
  // fleet (`ng9 sim fleet`, store.ts SharedDatabase). A station alone in its
  // database has the key ''. Tables are rebuilt (SQLite cannot change a
  // primary key); rows keep their order.
  `
  CREATE TABLE meta_v10 (
    station TEXT NOT NULL DEFAULT '',
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (station, key)
  );
  INSERT INTO meta_v10 (key, value) SELECT key, value FROM meta ORDER BY rowid;
  DROP TABLE meta;
  ALTER TABLE meta_v10 RENAME TO meta;

  CREATE TABLE variables_v10 (
    station   TEXT NOT NULL DEFAULT '',
    component TEXT NOT NULL,
    instance  TEXT NOT NULL DEFAULT '',
    evse      INTEGER NOT NULL DEFAULT -1,
    connector INTEGER NOT NULL DEFAULT -1,
    variable  TEXT NOT NULL,
    var_instance TEXT NOT NULL DEFAULT '',
    attribute TEXT NOT NULL DEFAULT 'Actual',
    value     TEXT NOT NULL,
    PRIMARY KEY (station, component, instance, evse, connector, variable, var_instance, attribute)
  );
  INSERT INTO variables_v10 (component, instance, evse, connector, variable, var_instance, attribute, value)
    SELECT component, instance, evse, connector, variable, var_instance, attribute, value FROM variables ORDER BY rowid;
  DROP TABLE variables;
  ALTER TABLE variables_v10 RENAME TO variables;

  CREATE TABLE network_profiles_v10 (
    station TEXT NOT NULL DEFAULT '',
    slot    INTEGER NOT NULL,
    profile TEXT NOT NULL,
    PRIMARY KEY (station, slot)
  );
  INSERT INTO network_profiles_v10 (slot, profile) SELECT slot, profile FROM network_profiles ORDER BY slot;
  DROP TABLE network_profiles;
  ALTER TABLE network_profiles_v10 RENAME TO network_profiles;

  CREATE TABLE availability_v10 (
    station     TEXT NOT NULL DEFAULT '',
    evse        INTEGER NOT NULL,
    operational INTEGER NOT NULL,
    scheduled   INTEGER,
    PRIMARY KEY (station, evse)
  );
  INSERT INTO availability_v10 (evse, operational, scheduled) SELECT evse, operational, scheduled FROM availability ORDER BY evse;
  DROP TABLE availability;
  ALTER TABLE availability_v10 RENAME TO availability;

  CREATE TABLE log_v10 (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    station TEXT NOT NULL DEFAULT '',
    ts      INTEGER NOT NULL,
    level   TEXT NOT NULL,
    source  TEXT NOT NULL,
    text    TEXT NOT NULL
  );
  INSERT INTO log_v10 (id, ts, level, source, text) SELECT id, ts, level, source, text FROM log ORDER BY id;
  DROP TABLE log;
  ALTER TABLE log_v10 RENAME TO log;
  CREATE INDEX log_station ON log (station, id);

  CREATE TABLE transactions_v10 (
    station         TEXT NOT NULL DEFAULT '',
    id              TEXT NOT NULL,
    evse_id         INTEGER NOT NULL,
    connector_id    INTEGER NOT NULL,
    next_seq_no     INTEGER NOT NULL,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    charging_state  TEXT NOT NULL,
    meter_start_wh  REAL NOT NULL DEFAULT 0,
    energy_wh       REAL NOT NULL DEFAULT 0,
    time_spent_charging INTEGER NOT NULL DEFAULT 0,
    id_token        TEXT,
    group_id_token  TEXT,
    stopped_reason  TEXT,
    remote_start_id INTEGER,
    reservation_id  INTEGER,
    PRIMARY KEY (station, id)
  );
  INSERT INTO transactions_v10 (id, evse_id, connector_id, next_seq_no, started_at, ended_at, charging_state, meter_start_wh, energy_wh,
      time_spent_charging, id_token, group_id_token, stopped_reason, remote_start_id, reservation_id)
    SELECT id, evse_id, connector_id, next_seq_no, started_at, ended_at, charging_state, meter_start_wh, energy_wh,
      time_spent_charging, id_token, group_id_token, stopped_reason, remote_start_id, reservation_id FROM transactions ORDER BY rowid;
  DROP TABLE transactions;
  ALTER TABLE transactions_v10 RENAME TO transactions;
  CREATE INDEX transactions_open ON transactions (station, evse_id) WHERE ended_at IS NULL;

  CREATE TABLE outbox_v10 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    station        TEXT NOT NULL DEFAULT '',
    action         TEXT NOT NULL,
    transaction_id TEXT,
    seq_no         INTEGER,
    payload        TEXT NOT NULL,
    attempts       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL
  );
  INSERT INTO outbox_v10 (id, action, transaction_id, seq_no, payload, attempts, created_at)
    SELECT id, action, transaction_id, seq_no, payload, attempts, created_at FROM outbox ORDER BY id;
  DROP TABLE outbox;
  ALTER TABLE outbox_v10 RENAME TO outbox;
  CREATE INDEX outbox_station ON outbox (station, id);
  CREATE INDEX outbox_transaction ON outbox (station, transaction_id);

  CREATE TABLE local_list_v10 (
    station  TEXT NOT NULL DEFAULT '',
    id_token TEXT NOT NULL COLLATE NOCASE,
    type     TEXT NOT NULL,
    info     TEXT NOT NULL,
    PRIMARY KEY (station, id_token, type)
  );
  INSERT INTO local_list_v10 (id_token, type, info) SELECT id_token, type, info FROM local_list ORDER BY rowid;
  DROP TABLE local_list;
  ALTER TABLE local_list_v10 RENAME TO local_list;

  CREATE TABLE auth_cache_v10 (
    station    TEXT NOT NULL DEFAULT '',
    id_token   TEXT NOT NULL COLLATE NOCASE,
    type       TEXT NOT NULL,
    info       TEXT NOT NULL,
    last_used  INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (station, id_token, type)
  );
  INSERT INTO auth_cache_v10 (id_token, type, info, last_used, expires_at) SELECT id_token, type, info, last_used, expires_at FROM auth_cache ORDER BY rowid;
  DROP TABLE auth_cache;
  ALTER TABLE auth_cache_v10 RENAME TO auth_cache;

  CREATE TABLE reservations_v10 (
    station        TEXT NOT NULL DEFAULT '',
    id             INTEGER NOT NULL,
    evse_id        INTEGER,
    connector_type TEXT,
    id_token       TEXT NOT NULL,
    group_id_token TEXT,
    expires_at     INTEGER NOT NULL,
    ended          TEXT,
    PRIMARY KEY (station, id)
  );
  INSERT INTO reservations_v10 (id, evse_id, connector_type, id_token, group_id_token, expires_at, ended)
    SELECT id, evse_id, connector_type, id_token, group_id_token, expires_at, ended FROM reservations ORDER BY id;
  DROP TABLE reservations;
  ALTER TABLE reservations_v10 RENAME TO reservations;

  CREATE TABLE charging_profiles_v10 (
    station            TEXT NOT NULL DEFAULT '',
    id                 INTEGER NOT NULL,
    evse_id            INTEGER NOT NULL,
    purpose            TEXT NOT NULL,
    stack_level        INTEGER NOT NULL,
    profile            TEXT NOT NULL,
    valid              INTEGER NOT NULL DEFAULT 1,
    invalidated_reason TEXT,
    invalidated_at     INTEGER,
    transaction_id     TEXT,
    source             TEXT NOT NULL DEFAULT 'CSO',
    installed_at       INTEGER NOT NULL,
    PRIMARY KEY (station, id, evse_id)
  );
  INSERT INTO charging_profiles_v10 (id, evse_id, purpose, stack_level, profile, valid, invalidated_reason, invalidated_at, transaction_id, source, installed_at)
    SELECT id, evse_id, purpose, stack_level, profile, valid, invalidated_reason, invalidated_at, transaction_id, source, installed_at
    FROM charging_profiles ORDER BY rowid;
  DROP TABLE charging_profiles;
  ALTER TABLE charging_profiles_v10 RENAME TO charging_profiles;

  CREATE TABLE ocpp16_transactions_v10 (
    station        TEXT NOT NULL DEFAULT '',
    transaction_id TEXT NOT NULL,
    ocpp16_id      INTEGER NOT NULL,
    connector_id   INTEGER NOT NULL,
    meter_start_wh INTEGER NOT NULL,
    started_at     INTEGER NOT NULL,
    PRIMARY KEY (station, transaction_id)
  );
  INSERT INTO ocpp16_transactions_v10 (transaction_id, ocpp16_id, connector_id, meter_start_wh, started_at)
    SELECT transaction_id, ocpp16_id, connector_id, meter_start_wh, started_at FROM ocpp16_transactions ORDER BY rowid;
  DROP TABLE ocpp16_transactions;
  ALTER TABLE ocpp16_transactions_v10 RENAME TO ocpp16_transactions;
  CREATE INDEX ocpp16_transactions_id ON ocpp16_transactions (station, ocpp16_id);

  ALTER TABLE certificates ADD COLUMN station TEXT NOT NULL DEFAULT '';
  DROP INDEX certificates_type;
  CREATE INDEX certificates_type ON certificates (station, type);

  ALTER TABLE security_log ADD COLUMN station TEXT NOT NULL DEFAULT '';
  DROP INDEX security_log_unsent;
  CREATE INDEX security_log_unsent ON security_log (station, sent, seq);
  CREATE INDEX security_log_station ON security_log (station, seq);

  CREATE TABLE firmware_state_v10 (
    station TEXT NOT NULL DEFAULT '',
    key     TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (station, key)
  );
  INSERT INTO firmware_state_v10 (key, value) SELECT key, value FROM firmware_state ORDER BY rowid;
  DROP TABLE firmware_state;
  ALTER TABLE firmware_state_v10 RENAME TO firmware_state;

  CREATE TABLE firmware_image_v10 (
    station TEXT PRIMARY KEY NOT NULL DEFAULT '',
    bytes   BLOB NOT NULL
  );
  INSERT INTO firmware_image_v10 (bytes) SELECT bytes FROM firmware_image;
  DROP TABLE firmware_image;
  ALTER TABLE firmware_image_v10 RENAME TO firmware_image;
  `,
];
