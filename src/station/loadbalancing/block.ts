/**
 * Load balancing on the P1 smart meter (release notes 6.0.0 §4) and the
 * external charging limit it sets (OCPP 2.0.1 K11–K13).
 *
 * On every good P1 telegram (one a second on DSMR 5) the station works out
 * per phase what the house draws besides the station — the meter's current,
 * minus the station's own draw when P1SmartMeter.IncludesStation says the
 * meter measures it too — and what is left of P1SmartMeter.MaxCurrent (the
 * main fuse) for the EVSEs. The lowest phase's budget becomes a
 * ChargingStationExternalConstraints profile on the station (evseId 0,
 * source EMS) through smart charging, whose composite schedule shares it
 * between the EVSEs with a transaction (K04) and offers each EV its part: 0 A
 * suspends it (SuspendedEVSE). Nothing here offers a current itself.
 *
 * No good telegram for P1SmartMeter.DataTimeout seconds (meter unplugged,
 * converter gone, only corrupt telegrams, P1 not configured): the budget is
 * P1SmartMeter.SafeCurrent until telegrams return.
 *
 * A budget at or above what the EVSEs can draw together constrains nothing:
 * the profile is released (K12). Lowering is immediate, raising waits for a
 * little room (budget.ts), so the limit does not flap with the meter.
 *
 * P1SmartMeter.LimitingCurrent (release notes: "Make limiting current
 * available to Service Installer app") reads the limit in force: ReadOnly,
 * because load balancing recomputes it every second — a written value would
 * not stay. What an installer sets is what it derives from: MaxCurrent,
 * SafeCurrent, DataTimeout, IncludesStation (console `lb limit|safe|...`).
 */
import type { Telegram } from '../../hardware/p1/telegram.js';
import type { Timer } from '../clock.js';
import type { ChargingProfile, ChargingSchedule } from '../smartcharging/types.js';
import type { StationBase, OcppHost } from '../host.js';
import type { P1Block } from '../p1/p1-block.js';
import type { SmartChargingBlock } from '../smartcharging/block.js';
import { decideLimit, fallbackBudget, type LimitDecision, type Phases, type Reading, readingFor, signedMeterCurrents, sumPhases } from './budget.js';
import { isActive, isLoadBalancingSetting, LB_KEYS, type LoadBalancingConfig, readConfig } from './config.js';
import { ChargingLimitNotifier } from './notifier.js';

/** What this block needs of the station. */
export interface LoadBalancingHost extends Pick<StationBase, 'clock' | 'events' | 'hardware' | 'log' | 'model'>, Pick<OcppHost, 'send'> {
  readonly p1: Pick<P1Block, 'telegrams'>;
  readonly smartCharging: Pick<SmartChargingBlock, 'profiles' | 'installInternal' | 'releaseInternal'>;
}

/**
 * Id of the load-balancing profile. Profile ids are one space with the
 * CSMS's; this one is kept far from the small numbers a CSMS hands out.
 */
export const LB_PROFILE_ID = 2_000_000_001;
export const RELEASED_REASON = 'ReleasedByLoadBalancing';

/** off: disabled or the station is not running; waiting: no telegram yet; p1: balancing on P1 data; fallback: safe current. */
export type LoadBalancingState = 'off' | 'waiting' | 'p1' | 'fallback';

export interface LoadBalancingStatus {
  config: LoadBalancingConfig;
  state: LoadBalancingState;
  /** The last reading from P1 (also while disabled, for the technician); null before the first telegram. */
  reading: (Reading & { ageMs: number }) | null;
  /** The external limit in force, A per phase for all EVSEs together; null when none. */
  limitA: number | null;
  /** What the EVSEs can draw together per phase (their hardware maximum). */
  capacityA: number;
  /** P1SmartMeter.LimitingCurrent. */
  limitingCurrentA: number;
}

