import { describe, expect, it } from 'vitest';
import { acceptedScenario } from '../support/scenario.js';

describe('F05 Remotely Unlock Connector', () => {
  it('F05: UnlockConnector on a locked connector without a transaction → Unlocked, the lock is released', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    expect(await s.station.connectors.lockCable(1)).toBe(true);
    expect(evse.locked).toBe(true);
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'Unlocked' });
    expect(evse.locked).toBe(false);
  });

  it('F05: a lock that does not release → UnlockFailed', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(2)!;
    evse.plug();
    await s.station.connectors.lockCable(2);
    evse.lockFails = true;
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 2, connectorId: 1 })).toMatchObject({ status: 'UnlockFailed' });
    expect(evse.locked).toBe(true);
  });

  it('F05: an unknown EVSE or connector → UnknownConnector, nothing is touched', async () => {
    const s = await acceptedScenario();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 3, connectorId: 1 })).toMatchObject({ status: 'UnknownConnector' });
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 1, connectorId: 2 })).toMatchObject({ status: 'UnknownConnector' });
    await s.clock.advance(0);
    expect(s.csms.calls.slice(mark)).toEqual([]);
  });
});

describe('F05 with a transaction', () => {
  it('F05: an authorized transaction on the connector → OngoingAuthorizedTransaction; it keeps charging, the lock stays', async () => {
    const s = await acceptedScenario();
    const evse = s.station.hardware.sim!.evse(1)!;
    evse.plug();
    s.station.hardware.sim!.nfc.swipe('ALICE001', 1);
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 1, connectorId: 1 })).toEqual({ status: 'OngoingAuthorizedTransaction' });
    expect(evse.locked).toBe(true);
    expect(s.station.transactions.active(1)).toBeDefined();
  });

  it('F05: a transaction without an authorized idToken ends with triggerReason UnlockCommand and the connector is Unlocked', async () => {
    const s = await acceptedScenario();
    s.station.model.setInternal('TxCtrlr.TxStartPoint', 'EVConnected');
    const evse = s.station.hardware.sim!.evse(2)!;
    evse.plug();
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started');
    await s.station.connectors.lockCable(2);
    expect(await s.csms.call('CS001', 'UnlockConnector', { evseId: 2, connectorId: 1 })).toEqual({ status: 'Unlocked' });
    const ended = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Ended');
    expect(ended).toMatchObject({ triggerReason: 'UnlockCommand', transactionInfo: { stoppedReason: 'Remote' } });
    expect(evse.locked).toBe(false);
  });
});
