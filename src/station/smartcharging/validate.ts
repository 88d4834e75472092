/**
 * K01 SetChargingProfile: the validation matrix. A request that passes the
 * JSON schema can still be refused here; it then gets `Rejected` with a
 * reasonCode (the OCPP 2.0.1 reason code list, at most 20 characters) and an
 * additionalInfo naming the requirement. Pure: the caller gives the state.
 *
 * Where the release notes of firmware 6.0.0 and OCPP 2.0.1 disagree, the
 * release notes win:
 * - "unable to set TxProfile on all EVSE at once" was fixed. OCPP 2.0.1
 *   K01.FR.16 only allows a TxProfile with evseId > 0; this firmware accepts
 *   evseId 0 and installs the profile on every EVSE that has an ongoing
 *   transaction, each copy bound to that EVSE's transaction (it ends with it).
 *   A transactionId cannot name every transaction at once: with evseId 0 it
 *   is optional, and when given it must be one of the ongoing transactions.
 *   With no ongoing transaction at all the request is Rejected (K01.FR.09).
 * - "a NumberPhases different from the EVSE capabilities ... is rejected
 *   properly" (it used to be a FormatViolation): a numberPhases the EVSE
 *   cannot supply is answered Rejected, never a CALLERROR. What it can
 *   supply: its own phases, and 1 on a 3-phase EVSE that can limit itself to
 *   one phase (Phases3to1). That 1 is normal input, as OCPP 2.0.1 Edition 3
 *   errata ("Avoiding Phase Conflicts") has it: the composite schedule then
 *   runs on the lowest numberPhases of the profiles in force (composite.ts).
 *   2 phases, or 1 on an EVSE that cannot switch, stays Rejected.
 */
import { validityOf } from './segments.js';
import type { ChargingRateUnit, EvseContext, InstalledProfile, SetChargingProfileRequest, StatusInfo } from './types.js';

export interface ValidationContext {
  now: number;
  evses: readonly EvseContext[];
  /** Valid installed profiles. */
  installed: readonly InstalledProfile[];
  /** SmartChargingCtrlr.ProfileStackLevel: the highest stackLevel accepted. */
  maxStackLevel: number;
  /** SmartChargingCtrlr.PeriodsPerSchedule. */
  periodsPerSchedule: number;
  /** Capacity of SmartChargingCtrlr.Entries (ChargingProfiles): installed profile ids at most. */
  maxProfiles: number;
  /** SmartChargingCtrlr.RateUnit. */
  rateUnits: readonly ChargingRateUnit[];
  acPhaseSwitchingSupported: boolean;
}

/** Where an accepted profile goes: one row per EVSE (a TxProfile bound to the transaction there). */
export interface InstallTarget {
  evseId: number;
  transactionId?: string;
}

export type ValidationResult =
  | { status: 'Accepted'; targets: InstallTarget[] }
  | { status: 'Rejected'; statusInfo: StatusInfo };

class Rejection extends Error {
  constructor(readonly info: StatusInfo) {
    super(info.additionalInfo ?? info.reasonCode);
  }
}

function reject(reasonCode: string, additionalInfo: string): never {
  throw new Rejection({ reasonCode, additionalInfo: additionalInfo.slice(0, 512) });
}

export function validateSetChargingProfile(req: SetChargingProfileRequest, ctx: ValidationContext): ValidationResult {
  try {
    return { status: 'Accepted', targets: check(req, ctx) };
  } catch (err) {
    if (err instanceof Rejection) return { status: 'Rejected', statusInfo: err.info };
    throw err;
  }
}

