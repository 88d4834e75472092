/**
 * Smart charging: K01 SetChargingProfile, K08 GetCompositeSchedule, K09
 * GetChargingProfiles (+ ReportChargingProfiles), K10 ClearChargingProfile,
 * and the limit each EVSE offers the EV (see LimitTracker).
 *
 * Profiles stop applying without being erased (release notes 6.0.0:
 * "Charging profiles are invalidated instead of erased"): a TxProfile whose
 * transaction ended, a profile past its validTo, and a profile the CSMS
 * cleared (K10) keep their row, marked invalid with the reason, and the
 * console shows them. K10 is read the same way: "cleared" means no longer
 * used and no longer reported, which invalidation gives while the technician
 * can still see what the CSMS removed. Only `cperase` deletes.
 *
 * SmartChargingCtrlr.Enabled false: SetChargingProfile is answered with a
 * CALLERROR NotSupported and the CSMS's profiles stop applying; external
 * constraints (load balancing) still do; K08–K10 still answer.
 *
 * During transactions: K02 the limit changes are told in TransactionEvents
 * (rate-reporter.ts), K04 the station-wide limit is shared between the EVSEs
 * that charge (composite.ts), K05 the profile of a RequestStartTransaction
 * is installed for the transaction it starts (remote-start-profile.ts), K06/K07
 * nothing depends on the CSMS connection: profiles keep applying offline and
 * apply to transactions started offline.
 */
import type { Hardware } from '../../hardware/interfaces.js';
import type { Clock } from '../clock.js';
import type { StationEvent } from '../events.js';
import type { Listeners } from '../listeners.js';
import type { Logger } from '../log.js';
import type { DeviceModel } from '../model/device-model.js';
import type { ActionRegistry } from '../ocpp/dispatcher.js';
import { errorCodes, OcppCallError, type OcppVersion } from '../ocpp/errors.js';
import type { Store } from '../store/store.js';
import type { RemoteStartChargingProfileHook, TransactionsApi, TransactionSummary } from '../transactions/types.js';
import { compositeSchedule, type CompositeContext, DEFAULT_SUPPLY_VOLTAGE } from './composite.js';
import { LimitTracker } from './limit-tracker.js';
import { ChargingProfileStore } from './profile-store.js';
import { ChargingRateReporter } from './rate-reporter.js';
import { RemoteStartProfiles } from './remote-start-profile.js';
import { type ClearChargingProfileRequest, type GetChargingProfilesRequest, profilesToClear, profilesToReport, reportParts } from './queries.js';
import { isoToSeconds } from './segments.js';
import type {
  ChargingLimitSource,
  ChargingProfile,
  ChargingRateUnit,
  CompositeSchedule,
  EvseContext,
  InstalledProfile,
  SetChargingProfileRequest,
  SetChargingProfileResponse,
} from './types.js';
import { type InstallTarget, type ValidationContext, type ValidationResult, validateSetChargingProfile } from './validate.js';

/** Longest composite schedule computed (K08 duration beyond this is cut to it). */
export const MAX_COMPOSITE_DURATION_S = 31 * 86_400;

const ENTRIES_KEY = 'SmartChargingCtrlr.Entries:ChargingProfiles';
/** Stands for the transaction a RequestStartTransaction will start while its profile is checked. */
const REMOTE_START_PLACEHOLDER = 'remote-start';
const SUPPLY_VOLTAGE_KEY = 'SmartChargingCtrlr.SupplyVoltage';

export const INVALIDATED = {
  transactionEnded: 'TransactionEnded',
  expired: 'Expired',
  cleared: 'ClearedByCsms',
} as const;

interface GetCompositeScheduleRequest {
  duration: number;
  chargingRateUnit?: ChargingRateUnit;
  evseId: number;
}

/** What the block needs of the station. */
export interface SmartChargingHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly hardware: Hardware;
  readonly log: Logger;
  readonly model: DeviceModel;
  readonly events: Listeners<StationEvent>;
  readonly actions: ActionRegistry;
  readonly ocppVersion: OcppVersion;
  afterReply(fn: () => void): void;
  send<T = any>(action: string, payload: object): Promise<T>;
}

/** The transaction block as smart charging sees it (it offers K05 profiles through the hook). */
export type SmartChargingTransactions = TransactionsApi & { remoteStartChargingProfile?: RemoteStartChargingProfileHook };

export class SmartChargingBlock {
  readonly profiles: ChargingProfileStore;
  private readonly tracker: LimitTracker;
  private readonly rates: ChargingRateReporter;
  private readonly remoteStart: RemoteStartProfiles;
  private transactions: TransactionsApi | undefined;
  private detachTransactions: Array<() => void> = [];

