import type { StationBase, OcppHost } from '../host.js';
import type { TransactionsBlock } from '../transactions/block.js';
import type { BootReason } from './types.js';

/** What this block needs of the station. */
export interface ResetHost extends Pick<StationBase, 'events' | 'log' | 'model'>, Pick<OcppHost, 'actions' | 'afterReply'> {
  readonly transactions: Pick<TransactionsBlock, 'ended' | 'ongoing' | 'stop' | 'whenDelivered'>;
  restart(reason: BootReason): Promise<void>;
}

interface ResetRequest {
  type: 'Immediate' | 'OnIdle';
  evseId?: number;
}

/**
 * B11/B12 Reset. Without a transaction: Accepted, then the station restarts
 * and boots with reason RemoteReset. With transactions: OnIdle → Scheduled,
 * the restart follows when the last one ended; Immediate → Accepted, every
 * transaction ends (ResetCommand / ImmediateReset), their events get a
 * moment to reach the CSMS, then the restart. Resetting a single EVSE is not
 * supported by NG9xx: Rejected.
 */
export class ResetBlock {
  private scheduled = false;
  private subscribed = false;

  constructor(private readonly station: ResetHost) {
    station.actions.register('Reset', (req: ResetRequest) => {
      if (req.evseId !== undefined && req.evseId !== 0) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest', additionalInfo: 'EVSE reset not supported' } };
      const running = station.transactions.ongoing();
      if (running.length === 0) {
        this.scheduled = false;
        station.afterReply(() => void station.restart('RemoteReset'));
        return { status: 'Accepted' };
      }
      if (req.type === 'OnIdle') {
        this.scheduleOnIdle();
        return { status: 'Scheduled' };
      }
      this.scheduled = false;
      station.afterReply(() => void this.immediate());
      return { status: 'Accepted' };
    });
    // A restart (whatever its cause) does what a scheduled reset waited for.
    station.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Unregistered') this.scheduled = false;
    });
  }

  /** A reset is waiting for the transactions to end. */
  get pending(): boolean {
    return this.scheduled;
  }

  private scheduleOnIdle(): void {
    this.scheduled = true;
    this.station.log.info('reset', 'reset scheduled: waiting for the transactions to end');
    if (this.subscribed) return;
    this.subscribed = true;
    this.station.transactions.ended.on(() => {
      if (!this.scheduled || this.station.transactions.ongoing().length > 0) return;
      this.scheduled = false;
      this.station.afterReply(() => void this.station.restart('RemoteReset'));
    });
  }

  private async immediate(): Promise<void> {
    const tx = this.station.transactions;
    for (const t of tx.ongoing()) await tx.stop(t.evseId, 'ImmediateReset', 'ResetCommand');
    await tx.whenDelivered(this.station.model.getNumber('OCPPCommCtrlr.MessageTimeout:Default') * 1000);
    await this.station.restart('RemoteReset');
  }
}
