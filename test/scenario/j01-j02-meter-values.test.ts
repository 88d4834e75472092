import { describe, expect, it } from 'vitest';
import { type Scenario, acceptedScenario, keepStationTime } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { delivered, evse, sequence, settle, setVar, swipe, txEvents, txStation } from '../support/tx-helpers.js';

/** ms from the station's now to the next multiple of intervalSec (UTC). */
function toAligned(sc: Scenario, intervalSec: number): number {
  const ms = intervalSec * 1000;
  return ms - (sc.station.clock.now() % ms);
}

describe('J02 Sending transaction related Meter Values', () => {
  it('J02: every TxUpdatedInterval an Updated MeterValuePeriodic with the TxUpdatedMeasurands (Sample.Periodic)', async () => {
    const s = await acceptedScenario();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '60');
    setVar(s, 'SampledDataCtrlr.TxUpdatedMeasurands', 'Energy.Active.Import.Register,Power.Active.Import');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    await s.clock.advance(60_000);
    await delivered(s, 3);
    await s.clock.advance(60_000);
    await delivered(s, 4);
    expect(sequence(s).slice(2)).toEqual(['Updated MeterValuePeriodic 2 Charging', 'Updated MeterValuePeriodic 3 Charging']);
    const values = txEvents(s)[2].meterValue[0].sampledValue;
    expect(values).toEqual([
      { value: expect.closeTo(368, 0), context: 'Sample.Periodic', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
      { value: 22080, context: 'Sample.Periodic', measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } },
    ]);
    expect(txEvents(s)[3].transactionInfo.timeSpentCharging).toBe(120);
    // none after the end
    evse(s, 1).unplug();
    await delivered(s, 5);
    await s.clock.advance(180_000);
    expect(txEvents(s)).toHaveLength(5);
  });

  it('J02: TxEndedMeasurands in the Ended event (Transaction.End), TxStartedMeasurands in the Started one; an empty list sends none', async () => {
    const s = await txStation({ 'SampledDataCtrlr.TxStartedMeasurands': '', 'SampledDataCtrlr.TxEndedMeasurands': 'Energy.Active.Import.Register,Current.Import' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.clock.advance(3_600_000);
    evse(s, 1).unplug();
    await delivered(s, 3);
    expect(txEvents(s)[0].meterValue).toBeUndefined();
    const ended = txEvents(s)[2].meterValue[0].sampledValue;
    expect(ended.map((v: any) => [v.measurand, v.phase ?? null, v.context])).toEqual([
      ['Energy.Active.Import.Register', null, 'Transaction.End'],
      ['Current.Import', 'L1', 'Transaction.End'],
      ['Current.Import', 'L2', 'Transaction.End'],
      ['Current.Import', 'L3', 'Transaction.End'],
    ]);
    expect(ended[0].value).toBeCloseTo(22080, 0);
  });

  it('F06: TriggerMessage(TransactionEvent) → an Updated with triggerReason Trigger', async () => {
    const s = await txStation();
    evse(s, 2).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 2 } })).status).toBe('Accepted');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Updated Trigger 2 Charging');
    expect(txEvents(s)[2].meterValue[0].sampledValue[0].context).toBe('Trigger');
  });
});

describe('J01 Sending Meter Values not related to a transaction', () => {
  it('release notes: clock-aligned MeterValues with no AlignedDataCtrlr.Measurands report Energy.Active.Import.Register, at aligned instants', async () => {
    const s = await acceptedScenario();
    keepStationTime(s);
    setVar(s, 'AlignedDataCtrlr.Interval', '900');
    const wait = toAligned(s, 900);
    await s.clock.advance(wait - 1);
    await settle(s);
    expect(s.csms.callsOf('MeterValues')).toHaveLength(0);
    await s.clock.advance(1);
    await waitFor(() => s.csms.callsOf('MeterValues').length === 2, 'one per EVSE');
    const [mv1, mv2] = s.csms.callsOf('MeterValues');
    expect([mv1.evseId, mv2.evseId]).toEqual([1, 2]);
    expect(mv1.meterValue[0].sampledValue).toEqual([{ value: 0, context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }]);
    expect(Date.parse(mv1.meterValue[0].timestamp) % 900_000).toBe(0);
    await s.clock.advance(900_000);
    await waitFor(() => s.csms.callsOf('MeterValues').length === 4, 'next quarter');
    expect(Date.parse(s.csms.callsOf('MeterValues')[3].meterValue[0].timestamp) % 900_000).toBe(0);
  });

  it('J01: a wall clock set away from the aligned grid skips the stale instant and keeps to the grid', async () => {
    const s = await acceptedScenario();
    keepStationTime(s);
    setVar(s, 'AlignedDataCtrlr.Interval', '900');
    await s.clock.advance(toAligned(s, 900) - 60_000);
    s.station.clock.setTime(s.station.clock.now() - 300_000); // set back 5 minutes
    await s.clock.advance(60_000); // the timer fires, but the wall clock is 5 minutes before the instant
    await settle(s);
    expect(s.csms.callsOf('MeterValues')).toHaveLength(0);
    await s.clock.advance(300_000);
    await waitFor(() => s.csms.callsOf('MeterValues').length === 2, 'at the real instant');
    expect(Date.parse(s.csms.callsOf('MeterValues')[0].meterValue[0].timestamp) % 900_000).toBe(0);
  });

  it('J01: inside a transaction the clock-aligned sample is an Updated MeterValueClock; the idle EVSE gets MeterValues', async () => {
    const s = await acceptedScenario();
    setVar(s, 'SampledDataCtrlr.TxUpdatedInterval', '0');
    setVar(s, 'AlignedDataCtrlr.Measurands', 'Energy.Active.Import.Register,Voltage');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    setVar(s, 'AlignedDataCtrlr.Interval', '300');
    await s.clock.advance(toAligned(s, 300));
    await delivered(s, 3);
    await waitFor(() => s.csms.callsOf('MeterValues').length === 1, 'MeterValues for EVSE 2');
    expect(sequence(s)[2]).toBe('Updated MeterValueClock 2 Charging');
    expect(txEvents(s)[2].meterValue[0].sampledValue.map((v: any) => `${v.measurand}${v.phase ? `.${v.phase}` : ''} ${v.context}`)).toEqual([
      'Energy.Active.Import.Register Sample.Clock',
      'Voltage.L1 Sample.Clock',
      'Voltage.L2 Sample.Clock',
      'Voltage.L3 Sample.Clock',
    ]);
    expect(s.csms.callsOf('MeterValues')[0].evseId).toBe(2);
  });

  it('J01: AlignedDataCtrlr.Interval 0 sends nothing', async () => {
    const s = await acceptedScenario();
    await s.clock.advance(7_200_000);
    expect(s.csms.callsOf('MeterValues')).toHaveLength(0);
  });
});