  constructor(private readonly station: SmartChargingHost) {
    this.profiles = new ChargingProfileStore(station.store);
    this.tracker = new LimitTracker(
      station.clock,
      station.hardware,
      {
        context: () => this.context(),
        active: () => this.applicableProfiles().length > 0,
        nextDue: () => this.nextExpiry(),
        beforeEvaluate: () => this.invalidateStale(),
      },
      (err) => station.log.error('smartcharging', `limit evaluation failed: ${err.stack ?? err.message}`),
    );
    this.rates = new ChargingRateReporter(station, () => this.transactions);
    this.tracker.changed.on((change) => this.rates.limitChanged(change));
    this.remoteStart = new RemoteStartProfiles({
      enabled: () => this.enabled,
      validate: (evseId, profile) => this.validateRemoteStartProfile(evseId, profile),
      running: (evseId) => this.transactions?.active(evseId)?.transactionId,
      install: (profile, target) => this.installInternal(profile, [target], 'CSO'),
      log: (text) => station.log.info('smartcharging', text),
    });
    station.actions.register('SetChargingProfile', (req: SetChargingProfileRequest) => this.setChargingProfile(req));
    station.actions.register('GetChargingProfiles', (req: GetChargingProfilesRequest) => this.getChargingProfiles(req));
    station.actions.register('ClearChargingProfile', (req: ClearChargingProfileRequest) => this.clearChargingProfile(req));
    station.actions.register('GetCompositeSchedule', (req: GetCompositeScheduleRequest) => this.getCompositeSchedule(req));
    station.model.onChange((change) => {
      if (change.component.name === 'SmartChargingCtrlr' && change.variable.name === 'Enabled') this.tracker.refresh();
    });
    // A reboot in place forgets live values such as Entries: tell it again at boot.
    station.events.on((e) => {
      if (e.event === 'registration') this.updateLiveValues();
      if (e.event === 'transaction') this.remoteStart.transactionEvent(e);
    });
    this.updateLiveValues();
    this.tracker.refresh();
  }

  /** Fires when the limit an EVSE offers the EV changes (profile changes and schedule boundaries). */
  get limitChanged() {
    return this.tracker.changed;
  }

  /** The current (A per phase) the EVSE offers the EV now. */
  limitA(evseId: number): number {
    return this.tracker.limitA(evseId) ?? this.station.hardware.evses[evseId - 1]?.maxCurrentA ?? 0;
  }

  /**
   * The transaction block, composed after this one (each needs the other):
   * its transactions bind TxProfiles, share the station limit (K04) and are
   * told limit changes (K02); it asks here for K05 profiles.
   */
  connectTransactions(block: SmartChargingTransactions): void {
    for (const detach of this.detachTransactions) detach();
    this.transactions = block;
    block.remoteStartChargingProfile = (evseId, profile, remoteStartId) => this.remoteStart.offer(evseId, profile, remoteStartId);
    this.detachTransactions = [
      block.started.on((summary) => this.transactionStarted(summary)),
      block.ended.on((summary) => {
        this.remoteStart.transactionEnded(summary);
        this.transactionEnded(summary.transactionId);
      }),
    ];
    this.tracker.refresh();
  }

  /** The composite schedule from now (K08, console `schedule`). */
  composite(evseId: number, durationS: number, unit: ChargingRateUnit = 'A'): CompositeSchedule {
    return compositeSchedule(this.context(), { evseId, start: this.station.clock.now(), durationS: Math.min(durationS, MAX_COMPOSITE_DURATION_S), unit });
  }

  /**
   * Install a profile from inside the station (external constraints of
   * K11–K13, load balancing), without the CSMS rules of K01.
   */
  installInternal(profile: ChargingProfile, targets: InstallTarget[], source: ChargingLimitSource): void {
    this.profiles.install(profile, targets, source, this.station.clock.now());
    this.changed();
  }

  /** Stop applying a profile installed with installInternal (K12: the external limit is released); kept, invalidated. */
  releaseInternal(profileId: number, reason: string): boolean {
    const rows = this.profiles.valid().filter((r) => r.profile.id === profileId);
    if (!rows.length || !this.profiles.invalidate(rows, reason, this.station.clock.now())) return false;
    this.changed();
    return true;
  }

  /** Console `cperase`: delete every profile, valid or not. */
  eraseAll(): number {
    const n = this.profiles.eraseAll();
    this.changed();
    return n;
  }

  stop(): void {
    this.tracker.stop();
    for (const detach of this.detachTransactions) detach();
    this.detachTransactions = [];
  }

  /* ------------------------------ K01 ------------------------------- */

