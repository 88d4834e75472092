/**
 * The runtime state of one EVSE as the transaction block sees it: the
 * authorization it holds, the transaction running on it and what the next
 * TransactionEvent still has to tell. Nothing here survives a restart; the
 * durable part of a transaction is its row in the store.
 */
import type { IdToken } from '../auth/types.js';
import type { Timer } from '../clock.js';
import { NO_CONDITIONS } from './conditions.js';
import type { ChargingState, TxConditions } from './types.js';

/** A valid idToken for this EVSE: a card (Authorized) or RequestStartTransaction (RemoteStart). */
export interface Authorization {
  idToken: IdToken;
  groupIdToken?: IdToken;
  trigger: 'Authorized' | 'RemoteStart';
  remoteStartId?: number;
  reservationId?: number;
}

/** After the CSMS deauthorized the token of a running transaction with StopTxOnInvalidId false. */
export type Deauthorization =
  /** MaxEnergyOnInvalidId > 0: energy may still flow until `limitWh` more were delivered since `fromWh`. */
  | { kind: 'budget'; fromWh: number; limitWh: number }
  /** MaxEnergyOnInvalidId 0: the contactor stays open until the EV leaves. */
  | { kind: 'suspended' };

export interface RunningTransaction {
  id: string;
  startedAt: number;
  nextSeqNo: number;
  meterStartWh: number;
  /** chargingState in the last event sent for it. */
  reportedState: ChargingState;
  timeSpentChargingMs: number;
  /** Monotonic ms since which it is Charging, while it is. */
  chargingSince?: number;
  idToken?: IdToken;
  groupIdToken?: IdToken;
  remoteStartId?: number;
  reservationId?: number;
  deauthorization?: Deauthorization;
  /** E10: the cable left the EV and StopTxOnEVSideDisconnect is false. */
  evSideDisconnected: boolean;
  periodicTimer?: Timer;
  energyTimer?: Timer;
}

/** What the next event of the transaction must carry once. */
export interface Pending {
  /** The EV was plugged in since the last event (E02: `evse` on the first event after plug-in). */
  evse: boolean;
  /** An idToken was accepted since the last event (`idToken` on the first event after authorization). */
  idToken: boolean;
  remoteStartId?: number;
  reservationId?: number;
}

export class EvseSession {
  authorization?: Authorization;
  tx?: RunningTransaction;
  /** The conditions as last evaluated. */
  conditions: TxConditions = { ...NO_CONDITIONS };
  pending: Pending = { evse: false, idToken: false };
  /** E03: authorized without a cable; expires after TxCtrlr.EVConnectionTimeOut. */
  connectTimer?: Timer;

  constructor(readonly evseId: number) {}

  /** No authorization and no transaction: a card or a remote start may take it. */
  get free(): boolean {
    return !this.authorization && !this.tx;
  }
}
