import type { IdToken } from '../auth/types.js';
import type { Listeners } from '../listeners.js';

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
  readonly started: Listeners<TransactionSummary>;
  readonly ended: Listeners<TransactionSummary>;
}
