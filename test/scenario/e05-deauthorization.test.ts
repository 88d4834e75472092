import { describe, expect, it } from 'vitest';
import type { Scenario } from '../support/scenario.js';
import { delivered, evse, sequence, swipe, txEvents, txStation } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';

/** Authorize accepts the card; the CSMS then reports it Invalid in the TransactionEventResponse. */
async function station(vars: Record<string, string>): Promise<Scenario> {
  const sc = await txStation(vars);
  sc.csms.handle('TransactionEvent', (p) => (p.idToken ? { idTokenInfo: { status: 'Invalid' } } : {}));
  return sc;
}

describe('E05/C10 deauthorization by the CSMS in a TransactionEventResponse', () => {
  it('StopTxOnInvalidId true → Ended Deauthorized / DeAuthorized at once; the cache learns the status', async () => {
    const s = await station({ 'TxCtrlr.StopTxOnInvalidId': 'true' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging', 'Ended Deauthorized 2 EVConnected DeAuthorized']);
    expect(evse(s, 1).closed).toBe(false);
    // C10: the authorization block learned what the CSMS said
    expect(s.station.auth.cache.get({ idToken: 'TAG1', type: 'ISO14443' })?.info.status).toBe('Invalid');
  });

  it('release notes MaxEnergyOnInvalidId: with StopTxOnInvalidId false the session may still draw that many Wh, then Ended EnergyLimitReached / DeAuthorized', async () => {
    const s = await station({ 'TxCtrlr.StopTxOnInvalidId': 'false', 'TxCtrlr.MaxEnergyOnInvalidId': '1000' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    await waitFor(() => s.station.log.recent(20).some((l) => l.text.includes('1000 Wh more allowed')), 'deauthorization noted');
    // 3 × 32 A × 230 V = 22080 W: 1000 Wh take 163.04 s
    await s.clock.advance(160_000);
    expect(txEvents(s)).toHaveLength(2);
    await s.clock.advance(5_000);
    await delivered(s, 3);
    const ended = txEvents(s)[2];
    expect(sequence(s)[2]).toBe('Ended EnergyLimitReached 2 EVConnected DeAuthorized');
    expect(ended.meterValue[0].sampledValue[0].value).toBeCloseTo(1000, 0);
  });

  it('release notes: MaxEnergyOnInvalidId counts from the moment of invalidation, not from the start of the transaction', async () => {
    const s = await txStation({ 'TxCtrlr.StopTxOnInvalidId': 'false', 'TxCtrlr.MaxEnergyOnInvalidId': '500' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    s.csms.handle('TransactionEvent', async (p) => {
      if (!p.idToken) return {};
      await gate; // the CSMS takes 20 s to say the card is invalid
      return { idTokenInfo: { status: 'Invalid' } };
    });
    evse(s, 1).plug();
    s.station.hardware.sim!.nfc.swipe('TAG1');
    await waitFor(() => txEvents(s).length === 1, 'Started sent');
    await s.clock.advance(20_000); // 122.67 Wh delivered while still valid
    release();
    await waitFor(() => s.station.log.recent(20).some((l) => l.text.includes('500 Wh more allowed')), 'deauthorization noted');
    await s.clock.advance(80_000); // 490.7 Wh since the invalidation: not yet
    expect(s.station.transactions.ongoing()).toHaveLength(1);
    await s.clock.advance(2_000);
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Ended EnergyLimitReached 2 EVConnected DeAuthorized');
    expect(txEvents(s)[2].meterValue[0].sampledValue[0].value).toBeCloseTo(122.67 + 500, 0);
  });

  it('MaxEnergyOnInvalidId 0 and StopTxOnInvalidId false → Updated Deauthorized SuspendedEVSE, contactor open until the EV leaves', async () => {
    const s = await station({ 'TxCtrlr.StopTxOnInvalidId': 'false', 'TxCtrlr.MaxEnergyOnInvalidId': '0' });
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 3);
    expect(sequence(s)[2]).toBe('Updated Deauthorized 2 SuspendedEVSE');
    expect(evse(s, 1).closed).toBe(false);
    await s.clock.advance(3_600_000);
    expect(txEvents(s)).toHaveLength(3);
    evse(s, 1).unplug();
    await delivered(s, 4);
    expect(sequence(s)[3]).toBe('Ended EVCommunicationLost 3 Idle EVDisconnected');
  });
});
