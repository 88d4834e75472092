import type { Timer } from '../clock.js';
import type { StationBase, OcppHost } from '../host.js';
import type { TransactionsBlock } from '../transactions/block.js';
import { sampleMeasurands } from './sample.js';

/** What this block needs of the station. */
export interface MeterValuesHost extends Pick<StationBase, 'clock' | 'events' | 'hardware' | 'log' | 'model'>, Pick<OcppHost, 'send'> {
  readonly transactions: Pick<TransactionsBlock, 'active' | 'clockAligned' | 'ongoing'>;
}

/** A clock-aligned sample is taken when the wall clock is this close to the aligned instant. */
const ALIGNMENT_TOLERANCE_MS = 2000;

/**
 * J01 meter values not related to a transaction: triggered (F06) and
 * clock-aligned. With AlignedDataCtrlr.Interval > 0 every EVSE is sampled at
 * the instants aligned to that interval (midnight UTC + n × Interval): an
 * EVSE with a transaction gets a TransactionEvent Updated MeterValueClock
 * (J02 path, queued durably), one without a MeterValues message.
 * AlignedDataCtrlr.SendDuringIdle true: only while no transaction runs.
 * Release notes 6.0.0: with no AlignedDataCtrlr.Measurands configured,
 * Energy.Active.Import.Register is reported.
 */
export class MeterValuesBlock {
  private timer?: Timer;
  private running = false;

  constructor(private readonly station: MeterValuesHost) {
    station.model.onChange((change) => {
      if (change.component.name === 'AlignedDataCtrlr' && ['Interval', 'Enabled'].includes(change.variable.name) && this.running) this.schedule();
    });
    // The CSMS sets the wall clock at boot: align to the new time.
    station.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Accepted' && this.running) this.schedule();
    });
  }

  /** Power up: start the clock-aligned samples. */
  begin(): void {
    this.running = true;
    this.schedule();
  }

  /** Restart, stop: no more samples. */
  end(): void {
    this.running = false;
    this.station.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  async sendTriggered(evseId: number): Promise<void> {
    await this.send(evseId, 'Trigger');
  }

  /** The next aligned instant after now, in ms from now; undefined when off. */
  private nextDelay(afterSample: boolean): number | undefined {
    const m = this.station.model;
    const intervalMs = m.getNumber('AlignedDataCtrlr.Interval') * 1000;
    if (intervalMs <= 0 || !m.getBoolean('AlignedDataCtrlr.Enabled')) return undefined;
    const now = this.station.clock.now();
    const delay = intervalMs - (((now % intervalMs) + intervalMs) % intervalMs);
    // Just sampled this instant (a clock set back a little): the next one.
    return afterSample && delay <= ALIGNMENT_TOLERANCE_MS ? delay + intervalMs : delay;
  }

  private schedule(afterSample = false): void {
    this.station.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const delay = this.nextDelay(afterSample);
    if (delay === undefined) return;
    this.timer = this.station.clock.setTimeout(() => {
      this.timer = undefined;
      // The wall clock may have been set meanwhile (Heartbeat, console `date`): sample only on an aligned instant.
      const aligned = this.onAlignedInstant();
      if (aligned) this.sampleAll();
      this.schedule(aligned);
    }, delay);
  }

  private onAlignedInstant(): boolean {
    const intervalMs = this.station.model.getNumber('AlignedDataCtrlr.Interval') * 1000;
    if (intervalMs <= 0) return false;
    const offset = ((this.station.clock.now() % intervalMs) + intervalMs) % intervalMs;
    return Math.min(offset, intervalMs - offset) <= ALIGNMENT_TOLERANCE_MS;
  }

  private sampleAll(): void {
    const duringIdleOnly = this.station.model.getBoolean('AlignedDataCtrlr.SendDuringIdle');
    const tx = this.station.transactions;
    const anyTransaction = tx.ongoing().length > 0;
    for (const evse of this.station.hardware.evses) {
      if (duringIdleOnly && anyTransaction) continue;
      if (tx.clockAligned(evse.id)) continue;
      void this.send(evse.id, 'Sample.Clock');
    }
  }

  private async send(evseId: number, context: 'Trigger' | 'Sample.Clock'): Promise<void> {
    const evse = this.station.hardware.evses[evseId - 1];
    if (!evse) return;
    const measurands = this.station.model.getString('AlignedDataCtrlr.Measurands');
    const sampledValue = sampleMeasurands(measurands, evse.meter.read(), context);
    try {
      await this.station.send('MeterValues', {
        evseId,
        meterValue: [{ timestamp: new Date(this.station.clock.now()).toISOString(), sampledValue }],
      });
    } catch (err) {
      this.station.log.warn('metering', `MeterValues EVSE ${evseId} not delivered: ${(err as Error).message}`);
    }
  }
}
