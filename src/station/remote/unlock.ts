import { ongoingOn } from '../availability/ongoing.js';
import type { StationBase, OcppHost } from '../host.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import type { TransactionsBlock } from '../transactions/block.js';

/** What this block needs of the station. */
export interface UnlockHost extends Pick<StationBase, 'hardware' | 'log'>, Pick<OcppHost, 'actions'> {
  readonly connectors: Pick<ConnectorStatusBlock, 'unlockCable'>;
  readonly transactions: Pick<TransactionsBlock, 'active' | 'stop' | 'ongoing'>;
}

type UnlockStatus = 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector';

interface UnlockConnectorRequest {
  evseId: number;
  connectorId: number;
}

/**
 * F05 UnlockConnector: help a driver whose cable is stuck. An authorized
 * transaction on the connector is not ended this way (the CSMS has
 * RequestStopTransaction for that); one without an authorized idToken
 * ends with triggerReason UnlockCommand before the lock is released.
 */
export class UnlockConnectorBlock {
  constructor(private readonly station: UnlockHost) {
    station.actions.register('UnlockConnector', (req: UnlockConnectorRequest) => this.unlock(req));
  }

  private async unlock(req: UnlockConnectorRequest): Promise<{ status: UnlockStatus; statusInfo?: { reasonCode: string; additionalInfo?: string } }> {
    const { evseId, connectorId } = req;
    if (!this.station.hardware.evses.some((e) => e.id === evseId) || connectorId !== 1) {
      return { status: 'UnknownConnector', statusInfo: { reasonCode: 'UnknownConnector', additionalInfo: `no connector ${connectorId} on EVSE ${evseId}` } };
    }
    const tx = ongoingOn(this.station, evseId);
    if (tx?.idToken) return { status: 'OngoingAuthorizedTransaction' };
    if (tx) {
      this.station.log.info('unlock', `EVSE ${evseId}: ending unauthorized transaction ${tx.transactionId} to unlock`);
      this.station.transactions
        .stop(evseId, 'Remote', 'UnlockCommand')
        .catch((err: Error) => this.station.log.warn('unlock', `EVSE ${evseId}: stopping ${tx.transactionId} failed: ${err.message}`));
    }
    const unlocked = await this.station.connectors.unlockCable(evseId);
    this.station.log.info('unlock', `EVSE ${evseId}: UnlockConnector ${unlocked ? 'unlocked' : 'failed'}`);
    return unlocked ? { status: 'Unlocked' } : { status: 'UnlockFailed', statusInfo: { reasonCode: 'LockFault', additionalInfo: 'the cable lock did not release' } };
  }
}
