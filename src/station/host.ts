/**
 * The parts of a station its functional blocks are built on. Each block
 * declares its own host as a Pick of these plus the peers it needs (see
 * AuthHost, SmartChargingHost), so that no block imports the Station type
 * and a block's unit test can build it on a small fake host.
 */
import type { Hardware } from '../hardware/interfaces.js';
import type { Clock } from './clock.js';
import type { StationEvent } from './events.js';
import type { Listeners } from './listeners.js';
import type { Logger } from './log.js';
import type { DeviceModel } from './model/device-model.js';
import type { ActionRegistry } from './ocpp/dispatcher.js';
import type { RegistrationStatus } from './ocpp/registration-gate.js';
import type { Store } from './store/store.js';

/** What every block may be given: the platform under the OCPP behaviour. */
export interface StationBase {
  readonly clock: Clock;
  readonly store: Store;
  readonly model: DeviceModel;
  readonly log: Logger;
  readonly events: Listeners<StationEvent>;
  readonly hardware: Hardware;
}

/** The station's side of OCPP as a block uses it. */
export interface OcppHost {
  /** Where the block registers the CSMS requests it answers. */
  readonly actions: ActionRegistry;
  readonly connected: boolean;
  readonly registration: RegistrationStatus;
  /** A CALL to the CSMS, through the registration gate. */
  send<T = any>(action: string, payload: object): Promise<T>;
  /** Run fn once the reply to the CALL being handled has gone out. */
  afterReply(fn: () => void): void;
}
