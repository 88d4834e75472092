/**
 * Load balancing on the P1 smart meter (issue 4, release notes 6.0.0 §4):
 * the budget per phase, its sharing between EVSEs, the safe-current fallback
 * when P1 data stops, and what survives a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setVar } from '../support/tx-helpers.js';
import { acceptedScenario, type Scenario } from '../support/scenario.js';
import { type LbScenario, lbScenario } from '../unit/loadbalancing/lb-scenario.js';
import { p1View } from '../../src/station/console/commands/p1.js';
import { FLUVIUS_3PH, FLUVIUS_TAMPERED } from '../unit/p1/families.js';
import { waitFor } from '../support/wait.js';

let s: LbScenario | undefined;
let plain: Scenario | undefined;
afterEach(async () => {
  await s?.end();
  await plain?.end();
  s = plain = undefined;
});

const logs = (station: LbScenario['station']) => station.log.recent(50).map((l) => `${l.level}:${l.source}:${l.text}`);

describe('load balancing on the P1 smart meter', () => {
  it('load balancing: P1 silent longer than P1SmartMeter.DataTimeout → the EVSEs share the safe current; P1 back → the budget again', async () => {
    s = await lbScenario({ settings: { 'P1SmartMeter.SafeCurrent': 8, 'P1SmartMeter.DataTimeout': 10 } });
    const transactionId = await s.startCharging(1);
    s.household([5, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([20, 20, 20]);

    s.meter.silent = true;
    await s.clock.advance(9_000);
    expect(s.station.loadBalancing.status().state).toBe('p1');
    expect(s.evse(1).offeredA).toBe(20);
    await s.clock.advance(1_000);
    await s.idle();
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'fallback', limitA: 8, limitingCurrentA: 8 });
    expect(s.evse(1).read().currentA).toEqual([8, 8, 8]);
    expect(logs(s.station)).toContain('WARN:loadbalancing:no P1 telegram for 10 s: falling back to the safe current 8 A');
    expect(s.calls('NotifyChargingLimit')).toHaveLength(2);
    expect(s.told(transactionId).at(-1)).toBe('Updated ChargingRateChanged Charging');

    s.meter.silent = false;
    await s.telegrams(1);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'p1', limitA: 20 });
    expect(s.evse(1).read().currentA).toEqual([20, 20, 20]);
    expect(logs(s.station)).toContain('INFO:loadbalancing:P1 telegrams again: balancing on the meter');
  });

  it('load balancing: a tampered e-MUCS telegram (Fluvius L1 000.27 → 080.27 A, CRC dropped) is refused and never reaches the budget', async () => {
    s = await lbScenario();
    s.household([5, 0, 0]);
    await s.telegrams(1);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'p1', limitA: 20 });
    const before = s.station.p1.lastTelegram;
    s.meter.silent = true;
    s.meter.sendRaw(FLUVIUS_TAMPERED);
    await waitFor(() => s!.station.p1.crcBad === 1, 'tampered telegram seen');
    await s.idle();
    expect(s.station.p1.lastBadReason).toBe('telegram without CRC (e-MUCS 1.7)');
    expect(s.station.p1.lastTelegram).toBe(before);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'p1', limitA: 20 });

    // the same meter's genuine telegram is read, and p1 shows its e-MUCS version
    s.meter.sendRaw(FLUVIUS_3PH);
    await waitFor(() => s!.station.p1.lastTelegram?.protocol === 'e-MUCS 1.7', 'genuine Fluvius telegram');
    expect(p1View(s.station)).toMatchObject({ protocol: 'e-MUCS 1.7', dsmrVersion: '5.0.2', emucsVersion: '1.7', currentA: [0.27, 0, 0], crcBad: 1 });
  });

  it('load balancing: only corrupt telegrams count as silence too', async () => {
    s = await lbScenario({ settings: { 'P1SmartMeter.SafeCurrent': 4, 'P1SmartMeter.DataTimeout': 10 } });
    s.household([5, 0, 0]);
    await s.telegrams(1);
    s.meter.corruptNext(11);
    for (let i = 0; i < 10; i++) await s.clock.advance(1_000);
    await s.idle();
    expect(s.station.p1.crcBad).toBeGreaterThanOrEqual(9);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'fallback', limitA: 4 });
  });

  it('load balancing: two EVSEs with transactions share the budget; one ending gives its part to the other', async () => {
    s = await lbScenario();
    s.household([5, 0, 0]); // 20 A for the EVSEs
    await s.telegrams(1);
    await s.startCharging(1);
    expect(s.evse(1).read().currentA).toEqual([20, 20, 20]);
    expect(s.station.smartCharging.limitA(2)).toBe(10); // what EVSE 2 would get if it started now
    await s.startCharging(2);
    expect(s.evse(1).read().currentA).toEqual([10, 10, 10]);
    expect(s.evse(2).read().currentA).toEqual([10, 10, 10]);

    s.household([15, 0, 0]); // 10 A left
    await s.telegrams(1);
    expect(s.evse(1).read().currentA).toEqual([5, 5, 5]);
    expect(s.evse(2).read().currentA).toEqual([5, 5, 5]);

    s.evse(1).unplug();
    await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Ended');
    await s.idle();
    expect(s.evse(2).read().currentA).toEqual([10, 10, 10]);
    // never more than the budget in sum on any phase
    const own = s.station.loadBalancing.ownDrawA();
    expect(own[0] + 15).toBeLessThanOrEqual(25);
  });

  it('load balancing: the limit in force survives a restart (nothing told again) and holds until P1 decides', async () => {
    s = await lbScenario();
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
    s.meter.silent = true;
    await s.station.restart('LocalReset');
    await s.csms.waitForCall('BootNotification', (p) => p.reason === 'LocalReset');
    await s.idle();
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'waiting', limitA: 15 });
    expect(s.station.smartCharging.limitA(1)).toBe(15);
    expect(s.station.model.getNumber('P1SmartMeter.LimitingCurrent')).toBe(15);
    s.meter.silent = false;
    await s.telegrams(2);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'p1', limitA: 15 });
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1);
  });

  it('load balancing: off by default — P1 data alone limits nothing and tells the CSMS nothing', async () => {
    s = await lbScenario({ off: true });
    s.household([24, 24, 24]);
    await s.telegrams(3);
    expect(s.station.loadBalancing.status()).toMatchObject({ state: 'off', limitA: null, config: { enabled: false } });
    expect(s.station.loadBalancing.status().reading?.budgetA).toEqual([1, 1, 1]); // computed for the technician all the same
    expect(s.evse(1).offeredA).toBe(32);
    expect(s.calls('NotifyChargingLimit')).toEqual([]);
    expect(s.station.smartCharging.profiles.all()).toEqual([]);
  });

  it('load balancing: switched on with P1 not configured → the safe current after the timeout (DataTimeout, default 30 s)', async () => {
    plain = await acceptedScenario();
    setVar(plain, 'P1SmartMeter.SafeCurrent', '10');
    setVar(plain, 'P1SmartMeter.LoadBalancingEnabled', 'true');
    expect(plain.station.loadBalancing.status().state).toBe('waiting');
    await plain.clock.advance(29_999);
    expect(plain.station.smartCharging.limitA(1)).toBe(32);
    await plain.clock.advance(1);
    await plain.csms.waitForCall('NotifyChargingLimit');
    expect(plain.station.loadBalancing.status()).toMatchObject({ state: 'fallback', limitA: 10 });
    expect(plain.station.smartCharging.limitA(1)).toBe(10);
  });

  it('load balancing: the profile erased underneath (cperase) is installed again at the next telegram', async () => {
    s = await lbScenario();
    s.household([10, 0, 0]);
    await s.telegrams(1);
    s.station.smartCharging.eraseAll();
    expect(s.evse(1).offeredA).toBe(32);
    await s.telegrams(1);
    expect(s.evse(1).offeredA).toBe(15);
    expect(s.station.loadBalancing.status().limitA).toBe(15);
    expect(s.calls('NotifyChargingLimit')).toHaveLength(1); // the CSMS knew this limit already
  });

  it('load balancing: a new P1SmartMeter.MaxCurrent applies to the last reading at once', async () => {
    s = await lbScenario();
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).offeredA).toBe(15);
    s.set('P1SmartMeter.MaxCurrent', 35);
    expect(s.evse(1).offeredA).toBe(25);
    s.set('P1SmartMeter.MaxCurrent', 12);
    expect(s.evse(1).offeredA).toBe(2);
  });

  it('load balancing: the fuse stays protected with smart charging disabled (SmartChargingCtrlr.Enabled false drops only the CSMS profiles)', async () => {
    s = await lbScenario();
    s.set('SmartChargingCtrlr.Enabled', false);
    s.household([10, 0, 0]);
    await s.telegrams(1);
    expect(s.evse(1).offeredA).toBe(15);
  });
});