function check(req: SetChargingProfileRequest, ctx: ValidationContext): InstallTarget[] {
  const { evseId, chargingProfile: profile } = req;
  const purpose = profile.chargingProfilePurpose;
  if (evseId < 0 || (evseId > 0 && !ctx.evses.some((e) => e.id === evseId))) {
    reject('UnknownEvse', `K01.FR.28: EVSE ${evseId} does not exist (1..${ctx.evses.length}, 0 = station)`);
  }
  if (purpose === 'ChargingStationExternalConstraints') {
    reject('InvalidProfile', 'K01.FR.22: ChargingStationExternalConstraints are set by an external system, not by the CSMS');
  }
  if (purpose === 'ChargingStationMaxProfile') {
    if (evseId !== 0) reject('InvalidProfile', 'ChargingStationMaxProfile only with evseId 0');
    if (profile.chargingProfileKind === 'Relative') reject('InvalidProfile', 'K01.FR.38: ChargingStationMaxProfile cannot be Relative');
  }
  if (purpose !== 'TxProfile' && profile.transactionId !== undefined) {
    reject('InvalidProfile', 'transactionId is only allowed in a TxProfile');
  }
  const targets = purpose === 'TxProfile' ? txTargets(req, ctx) : [{ evseId }];
  checkSchedule(req, ctx, targets);
  checkConflicts(req, ctx, targets);
  const ids = new Set(ctx.installed.filter((r) => r.profile.id !== profile.id).map((r) => r.profile.id));
  if (ids.size >= ctx.maxProfiles) reject('OutOfStorage', `already ${ids.size} charging profiles installed (at most ${ctx.maxProfiles})`);
  return targets;
}

function txTargets(req: SetChargingProfileRequest, ctx: ValidationContext): InstallTarget[] {
  const { evseId, chargingProfile: profile } = req;
  const txId = profile.transactionId;
  if (evseId === 0) {
    // Release notes 6.0.0 over K01.FR.16: a TxProfile for all EVSEs at once (see the header).
    const ongoing = ctx.evses.filter((e) => e.transaction);
    if (ongoing.length === 0) reject('TxNotFound', 'K01.FR.09: no transaction is ongoing on any EVSE');
    if (txId !== undefined && !ongoing.some((e) => e.transaction!.id === txId)) {
      reject('TxNotFound', `K01.FR.33: transaction ${txId} is not ongoing on this station`);
    }
    return ongoing.map((e) => ({ evseId: e.id, transactionId: e.transaction!.id }));
  }
  if (txId === undefined) reject('MissingParam', 'K01.FR.03: a TxProfile needs the transactionId');
  const tx = ctx.evses.find((e) => e.id === evseId)?.transaction;
  if (!tx) reject('TxNotFound', `K01.FR.09: no transaction is ongoing on EVSE ${evseId}`);
  if (tx.id !== txId) reject('TxNotFound', `K01.FR.33: transaction ${txId} is not the one on EVSE ${evseId}`);
  return [{ evseId, transactionId: txId }];
}

/** numberPhases an EVSE can honour: what it supplies, and 1 where it can switch 3 → 1. */
function phasesAllowed(evse: EvseContext): number[] {
  return evse.phases === 3 && evse.phaseSwitching ? [1, 3] : [evse.phases];
}

