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
];
