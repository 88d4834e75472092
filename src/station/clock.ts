/**
 * Time for the engine. Nothing in src/station reads Date.now() or calls the
 * global timers directly: everything goes through a Clock, so tests can run a
 * long schedule on a FakeClock in milliseconds.
 *
 * Wall time (now) can be set (BootNotification currentTime, console `date`);
 * timers run on monotonic time and are not moved by setting the wall time.
 */
export interface Timer {
  readonly id: number;
  /** When it fires, on the clock's monotonic time (elapsed()). */
  readonly due: number;
}

export interface Clock {
  /** Station wall time, ms since the epoch. */
  now(): number;
  /** Set the station wall time (ms since the epoch). */
  setTime(epochMs: number): void;
  /** Monotonic ms since an arbitrary start: for measuring durations (energy, timeouts). */
  elapsed(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(timer: Timer | undefined): void;
  /** Timers waiting to fire (a station may hibernate only when it knows each of them). */
  readonly pending?: number;
}

/** When a timer fires, if it has not fired yet (a block keeps its handle after it fired). */
export function dueOf(clock: Pick<Clock, 'elapsed'>, timer: Timer | undefined): number | undefined {
  return timer && timer.due > clock.elapsed() ? timer.due : undefined;
}

/** Run fn on the clock at a monotonic time (now when that time has passed). */
export function setTimeoutAt(clock: Pick<Clock, 'elapsed' | 'setTimeout'>, due: number, fn: () => void): Timer {
  return clock.setTimeout(fn, Math.max(0, due - clock.elapsed()));
}

/**
 * Real time that a technician can still push forward (`clock advance 2h` on a
 * simulated station): advancing moves wall and monotonic time and fires the
 * timers that fall due, in order.
 */
export class SystemClock implements Clock {
  private offset = 0;
  private skew = 0;
  private nextId = 1;
  private seq = 0;
  private readonly timers: PendingTimer[] = [];
  /** the one Node timer, set for the earliest due time when it was armed */
  private handle?: NodeJS.Timeout;
  private handleDue = Number.POSITIVE_INFINITY;

  now(): number {
    return Date.now() + this.offset + this.skew;
  }

  setTime(epochMs: number): void {
    this.offset = epochMs - Date.now() - this.skew;
  }

  elapsed(): number {
    return performance.now() + this.skew;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const id = this.nextId++;
    const due = this.elapsed() + Math.max(0, ms);
    this.timers.push({ id, due, seq: this.seq++, fn });
    this.arm();
    return { id, due };
  }

  clearTimeout(timer: Timer | undefined): void {
    if (!timer) return;
    // The Node timer stays: when it fires with nothing due, it is set again for what is left.
    removeTimer(this.timers, (t) => t.id === timer.id);
    if (this.timers.length === 0) this.disarm();
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    // Let work already under way (a card just presented) finish at the old time first.
    await settle();
    this.skew += ms;
    this.disarm(); // the Node timer counts real time: after the jump it would fire late
    await this.fireDue();
  }

  private async fireDue(): Promise<void> {
    for (;;) {
      const next = earliest(this.timers);
      if (!next || next.due > this.elapsed()) break;
      removeTimer(this.timers, (t) => t === next);
      next.fn();
      await settle(1);
    }
    this.arm();
  }

  /**
   * One Node timer for the earliest due time. It is set again only when a
   * timer falls due before it: a station sets and clears a timer per CALL, and
   * a new Node timer each time is garbage that lives long enough to be promoted.
   */
  private arm(): void {
    const next = earliest(this.timers);
    if (!next || (this.handle && this.handleDue <= next.due)) return;
    if (this.handle) clearTimeout(this.handle);
    this.handleDue = next.due;
    // whole milliseconds: Node keeps one list per distinct delay
    this.handle = setTimeout(() => {
      this.handle = undefined;
      void this.fireDue();
    }, Math.ceil(Math.max(0, next.due - this.elapsed())));
    this.handle.unref();
  }

  private disarm(): void {
    clearTimeout(this.handle);
    this.handle = undefined;
  }
}

interface PendingTimer {
  id: number;
  due: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when told to. Timers fire in due order. */
export class FakeClock implements Clock {
  private wall: number;
  private mono = 0;
  private nextId = 1;
  private seq = 0;
  private readonly timers: PendingTimer[] = [];

  constructor(start: number | string = '2026-01-01T00:00:00Z') {
    this.wall = typeof start === 'number' ? start : Date.parse(start);
  }

  now(): number {
    return this.wall + this.mono;
  }

  setTime(epochMs: number): void {
    this.wall = epochMs - this.mono;
  }

  elapsed(): number {
    return this.mono;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const id = this.nextId++;
    const due = this.mono + Math.max(0, ms);
    this.timers.push({ id, due, seq: this.seq++, fn });
    return { id, due };
  }

  clearTimeout(timer: Timer | undefined): void {
    if (!timer) return;
    removeTimer(this.timers, (t) => t.id === timer.id);
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Move time forward by ms, firing every timer that falls due on the way,
   * in order. Between timers the microtask and I/O queues are drained, so
   * async work a timer starts (a send, a store write) completes before the
   * next timer fires, as it would in real time.
   */
  async advance(ms: number): Promise<void> {
    const target = this.mono + ms;
    await settle();
    for (;;) {
      const next = earliest(this.timers);
      if (!next || next.due > target) break;
      removeTimer(this.timers, (t) => t === next);
      this.mono = next.due;
      next.fn();
      await settle();
    }
    this.mono = target;
    await settle();
  }
}

function removeTimer(timers: PendingTimer[], which: (t: PendingTimer) => boolean): void {
  const i = timers.findIndex(which);
  if (i >= 0) timers.splice(i, 1);
}

function earliest(timers: PendingTimer[]): PendingTimer | undefined {
  let best: PendingTimer | undefined;
  for (const t of timers) {
    if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
  }
  return best;
}

/** Let pending promise callbacks and already-queued I/O callbacks run. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Parse a console/CLI duration such as `90s`, `15m`, `2h`, `500ms`, `1d` into ms. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit]!;
  return Math.round(n * factor);
}
