/**
 * A stand-in transaction block for unit tests of smart charging parts built
 * alone (the rate reporter): transactions begin and end when the test says.
 */
import type { Clock } from '../../../src/station/clock.js';
import { Listeners } from '../../../src/station/listeners.js';
import type { StoppedReason, TransactionSummary, TransactionsApi } from '../../../src/station/transactions/types.js';

export class FakeTransactions implements TransactionsApi {
  readonly started = new Listeners<TransactionSummary>();
  readonly ended = new Listeners<TransactionSummary>();
  readonly refreshed: Array<{ evseId: number; triggerReason?: string }> = [];
  private readonly open = new Map<number, TransactionSummary>();

  constructor(private readonly clock: Clock) {}

  begin(evseId: number, transactionId: string, startedAt = this.clock.now()): TransactionSummary {
    const summary: TransactionSummary = { transactionId, evseId, connectorId: 1, startedAt, chargingState: 'Charging', nextSeqNo: 1, energyWh: 0 };
    this.open.set(evseId, summary);
    this.started.emit(summary);
    return summary;
  }

  finish(evseId: number, stoppedReason: StoppedReason = 'Local'): void {
    const summary = this.open.get(evseId);
    if (!summary) return;
    this.open.delete(evseId);
    this.ended.emit({ ...summary, endedAt: this.clock.now(), stoppedReason });
  }

  active(evseId: number): TransactionSummary | undefined {
    return this.open.get(evseId);
  }

  ongoing(): TransactionSummary[] {
    return [...this.open.values()];
  }

  async stop(evseId: number, stoppedReason: StoppedReason): Promise<void> {
    this.finish(evseId, stoppedReason);
  }

  async refresh(evseId: number, triggerReason?: string): Promise<void> {
    this.refreshed.push({ evseId, triggerReason });
  }
}
