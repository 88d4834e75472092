/**
 * Field-level conversions between the OCPP 2.0.1 shapes the blocks speak and
 * the OCPP 1.6J shapes on the wire: id tags, idTagInfo, meter values, charging
 * profiles and composite schedules.
 */
import type { IdToken, IdTokenInfo, IdTokenKind } from '../../auth/types.js';
import type { ChargingProfile, ChargingProfilePurpose, CompositeSchedule } from '../../smartcharging/types.js';

/**
 * A 1.6 idTag has no type. Every 1.6 idTag becomes an ISO14443 token, the
 * type of the NG9xx card reader: a card swiped at the station and the same id
 * from a 1.6 CSMS (RemoteStartTransaction, ReserveNow, SendLocalList) then
 * are the same token, as they are in 1.6.
 */
export const ID_TAG_TYPE: IdTokenKind = 'ISO14443';
/** IdToken (CiString20Type) in 1.6. */
export const ID_TAG_MAX_LENGTH = 20;

export type V16AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface IdTagInfo {
  status: V16AuthorizationStatus;
  expiryDate?: string;
  parentIdTag?: string;
}

export function toIdToken(idTag: string): IdToken {
  return { idToken: idTag, type: ID_TAG_TYPE };
}

/** The idTag of a token, or undefined when it does not fit a 1.6 idTag (more than 20 characters). */
export function idTagOf(token: { idToken: string } | undefined): string | undefined {
  if (!token || typeof token.idToken !== 'string' || token.idToken.length > ID_TAG_MAX_LENGTH) return undefined;
  return token.idToken;
}

/** 1.6 idTagInfo as the 2.0.1 idTokenInfo the blocks understand (parentIdTag is the group). */
export function toIdTokenInfo(info: IdTagInfo): IdTokenInfo {
  const out: IdTokenInfo = { status: info.status };
  if (info.expiryDate) out.cacheExpiryDateTime = info.expiryDate;
  if (info.parentIdTag) out.groupIdToken = toIdToken(info.parentIdTag);
  return out;
}

/* --------------------------------- meter values --------------------------------- */

interface SampledValue201 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unitOfMeasure?: { unit?: string; multiplier?: number };
}

export interface MeterValue201 {
  timestamp: string;
  sampledValue: SampledValue201[];
}

