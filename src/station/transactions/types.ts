import type { IdToken, IdTokenInfo } from '../auth/types.js';
import type { AuthApi } from '../auth/types.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import type { OcppHost, StationBase } from '../host.js';
import type { Listeners } from '../listeners.js';
import type { OcppLink } from '../ocpp/link.js';

export type ChargingState = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';

export type TriggerReason =
  | 'Authorized'
  | 'CablePluggedIn'
  | 'ChargingRateChanged'
  | 'ChargingStateChanged'
  | 'Deauthorized'
  | 'EnergyLimitReached'
  | 'EVCommunicationLost'
  | 'EVConnectTimeout'
  | 'MeterValueClock'
  | 'MeterValuePeriodic'
  | 'TimeLimitReached'
  | 'Trigger'
  | 'UnlockCommand'
  | 'StopAuthorized'
  | 'EVDeparted'
  | 'EVDetected'
  | 'RemoteStop'
  | 'RemoteStart'
  | 'AbnormalCondition'
  | 'SignedDataReceived'
  | 'ResetCommand';

export type StoppedReason =
  | 'DeAuthorized'
  | 'EmergencyStop'
  | 'EnergyLimitReached'
  | 'EVDisconnected'
  | 'GroundFault'
  | 'ImmediateReset'
  | 'Local'
  | 'LocalOutOfCredit'
  | 'MasterPass'
  | 'Other'
  | 'OvercurrentFault'
  | 'PowerLoss'
  | 'PowerQuality'
  | 'Reboot'
  | 'Remote'
  | 'SOCLimitReached'
  | 'StoppedByEV'
  | 'TimeLimitReached'
  | 'Timeout';

/** A transaction as the rest of the engine and the console see it. */
export interface TransactionSummary {
  transactionId: string;
  evseId: number;
  connectorId: number;
  startedAt: number;
  endedAt?: number;
  idToken?: IdToken;
  groupIdToken?: IdToken;
  chargingState: ChargingState;
  /** seqNo the next event of this transaction gets. */
  nextSeqNo: number;
  energyWh: number;
  stoppedReason?: StoppedReason;
  remoteStartId?: number;
  reservationId?: number;
}

/** The transaction block (E01–E14, F01–F03, C16) as other blocks use it. */
export interface TransactionsApi {
  /** The ongoing transaction on an EVSE. */
  active(evseId: number): TransactionSummary | undefined;
  /** Every ongoing transaction. */
  ongoing(): TransactionSummary[];
  /** Stop a transaction from inside the station (reset, availability, master pass, power loss). */
  stop(evseId: number, stoppedReason: StoppedReason, triggerReason: TriggerReason): Promise<void>;
  /**
   * Something outside the hardware events changed what an EVSE may do (the
   * offered current, availability, a lock fault): re-derive its conditions
   * and chargingState, reporting a change with `triggerReason`
   * (default ChargingStateChanged; ChargingRateChanged for a new limit, K11).
   */
  refresh(evseId: number, triggerReason?: TriggerReason): Promise<void>;
  /** Fired after the Started event is stored; active() already lists it. */
  readonly started: Listeners<TransactionSummary>;
  /** Fired after the Ended event is stored; active()/ongoing() no longer list it. */
  readonly ended: Listeners<TransactionSummary>;
}

/** The six TxStartPoint / TxStopPoint conditions of one EVSE (DataSigned is never true on NG9xx). */
export interface TxConditions {
  ParkingBayOccupancy: boolean;
  EVConnected: boolean;
  Authorized: boolean;
  DataSigned: boolean;
  PowerPathClosed: boolean;
  EnergyTransfer: boolean;
}

export type TxCondition = keyof TxConditions;

/** One transaction as the store keeps it (console `tx`, E14, recovery after power loss). */
export interface TransactionRecord {
  transactionId: string;
  evseId: number;
  connectorId: number;
  /** Wall time, ms. */
  startedAt: number;
  endedAt?: number;
  chargingState: ChargingState;
  nextSeqNo: number;
  meterStartWh: number;
  energyWh: number;
  timeSpentChargingSec: number;
  idToken?: IdToken;
  groupIdToken?: IdToken;
  stoppedReason?: StoppedReason;
  remoteStartId?: number;
  reservationId?: number;
}

/** One message waiting in the durable outbox (console `queue`). */
export interface OutboxEntry {
  id: number;
  action: string;
  transactionId?: string;
  seqNo?: number;
  payload: any;
  attempts: number;
  /** Wall time, ms. */
  createdAt: number;
}

/** Station event for the console's JSON mode: one TransactionEvent stored for sending. */
export interface TransactionStationEvent {
  event: 'transaction';
  transactionId: string;
  evseId: number;
  eventType: 'Started' | 'Updated' | 'Ended';
  triggerReason: TriggerReason;
  seqNo: number;
  chargingState: ChargingState;
  offline: boolean;
  stoppedReason?: StoppedReason;
}

/**
 * K05: smart charging installs the chargingProfile of a RequestStartTransaction
 * for the EVSE through this hook (set `station.transactions.remoteStartChargingProfile`).
 * Return a reason to refuse the request, undefined to accept.
 */
export type RemoteStartChargingProfileHook = (evseId: number, profile: RemoteStartChargingProfile, remoteStartId: number) => string | undefined;

export type RemoteStartChargingProfile = { id: number; chargingProfilePurpose: string; [key: string]: unknown };

/** What the transaction block (engine, writer, sender, token reader) needs of the station. */
export interface TransactionsHost extends StationBase, Pick<OcppHost, 'actions' | 'connected' | 'registration' | 'send'> {
  readonly link: Pick<OcppLink, 'on'>;
  readonly auth: AuthApi;
  readonly connectors: Pick<ConnectorStatusBlock, 'isOperational' | 'isFaulted' | 'lockCable' | 'unlockCable'>;
}

/** The CSMS answered a TransactionEvent: what the cost display (I02, I03, I06) reads. */
export interface EventAnswered {
  eventType: 'Started' | 'Updated' | 'Ended';
  transactionId: string;
  evseId?: number;
  response: { totalCost?: number; idTokenInfo?: IdTokenInfo; updatedPersonalMessage?: NonNullable<IdTokenInfo['personalMessage']> } | undefined;
}

/** I02 CostUpdated for a transaction the station knows. */
export interface CostUpdate {
  transactionId: string;
  totalCost: number;
  evseId: number;
}
