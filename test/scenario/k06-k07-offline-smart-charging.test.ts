import { describe, expect, it } from 'vitest';
import { energyOf, sampled, settle, setVar, swipe, txEvents } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';
import { chargingScenario, startCharging, told, toldAtLeast, txProfile, wh } from '../unit/smartcharging/k-charging.js';
import { linkDown, linkUp } from '../support/scenario.js';

describe('K06 Offline Behavior Smart Charging During Transaction', () => {
  it('K06: the CSMS drops the connection; the TxProfile keeps limiting, its next period starts offline and is told (offline) after the reconnect', async () => {
    const s = await chargingScenario();
    const tx = await startCharging(s, 1);
    await s.setProfile(1, txProfile(s, tx, 1, [[0, 10], [60, 16]], { startSchedule: s.rel(0) }));
    await toldAtLeast(s, tx, 3);
    await s.clock.advance(58_000);
    await s.csms.disconnect('CS001');
    await waitFor(() => !s.station.connected, 'station saw the loss');
    // offline: still 10 A, and at the boundary 16 A (no falling back to the EVSE maximum)
    expect(s.evse(1).read().currentA).toEqual([10, 10, 10]);
    await s.clock.advance(3_000);
    expect(s.evse(1).read().currentA).toEqual([16, 16, 16]);
    expect(s.station.connected).toBe(false);
    // RetryBackOffWaitMinimum (5 s, random part 0): back online, the queued event follows
    await s.clock.advance(2_000);
    await s.csms.waitForConnection('CS001', 5000, { count: 2 });
    await toldAtLeast(s, tx, 4);
    expect(told(s, tx)[3]).toBe('Updated ChargingRateChanged Charging offline');
    expect(s.evse(1).read().currentA).toEqual([16, 16, 16]);
  });

  it('K06: an hour offline under a TxProfile and a ChargingStationMaxProfile shared by two EVSEs: the limits hold the whole hour, the meter values sent afterwards show it', async () => {
    const s = await chargingScenario({ interval: 1800 });
    await s.setProfile(0, s.make({ id: 50, purpose: 'ChargingStationMaxProfile', periods: [[0, 24]] }));
    const tx1 = await startCharging(s, 1);
    const tx2 = await startCharging(s, 2);
    await s.setProfile(1, txProfile(s, tx1, 1, [[0, 8]]));
    await settle(s);
    expect([s.evse(1).read().currentA[0], s.evse(2).read().currentA[0]]).toEqual([8, 16]);
    const e1 = s.evse(1).read().energyWh;
    const e2 = s.evse(2).read().energyWh;
    await linkDown(s);
    await s.clock.advance(3_600_000);
    expect([s.evse(1).offeredA, s.evse(2).offeredA]).toEqual([8, 16]);
    expect(s.evse(1).read().energyWh - e1).toBeCloseTo(wh(8, 3600), 1);
    expect(s.evse(2).read().energyWh - e2).toBeCloseTo(wh(16, 3600), 1);
    // ends offline: EVSE 1 alone gets its own 8 A limit, EVSE 2 the rest of the station's 24 A
    s.evse(1).unplug();
    await settle(s);
    expect(s.evse(2).read().currentA[0]).toBe(24);
    await linkUp(s);
    await toldAtLeast(s, tx2, 6);
    const periodic = txEvents(s, tx2).filter((e) => e.triggerReason === 'MeterValuePeriodic' && e.offline);
    expect(periodic).toHaveLength(2);
    expect(sampled(periodic[1], 'Current.Import')).toEqual([16, 16, 16]);
    expect(energyOf(periodic[1]) - energyOf(periodic[0])).toBeCloseTo(wh(16, 1800), 1);
    expect(told(s, tx2).at(-1)).toBe('Updated ChargingRateChanged Charging offline');
    expect(told(s, tx1).at(-1)).toMatch(/^Ended .* offline$/);
  });
});

describe('K07 Offline Behavior Smart Charging at Start of Transaction', () => {
  it('K07: a transaction started while offline charges under the TxDefaultProfile (Relative: from its start), and after the reconnect the CSMS learns it all', async () => {
    const s = await chargingScenario({ interval: 1800 });
    setVar(s, 'AuthCtrlr.OfflineTxForUnknownIdEnabled', 'true');
    await s.setProfile(0, s.make({ id: 20, kind: 'Relative', periods: [[0, 8], [1800, 16]] }));
    await linkDown(s);
    s.evse(2).plug();
    await swipe(s, 'OFFLINE1', 2);
    await waitFor(() => s.station.transactions.active(2)?.chargingState === 'Charging', 'charging offline');
    expect(s.evse(2).read().currentA).toEqual([8, 8, 8]);
    await s.clock.advance(1_800_000);
    expect(s.evse(2).read().currentA).toEqual([16, 16, 16]);
    await s.clock.advance(1_800_000);
    await linkUp(s);
    const tx = s.station.transactions.active(2)!.transactionId;
    await toldAtLeast(s, tx, 5);
    expect(told(s, tx)).toEqual([
      'Started Authorized EVConnected offline',
      'Updated ChargingStateChanged Charging offline',
      expect.stringMatching(/^Updated (ChargingRateChanged|MeterValuePeriodic) Charging offline$/),
      expect.stringMatching(/^Updated (ChargingRateChanged|MeterValuePeriodic) Charging offline$/),
      'Updated MeterValuePeriodic Charging offline',
    ]);
    const periodic = txEvents(s, tx).filter((e) => e.triggerReason === 'MeterValuePeriodic');
    // the first half hour at 8 A (less than a second of 16 A may fall in it: the schedule counts whole seconds)
    expect(Math.abs(energyOf(periodic[0]) - wh(8, 1800))).toBeLessThan(wh(8, 1));
    expect(energyOf(periodic[1]) - energyOf(periodic[0])).toBeCloseTo(wh(16, 1800), 0);
    // K08 while it runs: the rest of the Relative schedule, 16 A
    const composite = await s.call('GetCompositeSchedule', { evseId: 2, duration: 300 });
    expect(composite.schedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 16, numberPhases: 3 }]);
  });

  it('K07: a 0 A TxDefaultProfile holds a transaction started offline in SuspendedEVSE until its schedule allows charging', async () => {
    const s = await chargingScenario();
    setVar(s, 'AuthCtrlr.OfflineTxForUnknownIdEnabled', 'true');
    await s.setProfile(1, s.make({ id: 21, startSchedule: s.rel(0), periods: [[0, 0], [900, 12]] }));
    await linkDown(s);
    s.evse(1).plug();
    await swipe(s, 'OFFLINE2', 1);
    await waitFor(() => s.station.transactions.active(1)?.chargingState === 'SuspendedEVSE', 'SuspendedEVSE offline');
    expect(s.evse(1).read().powerW).toBe(0);
    await s.clock.advance(900_000);
    expect(s.evse(1).read().currentA).toEqual([12, 12, 12]);
    await linkUp(s);
    const tx = s.station.transactions.active(1)!.transactionId;
    await toldAtLeast(s, tx, 3);
    expect(told(s, tx)).toEqual(['Started Authorized EVConnected offline', 'Updated ChargingStateChanged SuspendedEVSE offline', 'Updated ChargingStateChanged Charging offline']);
  });
});
