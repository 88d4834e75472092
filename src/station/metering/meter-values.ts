import type { Station } from '../station.js';
import { sampleMeasurands } from './sample.js';

/** J01 meter values not related to a transaction (triggered now; clock-aligned comes with issue 3). */
export class MeterValuesBlock {
  constructor(private readonly station: Station) {}

  async sendTriggered(evseId: number): Promise<void> {
    const evse = this.station.hardware.evses[evseId - 1];
    if (!evse) return;
    const measurands = this.station.model.getString('AlignedDataCtrlr.Measurands');
    const sampledValue = sampleMeasurands(measurands, evse.meter.read(), 'Trigger');
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
