/**
 * The station's life cycle, one transition at a time:
 *
 *   stopped ──start──▶ starting ──▶ running ──restart──▶ restarting ──▶ running
 *      │                               │                      │
 *      └───────────stop────────────────┴────────stop──────────┴──▶ stopping ──▶ closed
 *
 * Restarts (Reset, `reboot`, `power cut`, a dip too long to ride through)
 * queue behind each other: two at once reboot twice, in order, never
 * interleaved. A stop wins over everything: it powers down at once, a
 * restart under way finishes its power-down but does not power up again,
 * queued restarts do nothing, and only then is the store released. A
 * restart asked for when the station is not running (never started, or
 * stopping) does nothing.
 *
 * A fleet may hibernate a running station (running ──▶ hibernated): that
 * object is done with, nothing powers down, and its woken self (Station.wake)
 * resumes where it was (stopped ──resume──▶ running) without a boot.
 */
import type { BootReason } from './provisioning/types.js';

export type LifecycleState = 'stopped' | 'starting' | 'running' | 'restarting' | 'stopping' | 'closed' | 'hibernated';

/** How the station goes down before it comes up again (or for good). */
export type PowerDown =
  /** a reset: transactions end (Reboot) and get time to reach the CSMS */
  | 'orderly'
  /** the power is gone: nothing more is written or sent */
  | 'powerLoss'
  /** the process stops (`stop()`): everything halts now, nothing is ended */
  | 'halt';

export interface LifecycleHooks {
  /** Boot with a reason: the blocks begin, the link connects. */
  powerUp(reason: BootReason): void;
  /** Stop every block's timers and the link; `reason` is the boot reason of the restart that follows, if one does. */
  powerDown(how: PowerDown, reason?: BootReason): Promise<void>;
  /** After the last power-down: close the store. */
  release(): Promise<void> | void;
}

export class Lifecycle {
  private current: LifecycleState = 'stopped';
  /** The restarts, chained: each runs after the one before. */
  private restarts: Promise<void> = Promise.resolve();
  private stopping?: Promise<void>;

  constructor(private readonly hooks: LifecycleHooks) {}

  get state(): LifecycleState {
    return this.current;
  }

  get running(): boolean {
    return this.current === 'running';
  }

  /** Power up a stopped station; does nothing when it runs already. */
  start(reason: BootReason): void {
    if (this.current === 'closed' || this.current === 'stopping') throw new Error(`cannot start a station that is ${this.current}`);
    if (this.current !== 'stopped') return;
    this.powerUp(reason);
  }

  /** A woken station: running again without a boot (`resume` brings the blocks back as they were). */
  resume(resume: () => void): void {
    if (this.current !== 'stopped') throw new Error(`cannot resume a station that is ${this.current}`);
    this.current = 'starting';
    resume();
    this.current = 'running';
  }

  /** A running station handed over to its woken self later: nothing powers down, and stop() does nothing here. */
  hibernate(): void {
    if (this.current !== 'running') throw new Error(`cannot hibernate a station that is ${this.current}`);
    this.current = 'hibernated';
  }

  /** Go down `how`, then boot again with `reason`; resolves once the station runs again (or has stopped). */
  restart(reason: BootReason, how: Exclude<PowerDown, 'halt'> = 'orderly'): Promise<void> {
    const step = this.restarts.then(async () => {
      if (this.current !== 'running') return;
      this.current = 'restarting';
      try {
        await this.hooks.powerDown(how, reason);
      } finally {
        // A reboot comes back up even when going down failed, unless a stop came meanwhile: it finishes the job.
        if (this.current === 'restarting') this.powerUp(reason);
      }
    });
    this.restarts = step.catch(() => undefined);
    return step;
  }

  /** Power down for good and release the store; every caller gets the same promise. */
  stop(): Promise<void> {
    if (this.current === 'hibernated') return Promise.resolve();
    this.stopping ??= (async () => {
      const wasUp = this.current !== 'stopped';
      this.current = 'stopping';
      if (wasUp) await this.hooks.powerDown('halt');
      await this.restarts;
      await this.hooks.release();
      this.current = 'closed';
    })();
    return this.stopping;
  }

  private powerUp(reason: BootReason): void {
    this.current = 'starting';
    this.hooks.powerUp(reason);
    this.current = 'running';
  }
}
