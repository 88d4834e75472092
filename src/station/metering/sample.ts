import type { MeterReading } from '../../hardware/interfaces.js';

export type ReadingContext = 'Interruption.Begin' | 'Interruption.End' | 'Other' | 'Sample.Clock' | 'Sample.Periodic' | 'Transaction.Begin' | 'Transaction.End' | 'Trigger';

export interface SampledValue {
  value: number;
  context?: ReadingContext;
  measurand?: string;
  phase?: 'L1' | 'L2' | 'L3';
  unitOfMeasure?: { unit: string };
}

/** Release notes: with no measurands configured, report Energy.Active.Import.Register. */
export const DEFAULT_MEASURAND = 'Energy.Active.Import.Register';

const PHASES = ['L1', 'L2', 'L3'] as const;

/** The sampled values for a comma list of measurands; unknown measurands are skipped. */
export function sampleMeasurands(measurands: string, reading: MeterReading, context: ReadingContext): SampledValue[] {
  const list = measurands.split(',').map((m) => m.trim()).filter(Boolean);
  const values: SampledValue[] = [];
  for (const measurand of list.length ? list : [DEFAULT_MEASURAND]) {
    switch (measurand) {
      case 'Energy.Active.Import.Register':
        values.push({ value: reading.energyWh, context, measurand, unitOfMeasure: { unit: 'Wh' } });
        break;
      case 'Power.Active.Import':
        values.push({ value: reading.powerW, context, measurand, unitOfMeasure: { unit: 'W' } });
        break;
      case 'Current.Import':
        PHASES.forEach((phase, i) => values.push({ value: reading.currentA[i]!, context, measurand, phase, unitOfMeasure: { unit: 'A' } }));
        break;
      case 'Voltage':
        PHASES.forEach((phase, i) => values.push({ value: reading.voltageV[i]!, context, measurand, phase, unitOfMeasure: { unit: 'V' } }));
        break;
    }
  }
  return values;
}

/**
 * The sampled values of a configured measurand list for a TransactionEvent
 * (SampledDataCtrlr.Tx*Measurands): an empty list means none are wanted.
 * Only clock-aligned values fall back to the default measurand.
 */
export function sampleConfigured(measurands: string, reading: MeterReading, context: ReadingContext): SampledValue[] {
  return measurands.trim() === '' ? [] : sampleMeasurands(measurands, reading, context);
}
