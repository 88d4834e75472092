/**
 * CSMS requests about transactions that are answered from what the block
 * knows: E14 GetTransactionStatus and I06 CostUpdated.
 */
import type { TransactionsHost } from './types.js';
import type { TransactionsBlock } from './block.js';

interface GetTransactionStatusRequest {
  transactionId?: string;
}

interface CostUpdatedRequest {
  totalCost: number;
  transactionId: string;
}

export function registerStatusRequests(station: TransactionsHost, block: TransactionsBlock): void {
  /**
   * E14. With a transactionId (release notes 6.0.0 fix: it is recognized):
   * whether that transaction is ongoing and whether messages of it still
   * wait; an unknown id is not ongoing and has nothing waiting. Without one:
   * whether any message waits.
   */
  station.actions.register('GetTransactionStatus', (req: GetTransactionStatusRequest) => {
    if (req.transactionId === undefined) return { messagesInQueue: block.queuedCount() > 0 };
    return {
      ongoingIndicator: block.find(req.transactionId) !== undefined,
      messagesInQueue: block.queuedCount(req.transactionId) > 0,
    };
  });

  /**
   * I06 CostUpdated. Release notes 6.0.0 fix: a transactionId the station
   * does not know is handled gracefully — an empty answer and a log line,
   * never a CALLERROR.
   */
  station.actions.register('CostUpdated', (req: CostUpdatedRequest) => {
    const known = block.find(req.transactionId) ?? block.record(req.transactionId);
    if (!known) {
      station.log.warn('transactions', `CostUpdated for unknown transaction ${req.transactionId} (total ${req.totalCost}): ignored`);
      return {};
    }
    station.log.info('transactions', `transaction ${req.transactionId} on EVSE ${known.evseId}: running total cost ${req.totalCost}`);
    block.costUpdated.emit({ transactionId: req.transactionId, totalCost: req.totalCost, evseId: known.evseId });
    return {};
  });
}
