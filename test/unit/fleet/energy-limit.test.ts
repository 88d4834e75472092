import { describe, expect, it } from 'vitest';
import { SimEvse } from '../../../src/hardware/sim/sim-evse.js';
import { FakeClock } from '../../../src/station/clock.js';
import { ENERGY_CHECK_IDLE_MS, ENERGY_CHECK_MAX_MS, EnergyLimit } from '../../../src/fleet/energy-limit.js';

/** An EV plugged into a 3 × 16 A EVSE, the contactor closed: 11,040 W. */
async function charging(clock: FakeClock): Promise<SimEvse> {
  const evse = new SimEvse(1, clock, 3, 16);
  evse.plug();
  await evse.close();
  return evse;
}

describe('a session energy limit on a simulated EV', () => {
  it('the EV stops drawing (suspends itself) once the energy is delivered, not before', async () => {
    const clock = new FakeClock();
    const evse = await charging(clock);
    await clock.advance(60_000); // 184 Wh before the limit: not counted
    const limit = new EnergyLimit(evse, 1000, clock); // 1 kWh at 11,040 W: 326.1 s
    await clock.advance(320_000);
    expect(evse.evSuspended).toBe(false);
    expect(evse.read().powerW).toBe(11_040);
    expect(limit.reached).toBe(false);
    await clock.advance(10_000);
    expect(limit.reached).toBe(true);
    expect(evse.evSuspended).toBe(true);
    expect(evse.evReady).toBe(false);
    expect(evse.read().powerW).toBe(0);
    expect(limit.delivered()).toBeGreaterThanOrEqual(1000);
    expect(limit.delivered()).toBeLessThan(1000.01);
    const at = evse.read().energyWh;
    await clock.advance(600_000);
    expect(evse.read().energyWh).toBe(at);
  });

  it('follows the power as it changes (a lower offer: later), reading at least every minute', async () => {
    const clock = new FakeClock();
    const evse = await charging(clock);
    const limit = new EnergyLimit(evse, 500, clock); // due at 163 s at 11,040 W
    await clock.advance(ENERGY_CHECK_MAX_MS);
    evse.offer(8); // half the power from here: 316 Wh left takes 206 s more
    await clock.advance(163_000 - ENERGY_CHECK_MAX_MS);
    expect(limit.reached).toBe(false);
    await clock.advance(60_000 + 206_000 - 163_000 + 1000);
    expect(limit.reached).toBe(true);
    expect(limit.delivered()).toBeGreaterThanOrEqual(500);
    expect(limit.delivered()).toBeLessThan(500.01);
  });

  it('an EV that draws nothing yet (contactor open) is read again every few seconds until it charges', async () => {
    const clock = new FakeClock();
    const evse = new SimEvse(1, clock, 1, 16); // 3,680 W
    evse.plug();
    const limit = new EnergyLimit(evse, 100, clock);
    await clock.advance(5 * ENERGY_CHECK_IDLE_MS);
    expect(limit.delivered()).toBe(0);
    await evse.close(); // (1 pending check)
    expect(clock.pending).toBe(1);
    await clock.advance(ENERGY_CHECK_IDLE_MS + 98_000); // 100 Wh at 3,680 W: 97.8 s
    expect(limit.reached).toBe(true);
    expect(limit.delivered()).toBeLessThan(100.01);
  });

  it('recheck (the charging state changed): the meter is read at once, the target timed from the new power', async () => {
    const clock = new FakeClock();
    const evse = new SimEvse(1, clock, 1, 16); // 3,680 W
    evse.plug();
    const limit = new EnergyLimit(evse, 10, clock); // 10 Wh at 3,680 W: 9.8 s
    await clock.advance(1000);
    await evse.close();
    limit.recheck();
    await clock.advance(9_700);
    expect(limit.reached).toBe(false);
    await clock.advance(200);
    expect(limit.reached).toBe(true);
    expect(evse.evSuspended).toBe(true);
    limit.recheck(); // (reached: nothing more)
    expect(clock.pending).toBe(0);
  });

  it('leave (unplugged): no more readings; an EV that had suspended itself is ready again for the next session', async () => {
    const clock = new FakeClock();
    const evse = await charging(clock);
    const limit = new EnergyLimit(evse, 10, clock);
    await clock.advance(10_000);
    expect(evse.evSuspended).toBe(true);
    evse.unplug();
    limit.leave();
    expect(evse.evSuspended).toBe(false);
    expect(clock.pending).toBe(0);
  });

  it('stop (the fleet stops): no more readings, the EV left as it is (no charging-state change on the way out)', async () => {
    const clock = new FakeClock();
    const evse = await charging(clock);
    const reached = new EnergyLimit(evse, 10, clock);
    await clock.advance(10_000);
    const changes: boolean[] = [];
    evse.evReadyChanged.on((ready) => changes.push(ready));
    reached.stop();
    expect(evse.evSuspended).toBe(true);
    expect(changes).toEqual([]);
    const early = new EnergyLimit(evse, 10, clock);
    early.stop();
    expect(clock.pending).toBe(0);
  });
});
