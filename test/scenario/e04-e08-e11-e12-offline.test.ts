import { describe, expect, it } from 'vitest';
import { linkDown, linkUp } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { delivered, evse, outbox, sequence, settle, swipe, txEvents, txStation } from '../support/tx-helpers.js';

const station = () => txStation({ 'AuthCtrlr.OfflineTxForUnknownIdEnabled': 'true' });

describe('E04 Transaction started while Charging Station is offline', () => {
  it('E04: a whole transaction while offline is stored with offline: true and delivered in order after the reconnect', async () => {
    const s = await station();
    await linkDown(s);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await s.clock.advance(60_000);
    evse(s, 1).unplug();
    await settle(s);
    expect(txEvents(s)).toHaveLength(0);
    const rows = outbox(s);
    expect(rows.map((r) => [r.seqNo, r.attempts])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    await linkUp(s);
    await delivered(s, 3);
    expect(sequence(s)).toEqual([
      'Started Authorized 0 EVConnected offline',
      'Updated ChargingStateChanged 1 Charging offline',
      'Ended EVCommunicationLost 2 Idle EVDisconnected offline',
    ]);
    expect(outbox(s)).toEqual([]);
    const [row] = s.station.transactions.store.recent(1);
    expect(row).toMatchObject({ nextSeqNo: 3, stoppedReason: 'EVDisconnected' });
    expect(row!.endedAt).toBeDefined();
  });
});

describe('E08 Transaction stopped while Charging Station is offline', () => {
  it('E08: started online, ended offline: only the events generated offline say so', async () => {
    const s = await station();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    await linkDown(s);
    await swipe(s, 'TAG1');
    expect(s.station.transactions.ongoing()).toEqual([]);
    await linkUp(s);
    await delivered(s, 3);
    expect(sequence(s)).toEqual(['Started Authorized 0 EVConnected', 'Updated ChargingStateChanged 1 Charging', 'Ended StopAuthorized 2 EVConnected Local offline']);
  });
});

describe('E11 Connection Loss During Transaction / E12 Inform CSMS of an Offline Occurred Transaction', () => {
  it('E11/E12: the CSMS drops the connection; events meanwhile are queued and follow the reconnect (back-off) in order', async () => {
    const s = await station();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    await s.csms.disconnect('CS001');
    await waitFor(() => !s.station.connected, 'station saw the loss');
    evse(s, 1).setEvSuspended(true);
    await settle(s);
    evse(s, 1).setEvSuspended(false);
    await settle(s);
    expect(txEvents(s)).toHaveLength(2);
    expect(s.station.transactions.queuedCount()).toBe(2);
    // RetryBackOffWaitMinimum 5 s, random part 0
    await s.clock.advance(5_000);
    await s.csms.waitForConnection('CS001', 5000, { count: 2 });
    await delivered(s, 4);
    expect(sequence(s).slice(2)).toEqual(['Updated ChargingStateChanged 2 SuspendedEV offline', 'Updated ChargingStateChanged 3 Charging offline']);
    // still one Boot: the registration holds across the reconnect (B04)
    expect(s.csms.callsOf('BootNotification')).toHaveLength(1);
  });
});
