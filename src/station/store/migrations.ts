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
];
