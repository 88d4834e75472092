import type { Station } from '../station.js';
import type { TransactionSummary } from '../transactions/types.js';

/** The transaction ongoing on this EVSE, if any. */
export function ongoingOn(station: Station, evseId: number): TransactionSummary | undefined {
  return station.transactions.active(evseId);
}

/** Is a transaction ongoing on this EVSE (evseId 0: on any EVSE)? */
export function hasTransaction(station: Station, evseId: number): boolean {
  return evseId === 0 ? station.transactions.ongoing().length > 0 : station.transactions.active(evseId) !== undefined;
}
