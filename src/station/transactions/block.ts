/**
 * The transaction block (E01–E14, F01–F03 with remote/remote-start.ts, C16,
 * J02): composes the per-EVSE engine, the card reader, the durable store
 * with its outbox sender, and answers GetTransactionStatus and CostUpdated.
 *
 * Life cycle, wired in Station: begin() at every power up (ends what a power
 * loss left open, then takes the EVSEs as found), shutdown() before a
 * restart (ends running transactions with Reboot and gives their events a
 * moment to leave), halt() when the station stops or loses power (nothing
 * more is written; the store keeps what is open for the next begin()).
 */
import type { AuthApi, IdTokenInfo } from '../auth/types.js';
import { Listeners } from '../listeners.js';
import type { TransactionsHost } from './types.js';
import { deauthorize } from './deauthorization.js';
import { TransactionEngine } from './engine.js';
import { CLOCK_METER, EventWriter, TRIGGER_METER } from './event-writer.js';
import { OutboxSender } from './outbox-sender.js';
import { registerStatusRequests } from './status-requests.js';
import { TokenReader } from './token-reader.js';
import { TransactionStore } from './tx-store.js';
import type {
  CostUpdate,
  EventAnswered,
  OutboxEntry,
  RemoteStartChargingProfileHook,
  StoppedReason,
  TransactionRecord,
  TransactionSummary,
  TransactionsApi,
  TriggerReason,
} from './types.js';

export class TransactionsBlock implements TransactionsApi {
  readonly store: TransactionStore;
  readonly engine: TransactionEngine;
  /** K05: set by smart charging to take the chargingProfile of a RequestStartTransaction (remote/remote-start.ts). */
  remoteStartChargingProfile?: RemoteStartChargingProfileHook;
  private readonly sender: OutboxSender;
  private readonly writer: EventWriter;

  constructor(private readonly station: TransactionsHost) {
    this.store = new TransactionStore(station.store);
    this.sender = new OutboxSender(station, this.store, (entry, response) => this.answered(entry, response));
    this.writer = new EventWriter(station, this.store, this.sender);
    this.engine = new TransactionEngine(station, this.writer);
    new TokenReader(station, this.engine, () => this.auth());
    registerStatusRequests(station, this);
  }

  /** The CSMS answered a TransactionEvent (totalCost, personal messages: the display). */
  readonly eventAnswered = new Listeners<EventAnswered>();
  /** I02 CostUpdated for a known transaction. */
  readonly costUpdated = new Listeners<CostUpdate>();

  get started(): Listeners<TransactionSummary> {
    return this.engine.started;
  }

  get ended(): Listeners<TransactionSummary> {
    return this.engine.ended;
  }

  /* ------------------------------ TransactionsApi ------------------------------ */

  active(evseId: number): TransactionSummary | undefined {
    const s = this.engine.session(evseId);
    return s?.tx && this.engine.summary(s, s.tx);
  }

  ongoing(): TransactionSummary[] {
    return this.engine.sessions.flatMap((s) => (s.tx ? [this.engine.summary(s, s.tx)] : []));
  }

  stop(evseId: number, stoppedReason: StoppedReason, triggerReason: TriggerReason): Promise<void> {
    return this.engine.serial(async () => {
      const s = this.engine.session(evseId);
      if (s?.tx) await this.engine.end(s, triggerReason, stoppedReason);
    });
  }

  refresh(evseId: number, triggerReason: TriggerReason = 'ChargingStateChanged'): Promise<void> {
    return this.engine.serial(async () => {
      const s = this.engine.session(evseId);
      if (s) await this.engine.evaluate(s, triggerReason);
    });
  }

  /* ------------------------------ for other blocks ----------------------------- */

  /** The ongoing transaction with this id. */
  find(transactionId: string): TransactionSummary | undefined {
    return this.ongoing().find((t) => t.transactionId === transactionId);
  }

  /** E14: messages of this transaction (or of any) still waiting for the CSMS. */
  queuedCount(transactionId?: string): number {
    return this.store.queuedCount(transactionId);
  }

  /** Open and recent transactions as the store has them, newest first (console `tx`). */
  recent(limit = 10): TransactionRecord[] {
    const live = new Map(this.ongoing().map((t) => [t.transactionId, t]));
    return this.store.recent(limit).map((r) => {
      const t = live.get(r.transactionId);
      return t ? { ...r, chargingState: t.chargingState, energyWh: t.energyWh, nextSeqNo: t.nextSeqNo } : r;
    });
  }

  /** N10: forget the customer's token in a finished transaction whose events the CSMS has. */
  forgetIdToken(transactionId: string): boolean {
    if (this.queuedCount(transactionId) > 0) return false;
    return this.store.forgetIdToken(transactionId);
  }

  record(transactionId: string): TransactionRecord | undefined {
    return this.recent(1_000_000).find((r) => r.transactionId === transactionId) ?? this.store.get(transactionId);
  }

  queued(): OutboxEntry[] {
    return this.store.queued();
  }

