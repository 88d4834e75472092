import { afterEach, describe, expect, it } from 'vitest';
import { applyVariables } from '../../../src/fleet/variables.js';
import { Station } from '../../../src/station/station.js';

describe('a scenario\'s variables on a station', () => {
  let station: Station | undefined;
  afterEach(async () => {
    await station?.stop();
    station = undefined;
  });

  it('writes them into the device model (console and OCPP 1.6 keys)', () => {
    station = Station.open({ id: 'VAR-1' });
    expect(applyVariables(station.model, { 'SampledDataCtrlr.TxUpdatedInterval': '30', HeartbeatInterval: '120' })).toEqual([]);
    expect(station.model.getNumber('SampledDataCtrlr.TxUpdatedInterval')).toBe(30);
    expect(station.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(120);
  });

  it('says which ones the station refused, and why', () => {
    station = Station.open({ id: 'VAR-2' });
    const problems = applyVariables(station.model, { 'SampledDataCtrlr.TxUpdatedInterval': '-1', 'NoSuchCtrlr.Thing': '1' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^variables: SampledDataCtrlr\.TxUpdatedInterval = "-1": Rejected \(/);
    expect(problems[1]).toBe('variables: NoSuchCtrlr.Thing = "1": UnknownComponent');
    expect(station.model.getNumber('SampledDataCtrlr.TxUpdatedInterval')).toBe(60);
  });
});
