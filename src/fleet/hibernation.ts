/**
 * An idle fleet station put away down to its CSMS socket (Station.hibernate):
 * thousands of idle stations then cost little more than their connections.
 * The sleeper keeps the socket alive (the WebSocket ping) and wakes the
 * station on the first frame from the CSMS, when the socket closes, or when
 * the station's own Heartbeat or certificate check falls due. The frame or
 * close that woke it is handed on to the woken station's link as it came.
 */
import { setTimeoutAt, type Timer } from '../station/clock.js';
import type { Hibernation } from '../station/station.js';

/** How often the fleet looks for idle stations to hibernate. */
export const HIBERNATE_SWEEP_MS = 1000;
/** How long a station must have been silent on the wire first (one between two sessions stays awake). */
export const HIBERNATE_AFTER_MS = 10_000;

export type WakeReason = 'frame' | 'close' | 'due';

/** Its timers run on the station's own clock, as the station's would. */
export class Sleeper {
  private wakeTimer?: Timer;
  private pingTimer?: Timer;
  private awaitingPong = false;
  private done = false;

  /** `wake` must make the station again from end() at once (synchronously): the frame that woke it follows. */
  constructor(
    private readonly hibernation: Hibernation,
    private readonly wake: (why: WakeReason) => void,
  ) {
    const { socket, clock, wakeAt, pingIntervalSec } = hibernation;
    socket.on('message', (data, isBinary) => {
      this.wake('frame');
      socket.emit('message', data, isBinary);
    });
    socket.on('close', (code, reason) => {
      this.wake('close');
      socket.emit('close', code, reason);
    });
    socket.on('error', () => {
      // a close follows
    });
    socket.on('pong', () => {
      this.awaitingPong = false;
    });
    if (wakeAt !== undefined) this.wakeTimer = setTimeoutAt(clock, wakeAt, () => this.wake('due'));
    if (pingIntervalSec > 0) this.pingTimer = clock.setTimeout(() => this.ping(), pingIntervalSec * 1000);
  }

  /** Stop looking after the socket: what the woken station (Station.wake) takes up. */
  end(): Hibernation {
    if (!this.done) {
      this.done = true;
      this.hibernation.clock.clearTimeout(this.wakeTimer);
      this.hibernation.clock.clearTimeout(this.pingTimer);
      for (const event of ['message', 'close', 'error', 'pong'] as const) this.hibernation.socket.removeAllListeners(event);
    }
    return this.hibernation;
  }

  /** The fleet stops: the socket closes as a stopping station's would; resolves once it has. */
  close(): Promise<void> {
    const { socket } = this.end();
    if (socket.readyState === socket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.close(1000);
    return closed;
  }

  /** As the station's link pings (OcppLink): no pong by the next ping drops the connection (and its close wakes the station). */
  private ping(): void {
    const { socket, clock, pingIntervalSec } = this.hibernation;
    if (this.awaitingPong) {
      socket.terminate();
      return;
    }
    this.awaitingPong = true;
    try {
      socket.ping();
    } catch {
      // going away: its close wakes the station
    }
    this.pingTimer = clock.setTimeout(() => this.ping(), pingIntervalSec * 1000);
  }
}