  /** Console `txerase`: forget every transaction and queued message (none may be running). */
  eraseAll(): { transactions: number; queued: number } {
    return this.store.eraseAll();
  }

  /** F06 TriggerMessage(TransactionEvent): an Updated with triggerReason Trigger for each transaction. */
  triggered(evseIds: number[]): Promise<void> {
    return this.engine.serial(() => {
      for (const id of evseIds) {
        const s = this.engine.session(id);
        if (s?.tx) this.engine.report(s, 'Trigger', TRIGGER_METER);
      }
    });
  }

  /** J01 inside a transaction: Updated MeterValueClock. False when no transaction runs on the EVSE. */
  clockAligned(evseId: number): boolean {
    const s = this.engine.session(evseId);
    if (!s?.tx) return false;
    const tx = s.tx;
    void this.engine.serial(() => {
      if (s.tx === tx) this.engine.report(s, 'MeterValueClock', CLOCK_METER);
    });
    return true;
  }

  /** No session, authorization or cable on any EVSE, and nothing in the outbox. */
  get quiet(): boolean {
    return this.engine.sessions.every((s) => s.free && !s.pending.evse && !s.pending.idToken && !s.connectTimer) && this.sender.idle && !this.store.head();
  }

  /* -------------------------------- life cycle -------------------------------- */

  /** Power up: end what a power loss left open (PowerLoss), start sending, take the EVSEs as found. */
  begin(): void {
    this.recoverAfterPowerLoss();
    this.engine.resume();
    this.sender.start();
  }

  /**
   * Before a restart in place: running transactions end (Reboot), and their
   * events get up to OCPPCommCtrlr.MessageTimeout to reach the CSMS. What
   * does not make it is sent after the boot. After a power cut: nothing.
   */
  async shutdown(): Promise<void> {
    if (this.engine.halted) return;
    await this.engine.serial(async () => {
      for (const s of this.engine.sessions) if (s.tx) await this.engine.end(s, 'ResetCommand', 'Reboot');
    });
    await this.sender.whenIdle(this.station.model.getNumber('OCPPCommCtrlr.MessageTimeout:Default') * 1000);
    this.halt();
  }

  /** Stop everything now (station stop, power cut): nothing more is written or sent. */
  halt(): void {
    this.engine.halt();
    this.sender.stop();
  }

  /**
   * The power is gone (console `power cut`): nothing more is written or sent
   * and the contactors drop out. The station restarts after this; begin()
   * then ends what is open with PowerLoss.
   */
  async powerLost(): Promise<void> {
    this.halt();
    for (const hw of this.station.hardware.evses) {
      if (!hw.contactor.closed) continue;
      try {
        await hw.contactor.open();
      } catch {
        // Without power it is open anyway.
      }
    }
    this.station.log.warn('power', 'power lost');
  }

  /** Give queued events up to timeoutMs of station time to be delivered. */
  whenDelivered(timeoutMs: number): Promise<void> {
    return this.sender.whenIdle(timeoutMs);
  }

  /* -------------------------------- internals --------------------------------- */

  /**
   * A transaction still open in the store lost its station: end it with
   * PowerLoss (AbnormalCondition), seqNo continuing. It is written now, while
   * not connected, so it is `offline`; the sender delivers it after whatever
   * was queued before the power loss.
   */
  private recoverAfterPowerLoss(): void {
    for (const rec of this.store.open()) {
      const plugged = this.station.hardware.evses[rec.evseId - 1]?.cable.plugged ?? false;
      const ended = this.writer.endAfterPowerLoss(rec, plugged ? 'EVConnected' : 'Idle');
      this.station.log.warn('transactions', `transaction ${rec.transactionId} on EVSE ${rec.evseId} was open at power up: ended (PowerLoss)`);
      this.engine.ended.emit(ended);
    }
  }

  /** The CSMS answered a TransactionEvent: what it says about the idToken counts (C10, E05 deauthorization, C09 group). */
  private answered(entry: OutboxEntry, response: EventAnswered['response']): void {
    if (entry.action === 'TransactionEvent') {
      this.eventAnswered.emit({ eventType: entry.payload.eventType, transactionId: entry.payload.transactionInfo.transactionId, evseId: entry.payload.evse?.id, response });
    }
    const idToken = entry.payload?.idToken;
    const info = response?.idTokenInfo;
    if (!idToken || !info) return;
    this.auth().learned(idToken, info);
    const transactionId: string = entry.payload.transactionInfo.transactionId;
    if (info.status !== 'Accepted') {
      this.station.log.warn('transactions', `CSMS says ${idToken.idToken} is ${info.status} for transaction ${transactionId}`);
      void this.engine.serial(() => deauthorize(this.engine, transactionId));
      return;
    }
    const group = info.groupIdToken;
    if (!group) return;
    const s = this.engine.sessions.find((x) => x.tx?.id === transactionId);
    if (s?.authorization && !s.authorization.groupIdToken) {
      s.authorization.groupIdToken = group;
      s.tx!.groupIdToken = group;
    }
    this.store.setGroup(transactionId, group);
  }

  private auth(): AuthApi {
    return this.station.auth;
  }
}

