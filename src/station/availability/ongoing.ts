import type { TransactionsBlock } from '../transactions/block.js';
import type { TransactionSummary } from '../transactions/types.js';

/** Who knows the ongoing transactions. */
export interface OngoingHost {
  readonly transactions: Pick<TransactionsBlock, 'active' | 'ongoing'>;
}

/** The transaction ongoing on this EVSE, if any. */
export function ongoingOn(station: OngoingHost, evseId: number): TransactionSummary | undefined {
  return station.transactions.active(evseId);
}

/** Is a transaction ongoing on this EVSE (evseId 0: on any EVSE)? */
export function hasTransaction(station: OngoingHost, evseId: number): boolean {
  return evseId === 0 ? station.transactions.ongoing().length > 0 : station.transactions.active(evseId) !== undefined;
}