export class LoadBalancingBlock {
  readonly notifier: ChargingLimitNotifier;
  private running = false;
  private state: LoadBalancingState = 'off';
  private limitA: number | null = null;
  private last?: { meterA: Phases; atMono: number };
  private reading: Reading | null = null;
  private timer?: Timer;
  /** Monotonic ms when balancing last began (start, switched on). */
  private activeSince = 0;

  constructor(private readonly station: LoadBalancingHost) {
    this.notifier = new ChargingLimitNotifier(station);
    station.p1.telegrams.on((telegram) => this.guarded(() => this.onTelegram(telegram)));
    station.model.onChange((change) => {
      if (isLoadBalancingSetting(change.component.name, change.variable.name)) this.settingsChanged();
    });
    station.events.on((e) => {
      if ((e.event === 'registration' && e.status === 'Accepted') || (e.event === 'link' && e.connected)) void this.notifier.flush();
    });
  }

  /** Power up: take the limit a previous run left installed, then balance (or wait for P1). */
  start(): void {
    this.running = true;
    // A (re)boot forgets the meter: only the installed limit is kept (in the store).
    this.last = undefined;
    this.reading = null;
    const installed = this.installedProfile();
    this.limitA = installed ? installed.chargingSchedule[0]!.chargingSchedulePeriod[0]!.limit : null;
    this.notifier.assumeKnown(installed ? { limitA: this.limitA!, schedule: installed.chargingSchedule[0]! } : null);
    this.state = 'off';
    this.settingsChanged();
  }

  stop(): void {
    this.running = false;
    this.state = 'off';
    this.clearTimer();
  }

  get config(): LoadBalancingConfig {
    return readConfig(this.station.model);
  }

  /** What the EVSEs can draw together per phase. */
  get capacityA(): number {
    return this.station.hardware.evses.reduce((sum, e) => sum + e.maxCurrentA, 0);
  }

  status(): LoadBalancingStatus {
    return {
      config: this.config,
      state: this.state,
      reading: this.reading && this.last ? { ...this.reading, ageMs: this.station.clock.elapsed() - this.last.atMono } : null,
      limitA: this.limitA,
      capacityA: this.capacityA,
      limitingCurrentA: this.limitingCurrentA(),
    };
  }

  /** The station's own draw per phase now (all EVSEs). */
  ownDrawA(): Phases {
    return sumPhases(this.station.hardware.evses.map((e) => e.meter.read().currentA));
  }

  /* ------------------------------ inputs ------------------------------ */

  private onTelegram(telegram: Telegram): void {
    if (!this.running) return;
    this.forgetErasedLimit();
    const meterA = signedMeterCurrents(telegram);
    if (!meterA) return; // no currents in it: nothing to balance on, the timeout decides
    this.last = { meterA, atMono: this.station.clock.elapsed() };
    const config = this.config;
    this.reading = readingFor(meterA, this.ownDrawA(), config.maxCurrentA, config.includesStation);
    if (!isActive(config)) return;
    const wasFallback = this.state === 'fallback';
    if (wasFallback) this.station.log.info('loadbalancing', 'P1 telegrams again: balancing on the meter');
    this.state = 'p1';
    this.armTimeout(config.dataTimeoutMs);
    this.apply(decideLimit(this.limitA, this.reading.stationA, this.capacityA, wasFallback));
  }

  private settingsChanged(): void {
    if (!this.running) return;
    this.forgetErasedLimit();
    const config = this.config;
    const now = this.station.clock.elapsed();
    if (!isActive(config)) {
      this.clearTimer();
      if (this.state !== 'off') this.station.log.info('loadbalancing', 'load balancing off');
      this.state = 'off';
      this.apply(this.limitA === null ? { action: 'keep' } : { action: 'release' });
      return;
    }
    if (this.state === 'off') this.activeSince = now;
    const lastAt = this.last?.atMono ?? -Infinity;
    if (now - lastAt < config.dataTimeoutMs) {
      // Fresh data: the new settings apply to it now.
      this.reading = readingFor(this.last!.meterA, this.ownDrawA(), config.maxCurrentA, config.includesStation);
      this.state = 'p1';
      this.armTimeout(config.dataTimeoutMs - (now - lastAt));
      this.apply(decideLimit(this.limitA, this.reading.stationA, this.capacityA, true));
      return;
    }
    // Silence counts from the last telegram, or from when balancing began (just started, just switched on).
    const silentMs = now - Math.max(lastAt, this.activeSince);
    if (silentMs >= config.dataTimeoutMs) return this.fallBack();
    if (this.state !== 'fallback') this.state = 'waiting';
    this.armTimeout(config.dataTimeoutMs - silentMs);
    this.publishLimitingCurrent();
  }

