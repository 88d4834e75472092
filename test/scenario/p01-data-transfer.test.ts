/** P01 DataTransfer from the CSMS (docs/datatransfer.md), OCPP 2.0.1 and 1.6J. */
import { describe, expect, it } from 'vitest';
import { acceptedScenario } from '../support/scenario.js';
import { ready16 } from './v16-helpers.js';

describe('P01 Data Transfer to the Charging Station', () => {
  it('P01: an unknown vendorId gets DataTransferResponse UnknownVendorId (not a CALLERROR); an unknown messageId UnknownMessageId', async () => {
    const s = await acceptedScenario();
    expect(await s.csms.call('CS001', 'DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
    expect(await s.csms.call('CS001', 'DataTransfer', { vendorId: 'NG9', messageId: 'Nope' })).toMatchObject({ status: 'UnknownMessageId' });
  });

  it('P01 (release notes: limiting current for the service installer app): NG9 LimitingCurrent answers P1SmartMeter.LimitingCurrent', async () => {
    const s = await acceptedScenario();
    s.station.model.setInternal('P1SmartMeter.LimitingCurrent', 17.5);
    expect(await s.csms.call('CS001', 'DataTransfer', { vendorId: 'NG9', messageId: 'LimitingCurrent' })).toEqual({ status: 'Accepted', data: { limitingCurrentA: 17.5 } });
  });

  it('P01 over OCPP 1.6J: the same table (data as a JSON string, as 1.6 carries it)', async () => {
    const s = await ready16();
    expect(await s.csms.call('CS001', 'DataTransfer', { vendorId: 'com.example' })).toEqual({ status: 'UnknownVendorId' });
    s.station.model.setInternal('P1SmartMeter.LimitingCurrent', 12);
    expect(await s.csms.call('CS001', 'DataTransfer', { vendorId: 'NG9', messageId: 'LimitingCurrent' })).toEqual({ status: 'Accepted', data: '{"limitingCurrentA":12}' });
  });
});
