import { describe, expect, it } from 'vitest';
import type { Scenario } from '../support/scenario.js';
import { delivered, evse, sequence, settle, swipe, txEvents, txStation } from '../support/tx-helpers.js';

/** A station whose CSMS puts card COP* in the master pass group POLICE. */
async function station(): Promise<Scenario> {
  const sc = await txStation({ 'AuthCtrlr.MasterPassGroupId': 'POLICE' });
  sc.csms.handle('Authorize', (p) =>
    p.idToken.idToken.startsWith('COP') ? { idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'POLICE', type: 'Central' } } } : { idTokenInfo: { status: 'Accepted' } },
  );
  return sc;
}

describe('C16 Stop Transaction with a Master Pass', () => {
  it('C16: a master pass stops every ongoing transaction: Ended StopAuthorized / MasterPass', async () => {
    const s = await station();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    evse(s, 2).plug();
    await swipe(s, 'TAG2');
    await delivered(s, 4);
    await swipe(s, 'COP1');
    await delivered(s, 6);
    const ended = txEvents(s).filter((e) => e.eventType === 'Ended');
    expect(ended.map((e) => [e.evse?.id ?? null, e.triggerReason, e.transactionInfo.stoppedReason])).toEqual([
      [null, 'StopAuthorized', 'MasterPass'],
      [null, 'StopAuthorized', 'MasterPass'],
    ]);
    expect(new Set(ended.map((e) => e.transactionInfo.transactionId)).size).toBe(2);
    expect(ended.map((e) => e.idToken.idToken)).toEqual(['COP1', 'COP1']);
    expect(s.station.transactions.ongoing()).toEqual([]);
  });

  it('C16: a master pass never starts a transaction', async () => {
    const s = await station();
    evse(s, 1).plug();
    await swipe(s, 'COP1');
    expect(txEvents(s)).toHaveLength(0);
    expect(evse(s, 1).closed).toBe(false);
  });

  it('release notes: after a master pass with no transaction the reader keeps reading: the next card starts a session', async () => {
    const s = await station();
    evse(s, 1).plug();
    await swipe(s, 'COP1');
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging']);
    expect(s.station.log.recent(50).some((l) => l.text.includes('master pass COP1 presented: no transaction to stop'))).toBe(true);
  });
});