  private fallBack(): void {
    this.clearTimer();
    const config = this.config;
    if (!this.running || !isActive(config)) return;
    this.forgetErasedLimit();
    const budget = fallbackBudget(config.safeCurrentA, config.maxCurrentA);
    if (this.state !== 'fallback') {
      this.station.log.warn('loadbalancing', `no P1 telegram for ${config.dataTimeoutMs / 1000} s: falling back to the safe current ${budget} A`);
    }
    this.state = 'fallback';
    this.apply(decideLimit(this.limitA, budget, this.capacityA, true));
  }

  /* ------------------------------ output ------------------------------ */

  private apply(decision: LimitDecision): void {
    if (decision.action === 'keep') {
      this.publishLimitingCurrent();
      return;
    }
    const sc = this.station.smartCharging;
    if (decision.action === 'release') {
      sc.releaseInternal(LB_PROFILE_ID, RELEASED_REASON);
      this.station.log.info('loadbalancing', 'external limit released: the budget no longer constrains the EVSEs');
      this.limitA = null;
      this.publishLimitingCurrent();
      void this.notifier.update(null);
      return;
    }
    if (decision.limitA === this.limitA) return;
    const profile = profileFor(decision.limitA);
    sc.installInternal(profile, [{ evseId: 0 }], 'EMS');
    if (this.limitA === null) this.station.log.info('loadbalancing', `external limit set: ${decision.limitA} A per phase for all EVSEs`);
    this.limitA = decision.limitA;
    this.publishLimitingCurrent();
    void this.notifier.update({ limitA: decision.limitA, schedule: profile.chargingSchedule[0]! });
  }

  private limitingCurrentA(): number {
    return this.limitA ?? this.capacityA;
  }

  private publishLimitingCurrent(): void {
    this.station.model.setInternal(LB_KEYS.limitingCurrent, this.limitingCurrentA());
  }

  /** The profile went away underneath (console `cperase`): install it again on the next decision. */
  private forgetErasedLimit(): void {
    if (this.limitA !== null && !this.installedProfile()) this.limitA = null;
  }

  private installedProfile(): ChargingProfile | undefined {
    return this.station.smartCharging.profiles.valid().find((r) => r.profile.id === LB_PROFILE_ID && r.evseId === 0)?.profile;
  }

  private armTimeout(ms: number): void {
    this.clearTimer();
    this.timer = this.station.clock.setTimeout(() => this.guarded(() => this.fallBack()), Math.max(0, ms));
  }

  /** A failure here must not stop the P1 reader or the clock: logged, and the next telegram tries again. */
  private guarded(work: () => void): void {
    try {
      work();
    } catch (err) {
      this.station.log.error('loadbalancing', `internal error: ${(err as Error).stack ?? err}`);
    }
  }

  private clearTimer(): void {
    this.station.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * The station-wide external constraint for a budget. Relative and without a
 * startSchedule, so it applies from whenever it is looked at: a wall clock
 * the CSMS sets back cannot put it in the future.
 */
export function profileFor(limitA: number): ChargingProfile {
  const schedule: ChargingSchedule = { id: LB_PROFILE_ID, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }] };
  return {
    id: LB_PROFILE_ID,
    stackLevel: 0,
    chargingProfilePurpose: 'ChargingStationExternalConstraints',
    chargingProfileKind: 'Relative',
    chargingSchedule: [schedule],
  };
}
