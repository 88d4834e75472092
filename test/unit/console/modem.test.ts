import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hardware } from '../../../src/hardware/interfaces.js';
import { SimHardware } from '../../../src/hardware/sim/sim-hardware.js';
import { FakeClock } from '../../../src/station/clock.js';
import { type Console, openConsole } from './harness.js';

describe('console modem (CONSOLE.md: mobile modem: SIM, registration, power state (Wireless0))', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  it('modem shows power, SIM, registration, APN, ICCID / IMSI', async () => {
    const text = await c.ok('modem');
    expect(text[0]).toMatch(/^modem\s+off: not used yet$/);
    expect(text).toContainEqual(expect.stringMatching(/^power\s+off$/));
    expect((await c.json('modem')).data).toMatchObject({ present: true, phase: 'off', power: 'off', registration: 'notRegistered', iccid: null, imsi: null });
    expect(await c.err('modem now')).toMatch(/^ERR BAD_ARGUMENT/);
  });

  it('simulation: modem sim missing|ok|pin <code>, modem registration deny|ok', async () => {
    const modem = c.station.hardware.sim!.modem;
    expect(await c.ok('modem sim pin 1234')).toEqual(['SIM card in, PIN 1234', 'the modem reads it at its next start']);
    expect(modem.card).toMatchObject({ inserted: true, pin: '1234', triesLeft: 3 });
    expect(await c.err('modem sim pin 12')).toBe("ERR BAD_ARGUMENT a SIM PIN is 4 to 8 digits, got '12'");
    expect(await c.err('modem sim pin')).toMatch(/^ERR BAD_ARGUMENT/);
    expect((await c.json('modem sim missing')).data).toEqual({ inserted: false, pin: null });
    expect(await c.ok('modem sim ok')).toEqual(['SIM card in, no PIN lock', 'the modem reads it at its next start']);
    expect(await c.ok('modem registration deny')).toEqual(['mobile network denies registrations']);
    expect(modem.networkAnswer).toBe('denied');
    expect(await c.ok('modem registration ok')).toEqual(['mobile network accepts registrations']);
    expect(await c.err('modem registration maybe')).toMatch(/^ERR BAD_ARGUMENT/);
  });
});

describe('modem on a charger without one', () => {
  it('modem says so; the modem simulation commands answer NOT_SIMULATED on real hardware', async () => {
    const clock = new FakeClock();
    const sim = new SimHardware(clock, 1);
    const real: Hardware = { evses: sim.evses, nfc: sim.nfc };
    const c = openConsole({ clock, hardware: real });
    try {
      expect(await c.ok('modem')).toEqual(['no mobile modem fitted: Wireless0 profiles cannot connect']);
      expect((await c.json('modem sim missing')).error?.code).toBe('NOT_SIMULATED');
    } finally {
      await c.close();
    }
  });
});
