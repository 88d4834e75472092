/**
 * One station's scenario on real time: sessions arrive, plug in, present a
 * card, stop drawing once their energy is delivered (energy-limit.ts),
 * unplug after their duration; the link drops and comes back; the
 * station reboots. Random draws come from the station's own seeded source.
 * The station is asked for at each step: it may have hibernated meanwhile
 * (the fleet wakes it).
 */
import type { Station } from '../station/station.js';
import { EnergyLimit } from './energy-limit.js';
import { draw, type Scenario, type Seconds, type SessionSpec } from './scenario.js';

export interface BehaviourEvents {
  /** an arrival found no free EVSE */
  skipped?: () => void;
  /** something the scenario asked for failed */
  error?: (message: string) => void;
}

export class Behaviour {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** EVSEs this scenario has plugged */
  private readonly busy = new Set<number>();
  /** the sessions' energy limits, by EVSE */
  private readonly limits = new Map<number, EnergyLimit>();
  private stopped = false;

  constructor(
    /** the station, awake */
    private readonly awake: () => Station,
    private readonly scenario: Scenario,
    private readonly random: () => number,
    private readonly on: BehaviourEvents = {},
  ) {}

  /** A transaction event on an EVSE: its session's energy limit reads the meter again (the power may have started or stopped). */
  transactionChanged(evseId: number): void {
    this.limits.get(evseId)?.recheck();
  }

  start(): void {
    for (const session of this.scenario.sessions ?? []) this.every(session.arrival, () => this.arrive(session));
    const drops = this.scenario.linkDrops;
    if (drops) {
      this.every(drops.every, () => {
        void this.awake().setLinkWanted(false).catch((err) => this.on.error?.(`link down: ${(err as Error).message}`));
        this.after(drops.duration, () => void this.awake().setLinkWanted(true).catch((err) => this.on.error?.(`link up: ${(err as Error).message}`)));
      });
    }
    const reboots = this.scenario.reboots;
    if (reboots) this.every(reboots.every, () => void this.awake().restart('LocalReset').catch((err) => this.on.error?.(`reboot: ${(err as Error).message}`)));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const limit of this.limits.values()) limit.stop();
    this.limits.clear();
  }

  private after(s: Seconds, fn: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, Math.round(draw(s, this.random) * 1000)); // whole ms: Node keeps one list per distinct delay
    this.timers.add(timer);
  }

  private every(s: Seconds, fn: () => void): void {
    this.after(s, () => {
      fn();
      this.every(s, fn);
    });
  }

  private arrive(session: SessionSpec): void {
    const station = this.awake();
    const hw = station.hardware.sim;
    if (!hw) return;
    const free = hw.evses.filter((e) => !this.busy.has(e.id) && !e.plugged);
    const evse = session.evse === undefined ? free[Math.floor(this.random() * free.length)] : free.find((e) => e.id === session.evse);
    if (!evse) {
      this.on.skipped?.();
      return;
    }
    this.busy.add(evse.id);
    const tokens = session.idTokens ?? this.scenario.idTokens ?? [];
    try {
      evse.plug();
      if (tokens.length > 0) hw.nfc.swipe(tokens[Math.floor(this.random() * tokens.length)]!, evse.id);
      if (session.energy !== undefined) this.limits.set(evse.id, new EnergyLimit(evse, draw(session.energy, this.random) * 1000, station.clock));
    } catch (err) {
      this.on.error?.(`session at EVSE ${evse.id}: ${(err as Error).message}`);
    }
    this.after(session.duration, () => {
      try {
        evse.unplug();
      } catch (err) {
        this.on.error?.(`unplug EVSE ${evse.id}: ${(err as Error).message}`);
      } finally {
        // after the unplug: the EV that suspended itself leaves, the next one draws
        this.limits.get(evse.id)?.leave();
        this.limits.delete(evse.id);
      }
      this.busy.delete(evse.id);
    });
  }
}
