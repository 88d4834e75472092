/**
 * A session's `energy` (scenario.ts): the EV behind a simulated EVSE stops
 * drawing (suspends itself: the station reports SuspendedEV) once it has
 * taken that much since the limit was set. The meter is read when the target
 * is due at the present power, again at least every minute (the power
 * changes with the current offered), and whenever the owner says the power
 * may have changed (`recheck`: the transaction's charging state changed):
 * at constant power the EV stops at the target, past it by what the next
 * reading allows otherwise.
 */
import type { Clock, Timer } from '../station/clock.js';
import type { SimEvse } from '../hardware/sim/sim-evse.js';

/** the longest between two readings while charging */
export const ENERGY_CHECK_MAX_MS = 60_000;
/** between two readings while the EV draws nothing (not yet charging, suspended by the station) */
export const ENERGY_CHECK_IDLE_MS = 10_000;

export class EnergyLimit {
  private timer?: Timer;
  private readonly fromWh: number;
  /** the EV has what it wanted and suspended itself */
  reached = false;

  constructor(
    private readonly evse: Pick<SimEvse, 'read' | 'setEvSuspended'>,
    private readonly targetWh: number,
    private readonly clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  ) {
    this.fromWh = evse.read().energyWh;
    this.check();
  }

  /** Wh the EV has taken since the limit was set. */
  delivered(): number {
    return this.evse.read().energyWh - this.fromWh;
  }

  /** Stop watching; the EV stays as it is (the fleet stops). */
  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The EV has left (unplugged): stop watching; the EV that suspended itself is not suspended any more, for the next one. */
  leave(): void {
    this.stop();
    if (this.reached) this.evse.setEvSuspended(false);
  }

  /** Read the meter now (the power may have changed: charging began, or stopped). */
  recheck(): void {
    if (this.reached) return;
    this.clock.clearTimeout(this.timer);
    this.check();
  }

  private check(): void {
    this.timer = undefined;
    const reading = this.evse.read();
    // (the meter rounds to 1 mWh)
    const leftWh = this.targetWh - (reading.energyWh - this.fromWh);
    if (leftWh <= 0.001) {
      this.reached = true;
      this.evse.setEvSuspended(true);
      return;
    }
    const dueMs = reading.powerW > 0 ? Math.min(ENERGY_CHECK_MAX_MS, Math.ceil((leftWh / reading.powerW) * 3_600_000)) : ENERGY_CHECK_IDLE_MS;
    this.timer = this.clock.setTimeout(() => this.check(), dueMs);
  }
}