function checkSchedule(req: SetChargingProfileRequest, ctx: ValidationContext, targets: InstallTarget[]): void {
  const profile = req.chargingProfile;
  if (profile.stackLevel < 0 || profile.stackLevel > ctx.maxStackLevel) {
    reject('InvalidStackLevel', `stackLevel ${profile.stackLevel} outside 0..${ctx.maxStackLevel} (SmartChargingCtrlr.ProfileStackLevel)`);
  }
  if (profile.chargingProfileKind === 'Recurring' && !profile.recurrencyKind) reject('InvalidProfile', 'a Recurring profile needs recurrencyKind');
  const [validFrom, validTo] = validityOf(profile);
  if (Number.isNaN(validFrom) || Number.isNaN(validTo)) reject('InvalidProfile', 'validFrom / validTo is not a date-time');
  if (validTo <= validFrom) reject('InvalidProfile', 'validTo is not after validFrom');
  if (validTo * 1000 <= ctx.now) reject('InvalidProfile', `validTo ${profile.validTo} has already passed`);
  if (profile.chargingSchedule.length !== 1) {
    reject('UnsupportedParam', 'one chargingSchedule per profile (up to three are for ISO 15118 only)');
  }
  const schedule = profile.chargingSchedule[0]!;
  const kind = profile.chargingProfileKind;
  if (kind !== 'Relative' && schedule.startSchedule === undefined) reject('InvalidSchedule', `K01.FR.40: a ${kind} schedule needs startSchedule`);
  if (kind === 'Relative' && schedule.startSchedule !== undefined) reject('InvalidSchedule', 'K01.FR.41: a Relative schedule cannot have startSchedule');
  if (schedule.startSchedule !== undefined && Number.isNaN(Date.parse(schedule.startSchedule))) reject('InvalidSchedule', 'startSchedule is not a date-time');
  if (schedule.duration !== undefined && schedule.duration < 0) reject('InvalidSchedule', 'duration cannot be negative');
  if (!ctx.rateUnits.includes(schedule.chargingRateUnit)) {
    reject('UnsupportedRateUnit', `K01.FR.26: chargingRateUnit ${schedule.chargingRateUnit} not in SmartChargingCtrlr.RateUnit (${ctx.rateUnits.join(',')})`);
  }
  const periods = schedule.chargingSchedulePeriod;
  if (periods.length > ctx.periodsPerSchedule) {
    reject('TooManyElements', `${periods.length} periods, at most ${ctx.periodsPerSchedule} (SmartChargingCtrlr.PeriodsPerSchedule)`);
  }
  if (periods[0]!.startPeriod !== 0) reject('InvalidSchedule', 'K01.FR.31: the first startPeriod must be 0');
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.startPeriod <= periods[i - 1]!.startPeriod) reject('InvalidSchedule', `K01.FR.35: startPeriod ${periods[i]!.startPeriod} does not increase`);
  }
  const evses = targets[0]!.evseId === 0 ? ctx.evses : ctx.evses.filter((e) => targets.some((t) => t.evseId === e.id));
  for (const period of periods) {
    if (period.limit < 0) reject('ValuePositiveOnly', `limit ${period.limit} is negative`);
    if (period.numberPhases !== undefined) {
      for (const evse of evses) {
        const allowed = phasesAllowed(evse);
        if (!allowed.includes(period.numberPhases)) {
          // Release notes 6.0.0: Rejected, no longer a FormatViolation.
          reject('UnsupportedParam', `numberPhases ${period.numberPhases} differs from EVSE ${evse.id} (${allowed.join(' or ')} phases)`);
        }
      }
    }
    if (period.phaseToUse !== undefined) {
      if (period.numberPhases !== 1) reject('InvalidSchedule', 'K01.FR.19: phaseToUse only with numberPhases 1');
      if (!ctx.acPhaseSwitchingSupported) reject('UnsupportedParam', 'K01.FR.20: phaseToUse needs ACPhaseSwitchingSupported');
    }
  }
}

function overlaps(a: InstalledProfile['profile'], b: InstalledProfile['profile']): boolean {
  const [af, at] = validityOf(a);
  const [bf, bt] = validityOf(b);
  return af < bt && bf < at;
}

/**
 * Two profiles of one purpose and stackLevel may not be valid at the same time
 * for the same EVSE (K01.FR.06); a station-wide TxDefaultProfile and an EVSE
 * one count as the same EVSE (K01.FR.52/53); TxProfiles conflict per
 * transaction (K01.FR.39). A profile with the same id is replaced, never a conflict.
 */
function checkConflicts(req: SetChargingProfileRequest, ctx: ValidationContext, targets: InstallTarget[]): void {
  const profile = req.chargingProfile;
  for (const row of ctx.installed) {
    const other = row.profile;
    if (other.id === profile.id || other.chargingProfilePurpose !== profile.chargingProfilePurpose || other.stackLevel !== profile.stackLevel) continue;
    if (!overlaps(other, profile)) continue;
    for (const target of targets) {
      const clash =
        profile.chargingProfilePurpose === 'TxProfile'
          ? row.transactionId === target.transactionId
          : row.evseId === target.evseId || row.evseId === 0 || target.evseId === 0;
      if (clash) {
        const rule = profile.chargingProfilePurpose === 'TxProfile' ? 'K01.FR.39' : 'K01.FR.06';
        reject('DuplicateProfile', `${rule}: profile ${other.id} (${other.chargingProfilePurpose}, stackLevel ${other.stackLevel}) is valid at the same time on EVSE ${row.evseId}`);
      }
    }
  }
}
