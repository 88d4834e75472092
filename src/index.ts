/**
 * ng9 as a library: the charging-station engine without the CLI.
 *
 *   import { Station } from 'ng9';
 *   const station = Station.open({ id: 'CS001', csmsUrl: 'ws://localhost:9000/ocpp' });
 *   station.start();
 *
 * The engine imports no terminal code; the console is reached with
 * `consoleOf(station)` (the same commands as the serial console). Many
 * stations share one database (and its prepared statements) through
 * `SharedDatabase`.
 */
export { Station, type StationOptions, type StationEvent, FIRMWARE_VERSION, BOOTLOADER_VERSION, PLATFORM } from './station/station.js';
export { type Clock, FakeClock, SystemClock } from './station/clock.js';
/** Many stations on one database: `Station.open({ id, store: shared.station(id) })`. */
export { SharedDatabase, type Store } from './station/store/store.js';
export { SimHardware } from './hardware/sim/sim-hardware.js';
export type { Hardware, EvseHardware, NfcReader, Display, DisplayMessage } from './hardware/interfaces.js';
export { consoleOf } from './station/console/index.js';
export type { OcppVersion } from './station/ocpp/validator.js';