  private setChargingProfile(req: SetChargingProfileRequest): SetChargingProfileResponse {
    if (!this.enabled) {
      throw new OcppCallError(errorCodes(this.station.ocppVersion).notSupported, 'smart charging is disabled (SmartChargingCtrlr.Enabled false)');
    }
    this.invalidateStale();
    const result = validateSetChargingProfile(req, this.validationContext(this.evses()));
    const p = req.chargingProfile;
    if (result.status === 'Rejected') {
      this.station.log.info('smartcharging', `profile ${p.id} (${p.chargingProfilePurpose}) on EVSE ${req.evseId} rejected: ${result.statusInfo.reasonCode} ${result.statusInfo.additionalInfo ?? ''}`.trim());
      return { status: 'Rejected', statusInfo: result.statusInfo };
    }
    this.profiles.install(p, result.targets, 'CSO', this.station.clock.now());
    this.station.log.info('smartcharging', `profile ${p.id} (${p.chargingProfilePurpose}, stackLevel ${p.stackLevel}) installed on EVSE ${result.targets.map((t) => t.evseId).join(',')}`);
    this.changed();
    return { status: 'Accepted' };
  }

  private validationContext(evses: EvseContext[]): ValidationContext {
    const model = this.station.model;
    return {
      now: this.station.clock.now(),
      evses,
      installed: this.profiles.valid(),
      maxStackLevel: model.getNumber('SmartChargingCtrlr.ProfileStackLevel'),
      periodsPerSchedule: model.getNumber('SmartChargingCtrlr.PeriodsPerSchedule'),
      maxProfiles: model.definition(ENTRIES_KEY)?.maxLimit ?? Infinity,
      rateUnits: this.rateUnits(),
      acPhaseSwitchingSupported: model.getBoolean('SmartChargingCtrlr.ACPhaseSwitchingSupported'),
    };
  }

  /* ------------------------------ K05 ------------------------------- */

  /**
   * The K01 rules for the TxProfile of a RequestStartTransaction, as if the
   * transaction it starts were already there (or for the one that runs).
   */
  private validateRemoteStartProfile(evseId: number, profile: ChargingProfile): ValidationResult {
    this.invalidateStale();
    const now = this.station.clock.now();
    const evses = this.evses().map((e) => (e.id === evseId && !e.transaction ? { ...e, transaction: { id: REMOTE_START_PLACEHOLDER, startedAt: now } } : e));
    const transactionId = evses.find((e) => e.id === evseId)?.transaction?.id ?? REMOTE_START_PLACEHOLDER;
    return validateSetChargingProfile({ evseId, chargingProfile: { ...profile, transactionId } }, this.validationContext(evses));
  }

  /* ------------------------------ K09 ------------------------------- */

  private getChargingProfiles(req: GetChargingProfilesRequest): object {
    this.invalidateStale();
    const rows = profilesToReport(this.profiles.all(), req);
    if (rows.length === 0) return { status: 'NoProfiles' };
    const parts = reportParts(rows);
    this.station.afterReply(() => void this.report(req.requestId, parts));
    return { status: 'Accepted' };
  }

