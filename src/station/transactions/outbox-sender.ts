/**
 * The one sender of the outbox: delivers the stored transaction-related
 * messages strictly in order, one CALL in flight, and deletes a message only
 * when its CALLRESULT arrived.
 *
 * E13: a message answered with a CALLERROR or not answered within the
 * message timeout counts as a failed attempt. OCPP 2.0.1 describes
 * OCPPCommCtrlr.MessageAttempts as "how often the Charging Station should try
 * to submit" the message, so that is the total number of tries; before try
 * n+1 it waits MessageAttemptInterval × n seconds. After the last try the
 * message is dropped (logged). Not being connected (or not accepted) is no
 * attempt: the message waits for the connection.
 */
import type { Timer } from '../clock.js';
import { NotConnectedError, OcppCallError, OcppTimeoutError } from '../ocpp/errors.js';
import type { TransactionsHost } from './types.js';
import type { TransactionStore } from './tx-store.js';
import type { OutboxEntry } from './types.js';

export type ResponseHandler = (entry: OutboxEntry, response: any) => void;

export class OutboxSender {
  private running = false;
  private busy = false;
  private retryTimer?: Timer;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly station: TransactionsHost,
    private readonly store: TransactionStore,
    private readonly onResponse: ResponseHandler,
  ) {
    station.link.on('open', () => this.kick());
    station.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Accepted') this.kick();
    });
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Stop sending (restart, power cut). What is stored stays stored. */
  stop(): void {
    this.running = false;
    this.station.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.wakeIdle();
  }

  /** Not sending, and no retry waiting. */
  get idle(): boolean {
    return !this.busy && !this.retryTimer;
  }

  /** Try to send now (a message was stored, the link came up). */
  kick(): void {
    if (!this.running || this.busy || this.retryTimer) return;
    void this.drain();
  }

  /** True when nothing can be sent right now. */
  private get blocked(): boolean {
    return !this.running || !this.station.connected || this.station.registration !== 'Accepted';
  }

  /**
   * Resolves once the outbox is empty or nothing more can be delivered now
   * (not connected, waiting for a retry), or after timeoutMs of station time.
   */
  whenIdle(timeoutMs: number): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.station.clock.setTimeout(() => done(), timeoutMs);
      const done = () => {
        this.station.clock.clearTimeout(timer);
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (;;) {
        if (this.blocked || this.retryTimer) break;
        const entry = this.store.head();
        if (!entry) break;
        if (!(await this.deliver(entry))) break;
      }
    } catch (err) {
      this.station.log.error('transactions', `outbox sender failed: ${(err as Error).stack ?? err}`);
    } finally {
      this.busy = false;
      this.wakeIdle();
    }
  }

  /** Send one message; true to go on with the next one. */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    let response: unknown;
    try {
      response = await this.station.send(entry.action, entry.payload);
    } catch (err) {
      if (err instanceof NotConnectedError) return false;
      if (err instanceof OcppCallError || err instanceof OcppTimeoutError) return this.failedAttempt(entry, err);
      // Refused before it left (our own payload is invalid): it can never be delivered.
      this.store.delete(entry.id);
      this.station.log.error('transactions', `${describe(entry)} dropped, cannot be sent: ${(err as Error).message}`);
      return true;
    }
    this.store.delete(entry.id);
    try {
      this.onResponse(entry, response);
    } catch (err) {
      this.station.log.error('transactions', `handling the response to ${describe(entry)} failed: ${(err as Error).message}`);
    }
    return true;
  }

  private failedAttempt(entry: OutboxEntry, err: Error): boolean {
    const attempts = this.store.countAttempt(entry.id);
    const max = this.station.model.getNumber('OCPPCommCtrlr.MessageAttempts:TransactionEvent');
    if (attempts >= max) {
      this.store.delete(entry.id);
      this.station.log.error('transactions', `${describe(entry)} dropped after ${attempts} attempts: ${err.message}`);
      return true;
    }
    const waitSec = this.station.model.getNumber('OCPPCommCtrlr.MessageAttemptInterval:TransactionEvent') * attempts;
    this.station.log.warn('transactions', `${describe(entry)} attempt ${attempts}/${max} failed (${err.message}), next in ${waitSec} s`);
    this.retryTimer = this.station.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, waitSec * 1000);
    return false;
  }

  private wakeIdle(): void {
    for (const w of [...this.idleWaiters]) w();
  }
}

function describe(entry: OutboxEntry): string {
  return `${entry.action}${entry.transactionId ? ` ${entry.transactionId}` : ''}${entry.seqNo !== undefined ? ` seqNo ${entry.seqNo}` : ''}`;
}
