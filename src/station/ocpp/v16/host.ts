/** What the OCPP 1.6 adapter needs of the station: it translates for the blocks, so it sees some of them. */
import type { AvailabilityBlock } from '../../availability/change-availability.js';
import type { ConnectorStatusBlock } from '../../availability/connectors.js';
import type { OcppHost, StationBase } from '../../host.js';
import type { TransactionsBlock } from '../../transactions/block.js';

export interface V16Host extends StationBase, Pick<OcppHost, 'afterReply' | 'registration' | 'connected' | 'send'> {
  readonly transactions: Pick<TransactionsBlock, 'active' | 'find' | 'stop' | 'engine' | 'store'>;
  readonly availability: Pick<AvailabilityBlock, 'isOperative'>;
  readonly connectors: Pick<ConnectorStatusBlock, 'isFaulted' | 'status'>;
}
