/**
 * Smart charging shapes. The OCPP ones follow the OCPP 2.0.1 JSON schemas
 * (ChargingProfileType and friends) so they go on the wire as they are.
 */
export type ChargingProfilePurpose = 'ChargingStationExternalConstraints' | 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
export type ChargingProfileKind = 'Absolute' | 'Recurring' | 'Relative';
export type RecurrencyKind = 'Daily' | 'Weekly';
export type ChargingRateUnit = 'A' | 'W';
export type ChargingLimitSource = 'EMS' | 'Other' | 'SO' | 'CSO';

export const PURPOSES: readonly ChargingProfilePurpose[] = ['ChargingStationExternalConstraints', 'ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile'];

export interface ChargingSchedulePeriod {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
  phaseToUse?: number;
}

export interface ChargingSchedule {
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: ChargingSchedulePeriod[];
  minChargingRate?: number;
  salesTariff?: unknown;
}

export interface ChargingProfile {
  id: number;
  stackLevel: number;
  chargingProfilePurpose: ChargingProfilePurpose;
  chargingProfileKind: ChargingProfileKind;
  recurrencyKind?: RecurrencyKind;
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule[];
  transactionId?: string;
}

/** A profile as the station keeps it: one row per EVSE it is installed on. */
export interface InstalledProfile {
  /** 0 = the station itself (ChargingStationMaxProfile, station-wide TxDefaultProfile, ...). */
  evseId: number;
  profile: ChargingProfile;
  source: ChargingLimitSource;
  /** The transaction a TxProfile is bound to (for a TxProfile sent with evseId 0: the transaction of this row's EVSE). */
  transactionId?: string;
  /** False once invalidated (transaction ended, validTo passed, cleared): kept and shown, never applied. */
  valid: boolean;
  invalidatedReason?: string;
  invalidatedAt?: number;
  installedAt: number;
}

/** What the composite schedule needs to know of one EVSE. */
export interface EvseContext {
  id: number;
  phases: number;
  /** A 3-phase EVSE that can limit itself to one phase (SmartChargingCtrlr.Phases3to1). */
  phaseSwitching?: boolean;
  maxCurrentA: number;
  /** The ongoing transaction: Relative profiles and TxProfiles start at startedAt (epoch ms). */
  transaction?: { id: string; startedAt: number };
}

/** One period of GetCompositeScheduleResponse.schedule. */
export interface CompositePeriod {
  startPeriod: number;
  limit: number;
  numberPhases: number;
}

/** CompositeScheduleType of GetCompositeScheduleResponse. */
export interface CompositeSchedule {
  evseId: number;
  duration: number;
  scheduleStart: string;
  chargingRateUnit: ChargingRateUnit;
  chargingSchedulePeriod: CompositePeriod[];
}

export interface StatusInfo {
  reasonCode: string;
  additionalInfo?: string;
}

export interface SetChargingProfileRequest {
  evseId: number;
  chargingProfile: ChargingProfile;
}

export interface SetChargingProfileResponse {
  status: 'Accepted' | 'Rejected';
  statusInfo?: StatusInfo;
}