export interface SampledValue16 {
  value: string;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue16 {
  timestamp: string;
  sampledValue: SampledValue16[];
}

const MEASURANDS_16 = new Set([
  'Energy.Active.Export.Register', 'Energy.Active.Import.Register', 'Energy.Reactive.Export.Register', 'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval', 'Energy.Active.Import.Interval', 'Energy.Reactive.Export.Interval', 'Energy.Reactive.Import.Interval',
  'Power.Active.Export', 'Power.Active.Import', 'Power.Offered', 'Power.Reactive.Export', 'Power.Reactive.Import', 'Power.Factor',
  'Current.Import', 'Current.Export', 'Current.Offered', 'Voltage', 'Frequency', 'Temperature', 'SoC', 'RPM',
]);
const UNITS_16 = new Set(['Wh', 'kWh', 'varh', 'kvarh', 'W', 'kW', 'VA', 'kVA', 'var', 'kvar', 'A', 'V', 'K', 'Celcius', 'Celsius', 'Fahrenheit', 'Percent']);
const LOCATIONS_16 = new Set(['Cable', 'EV', 'Inlet', 'Outlet', 'Body']);
const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';

/**
 * 2.0.1 meter values in 1.6 form: values become strings, unitOfMeasure.unit
 * becomes unit (a 10^multiplier is applied to the value). Measurands, units
 * and locations 1.6 does not know are left out, and so are meter values left
 * without samples.
 */
export function toMeterValues16(values: readonly MeterValue201[] | undefined): MeterValue16[] {
  const out: MeterValue16[] = [];
  for (const mv of values ?? []) {
    const sampledValue: SampledValue16[] = [];
    for (const sv of mv.sampledValue ?? []) {
      const measurand = sv.measurand ?? DEFAULT_MEASURAND;
      if (!MEASURANDS_16.has(measurand)) continue;
      const multiplier = sv.unitOfMeasure?.multiplier ?? 0;
      const value = multiplier ? sv.value * 10 ** multiplier : sv.value;
      const s: SampledValue16 = { value: String(value), measurand };
      if (sv.context) s.context = sv.context;
      if (sv.phase) s.phase = sv.phase;
      if (sv.location && LOCATIONS_16.has(sv.location)) s.location = sv.location;
      const unit = sv.unitOfMeasure?.unit;
      if (unit && UNITS_16.has(unit)) s.unit = unit;
      sampledValue.push(s);
    }
    if (sampledValue.length) out.push({ timestamp: mv.timestamp, sampledValue });
  }
  return out;
}

/** The Energy.Active.Import.Register reading (Wh) among 2.0.1 meter values, if any. */
export function energyRegisterWh(values: readonly MeterValue201[] | undefined): number | undefined {
  for (const mv of values ?? []) {
    for (const sv of mv.sampledValue ?? []) {
      if ((sv.measurand ?? DEFAULT_MEASURAND) !== DEFAULT_MEASURAND || sv.phase) continue;
      const unit = sv.unitOfMeasure?.unit ?? 'Wh';
      const scaled = sv.value * 10 ** (sv.unitOfMeasure?.multiplier ?? 0);
      if (unit === 'Wh') return scaled;
      if (unit === 'kWh') return scaled * 1000;
    }
  }
  return undefined;
}

/* ------------------------------- charging profiles ------------------------------- */

export type V16ChargingProfilePurpose = 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';

export interface ChargingSchedule16 {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: Array<{ startPeriod: number; limit: number; numberPhases?: number }>;
  minChargingRate?: number;
}

export interface ChargingProfile16 {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: V16ChargingProfilePurpose;
  chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule16;
}

export function toPurpose(purpose: V16ChargingProfilePurpose): ChargingProfilePurpose {
  return purpose === 'ChargePointMaxProfile' ? 'ChargingStationMaxProfile' : purpose;
}

/**
 * A 1.6 charging profile as a 2.0.1 one: the one schedule becomes the list
 * of one (its id is the profile id); the integer 1.6 transactionId is
 * replaced by the engine's transaction id, given by the caller.
 */
export function toChargingProfile(p: ChargingProfile16, transactionId?: string): ChargingProfile {
  const s = p.chargingSchedule;
  const schedule: ChargingProfile['chargingSchedule'][number] = {
    id: p.chargingProfileId,
    chargingRateUnit: s.chargingRateUnit,
    chargingSchedulePeriod: s.chargingSchedulePeriod.map((period) => {
      const out: { startPeriod: number; limit: number; numberPhases?: number } = { startPeriod: period.startPeriod, limit: period.limit };
      if (period.numberPhases !== undefined) out.numberPhases = period.numberPhases;
      return out;
    }),
  };
  if (s.duration !== undefined) schedule.duration = s.duration;
  if (s.startSchedule !== undefined) schedule.startSchedule = s.startSchedule;
  if (s.minChargingRate !== undefined) schedule.minChargingRate = s.minChargingRate;
  const profile: ChargingProfile = {
    id: p.chargingProfileId,
    stackLevel: p.stackLevel,
    chargingProfilePurpose: toPurpose(p.chargingProfilePurpose),
    chargingProfileKind: p.chargingProfileKind,
    chargingSchedule: [schedule],
  };
  if (p.recurrencyKind) profile.recurrencyKind = p.recurrencyKind;
  if (p.validFrom) profile.validFrom = p.validFrom;
  if (p.validTo) profile.validTo = p.validTo;
  if (transactionId !== undefined) profile.transactionId = transactionId;
  return profile;
}

/** 1.6 limits are multiples of 0.1. */
const tenth = (n: number): number => Math.round(n * 10) / 10;

/** The 2.0.1 composite schedule in the shape of 1.6 GetCompositeSchedule.conf. */
export function toCompositeSchedule16(connectorId: number, schedule: CompositeSchedule): object {
  return {
    status: 'Accepted',
    connectorId,
    scheduleStart: schedule.scheduleStart,
    chargingSchedule: {
      duration: Math.round(schedule.duration),
      startSchedule: schedule.scheduleStart,
      chargingRateUnit: schedule.chargingRateUnit,
      chargingSchedulePeriod: schedule.chargingSchedulePeriod.map((p) => ({ startPeriod: p.startPeriod, limit: tenth(p.limit), numberPhases: p.numberPhases })),
    },
  };
}