  private async report(requestId: number, parts: ReturnType<typeof reportParts>): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      const payload = { requestId, ...parts[i]!, ...(i < parts.length - 1 ? { tbc: true } : {}) };
      try {
        await this.station.send('ReportChargingProfiles', payload);
      } catch (err) {
        this.station.log.warn('smartcharging', `ReportChargingProfiles ${requestId} part ${i + 1}/${parts.length} not delivered: ${(err as Error).message}`);
        return;
      }
    }
  }

  /* ------------------------------ K10 ------------------------------- */

  private clearChargingProfile(req: ClearChargingProfileRequest): object {
    const rows = profilesToClear(this.profiles.all(), req);
    if (rows.length === 0) return { status: 'Unknown' };
    this.profiles.invalidate(rows, INVALIDATED.cleared, this.station.clock.now());
    this.station.log.info('smartcharging', `cleared by the CSMS: profile ${[...new Set(rows.map((r) => r.profile.id))].join(', ')}`);
    this.changed();
    return { status: 'Accepted' };
  }

  /* ------------------------------ K08 ------------------------------- */

  private getCompositeSchedule(req: GetCompositeScheduleRequest): object {
    if (req.evseId < 0 || req.evseId > this.station.hardware.evses.length) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEvse', additionalInfo: `EVSE ${req.evseId} does not exist` } };
    }
    const unit = req.chargingRateUnit ?? 'A';
    if (!this.rateUnits().includes(unit)) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRateUnit', additionalInfo: `chargingRateUnit ${unit} not supported` } };
    }
    if (req.duration < 0) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'duration cannot be negative' } };
    this.invalidateStale();
    return { status: 'Accepted', schedule: this.composite(req.evseId, req.duration, unit) };
  }

  /* ---------------------------- internals --------------------------- */

  private get enabled(): boolean {
    return this.station.model.getBoolean('SmartChargingCtrlr.Enabled');
  }

  /**
   * A transaction started (before its contactor closes): K05 its profile from
   * the RequestStartTransaction, K04 the station-wide limit shared anew, and
   * K02 its limit now is what later changes are measured against.
   */
  private transactionStarted(summary: TransactionSummary): void {
    this.remoteStart.transactionStarted(summary);
    this.tracker.refresh();
    this.rates.started(summary.evseId, summary.transactionId, this.limitA(summary.evseId));
  }

  /** K01: a TxProfile ends with its transaction (invalidated, not erased: release notes 6.0.0). */
  private transactionEnded(transactionId: string): void {
    const bound = this.profiles.valid().filter((r) => r.profile.chargingProfilePurpose === 'TxProfile' && r.transactionId === transactionId);
    if (bound.length && this.profiles.invalidate(bound, INVALIDATED.transactionEnded, this.station.clock.now())) {
      for (const r of bound) this.station.log.info('smartcharging', `profile ${r.profile.id} on EVSE ${r.evseId} invalidated: ${INVALIDATED.transactionEnded} (${transactionId})`);
      this.updateEntries();
    }
    this.tracker.refresh();
  }

  private rateUnits(): ChargingRateUnit[] {
    return this.station.model
      .getString('SmartChargingCtrlr.RateUnit')
      .split(',')
      .map((u) => u.trim())
      .filter((u): u is ChargingRateUnit => u === 'A' || u === 'W');
  }

  private supplyVoltage(): number {
    // The catalogue has no supply voltage yet: NG9xx runs on 230 V unless one is configured.
    if (!this.station.model.definition(SUPPLY_VOLTAGE_KEY)) return DEFAULT_SUPPLY_VOLTAGE;
    return this.station.model.getNumber(SUPPLY_VOLTAGE_KEY) || DEFAULT_SUPPLY_VOLTAGE;
  }

  private evses(): EvseContext[] {
    const tx = this.transactions;
    return this.station.hardware.evses.map((e) => {
      const ctx: EvseContext = { id: e.id, phases: e.phases, phaseSwitching: e.phaseSwitching, maxCurrentA: e.maxCurrentA };
      const active = tx?.active(e.id);
      if (active) ctx.transaction = { id: active.transactionId, startedAt: active.startedAt };
      return ctx;
    });
  }

  private context(): CompositeContext {
    return { profiles: this.applicableProfiles(), evses: this.evses(), supplyVoltage: this.supplyVoltage() };
  }

  /**
   * The profiles that limit the EVSEs. With smart charging disabled the CSMS's
   * profiles stop applying, but external constraints (the P1 load balancing
   * that protects the main fuse, an EMS) still do.
   */
  private applicableProfiles(): InstalledProfile[] {
    const valid = this.profiles.valid();
    return this.enabled ? valid : valid.filter((p) => p.profile.chargingProfilePurpose === 'ChargingStationExternalConstraints');
  }

  /** Invalidate (never erase) TxProfiles whose transaction is over and profiles past validTo. */
  private invalidateStale(): void {
    const now = this.station.clock.now();
    const valid = this.profiles.valid();
    const expired = valid.filter((r) => r.profile.validTo !== undefined && isoToSeconds(r.profile.validTo) * 1000 <= now);
    const tx = this.transactions;
    const ended = tx
      ? valid.filter((r) => r.profile.chargingProfilePurpose === 'TxProfile' && !expired.includes(r) && tx.active(r.evseId)?.transactionId !== r.transactionId)
      : [];
    let changed = 0;
    if (expired.length) changed += this.profiles.invalidate(expired, INVALIDATED.expired, now);
    if (ended.length) changed += this.profiles.invalidate(ended, INVALIDATED.transactionEnded, now);
    if (changed) {
      for (const r of [...expired, ...ended]) this.station.log.info('smartcharging', `profile ${r.profile.id} on EVSE ${r.evseId} invalidated: ${expired.includes(r) ? INVALIDATED.expired : INVALIDATED.transactionEnded}`);
      this.updateEntries();
    }
  }

  private nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const r of this.profiles.valid()) {
      if (r.profile.validTo === undefined) continue;
      const at = isoToSeconds(r.profile.validTo) * 1000;
      if (next === undefined || at < next) next = at;
    }
    return next;
  }

  private changed(): void {
    this.updateEntries();
    this.tracker.refresh();
  }

  /** The live variables: Entries, and Phases3to1 from the hardware. */
  private updateLiveValues(): void {
    const threePhase = this.station.hardware.evses.filter((e) => e.phases === 3);
    this.station.model.setInternal('SmartChargingCtrlr.Phases3to1', threePhase.length > 0 && threePhase.every((e) => e.phaseSwitching));
    this.updateEntries();
  }

  private updateEntries(): void {
    const def = this.station.model.definition(ENTRIES_KEY);
    if (!def) return;
    this.station.model.setInternal(ENTRIES_KEY, Math.min(this.profiles.validIdCount(), def.maxLimit ?? Infinity));
  }
}

