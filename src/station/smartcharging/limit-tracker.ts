/**
 * Keeps the current each EVSE offers the EV (`evse.current.offer(amps, phases)`)
 * equal to the composite schedule's limit now, on its phases, so the simulated EV draws — and the
 * meter reports — what the profiles allow. Re-evaluated when profiles or
 * transactions change and at the next schedule boundary, armed on the
 * station clock. Timers run on monotonic time while schedules are in wall
 * time: while profiles are installed the tracker also wakes at least every
 * minute, so a clock set by the CSMS is followed within a minute.
 */
import type { Hardware } from '../../hardware/interfaces.js';
import type { Clock, Timer } from '../clock.js';
import { Listeners } from '../listeners.js';
import { type CompositeContext, nextLimitChange, supplyAt } from './composite.js';

export interface LimitChange {
  evseId: number;
  limitA: number;
  phases: number;
  /** The limit offered before; undefined at the first evaluation. */
  previousA?: number;
}

/** How far ahead a boundary is looked for, and the longest sleep while profiles are installed. */
const LOOKAHEAD_S = 3600;
const MAX_SLEEP_MS = 60_000;

export interface LimitSource {
  /** Context for the composite now (without profiles while smart charging is disabled). */
  context(): CompositeContext;
  /** True when some profile may change a limit over time (worth a timer). */
  active(): boolean;
  /** Next instant (epoch ms) something else is due, e.g. a validTo to invalidate. */
  nextDue(): number | undefined;
  /** Called before each evaluation (invalidate what expired). */
  beforeEvaluate(): void;
}

export class LimitTracker {
  readonly changed = new Listeners<LimitChange>();
  private readonly limits = new Map<number, number>();
  private readonly phases = new Map<number, number>();
  private timer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly hardware: Hardware,
    private readonly source: LimitSource,
    private readonly onError: (err: Error) => void,
  ) {}

  /** The limit (A) last offered on an EVSE. */
  limitA(evseId: number): number | undefined {
    return this.limits.get(evseId);
  }

  /** Evaluate now: offer the new limits, tell listeners, arm the next wake-up. */
  refresh(): void {
    if (this.stopped) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.source.beforeEvaluate();
      const now = this.clock.now();
      const ctx = this.source.context();
      for (const evse of this.hardware.evses) {
        const { limit, phases } = supplyAt(ctx, evse.id, now, 'A');
        const previous = this.limits.get(evse.id);
        if (previous === limit && this.phases.get(evse.id) === phases) continue;
        this.limits.set(evse.id, limit);
        this.phases.set(evse.id, phases);
        evse.current.offer(limit, phases);
        this.changed.emit(previous === undefined ? { evseId: evse.id, limitA: limit, phases } : { evseId: evse.id, limitA: limit, phases, previousA: previous });
      }
      if (this.source.active()) this.arm(ctx, now);
    } catch (err) {
      this.onError(err as Error);
    }
  }

  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ctx: CompositeContext, now: number): void {
    let due = now + MAX_SLEEP_MS;
    for (const evse of this.hardware.evses) {
      const next = nextLimitChange(ctx, evse.id, now, LOOKAHEAD_S);
      if (next !== undefined) due = Math.min(due, next);
    }
    const other = this.source.nextDue();
    if (other !== undefined) due = Math.min(due, other);
    const delay = due > now ? due - now : 1000;
    this.timer = this.clock.setTimeout(() => this.refresh(), delay);
  }
}
