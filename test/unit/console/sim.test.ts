import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hardware, TokenPresented } from '../../../src/hardware/interfaces.js';
import { SimHardware } from '../../../src/hardware/sim/sim-hardware.js';
import { FakeClock } from '../../../src/station/clock.js';
import { type Console, openConsole } from './harness.js';

describe('console simulation commands', () => {
  let c: Console;
  beforeEach(() => {
    c = openConsole();
  });
  afterEach(() => c.close());

  const evse = (id: number) => c.station.hardware.sim!.evse(id)!;

  it('plug / unplug move the cable and the connector status', async () => {
    expect(await c.ok('plug 1')).toEqual(['EVSE 1 plugged']);
    expect(evse(1).plugged).toBe(true);
    expect(c.station.connectors.status(1)).toBe('Occupied');
    expect((await c.json('unplug 1')).data).toMatchObject({ evseId: 1, plugged: false });
    expect(c.station.connectors.status(1)).toBe('Available');
    expect(await c.err('plug 3')).toBe('ERR BAD_ARGUMENT EVSE must be 1..2, got 3');
    expect(await c.err('plug')).toBe('ERR BAD_ARGUMENT missing argument: plug <evse>');
  });

  it('swipe presents a card; 1..36 characters; a detached reader is BUSY', async () => {
    const seen: TokenPresented[] = [];
    c.station.hardware.nfc.presented.on((t) => seen.push(t));
    expect(await c.ok('swipe A')).toEqual(['card A presented']);
    expect((await c.json(`swipe ${'T'.repeat(36)} 2`)).data).toEqual({ idToken: 'T'.repeat(36), evseId: 2 });
    expect(seen).toEqual([
      { idToken: 'A', type: 'ISO14443', evseId: undefined },
      { idToken: 'T'.repeat(36), type: 'ISO14443', evseId: 2 },
    ]);
    expect(await c.err(`swipe ${'T'.repeat(37)}`)).toBe('ERR BAD_ARGUMENT idToken must be 1..36 characters, got 37');
    expect(await c.ok('nfc detach')).toEqual(['NFC reader detached', 'error: configured (TokenReader.Enabled) but not detected: TokenReader.Problem true']);
    expect(c.station.hardware.nfc.detected).toBe(false);
    expect(await c.err('swipe A')).toBe("ERR BUSY the NFC reader is not detected: 'nfc attach' first");
    expect((await c.json('nfc attach')).data).toEqual({ nfcDetected: true, nfcReader: 'ok' });
    await c.ok('swipe A');
    expect(seen).toHaveLength(3);
  });

  it('ev sets the EV behaviour', async () => {
    await c.ok('ev 1 soc 55');
    await c.ok('ev 1 maxcurrent 16');
    await c.ok('ev 1 phases 1');
    expect((await c.json('ev 1 suspend')).data).toMatchObject({ evseId: 1, soc: 55, maxCurrentA: 16, phases: 1, suspended: true });
    expect(evse(1).evSuspended).toBe(true);
    await c.ok('ev 1 resume');
    expect(evse(1).evSuspended).toBe(false);
    expect(await c.err('ev 1 soc')).toMatch(/^ERR BAD_ARGUMENT missing argument: ev <evse>/);
    expect(await c.err('ev 1 phases 2.5')).toBe("ERR BAD_ARGUMENT EV phases must be a whole number 1..3, got '2.5'");
    expect(await c.err('ev 1 suspend now')).toMatch(/^ERR BAD_ARGUMENT unexpected 'now'/);
    expect([evse(1).evSoc, evse(1).evMaxCurrentA, evse(1).evPhases]).toEqual([55, 16, 1]);
  });

  it('parking, lock and link', async () => {
    expect((await c.json('parking 2 occupied')).data).toMatchObject({ evseId: 2, parkingOccupied: true });
    expect((await c.json('parking 2 FREE')).data).toMatchObject({ evseId: 2, parkingOccupied: false });
    await c.ok('lock fail 1');
    expect(evse(1).lockFails).toBe(true);
    expect(await evse(1).engage()).toBe(false);
    await c.ok('lock ok 1');
    expect(evse(1).lockFails).toBe(false);
    expect(await c.ok('link down')).toEqual(['link down']);
    expect(c.station.linkIsWanted).toBe(false);
    expect((await c.json('status')).data.csms.linkWanted).toBe(false);
    expect((await c.json('link up')).data).toEqual({ linkWanted: true });
    expect(c.station.linkIsWanted).toBe(true);
  });

  it('clock advance moves simulated time', async () => {
    expect(await c.ok('clock advance 90s')).toEqual(['clock advanced 90s to 2026-01-01T00:01:30.000Z']);
    expect((await c.json('clock advance 2h')).data).toEqual({ advancedMs: 7_200_000, time: '2026-01-01T02:01:30.000Z', csmsTimeWins: false });
    expect(await c.err('clock advance later')).toBe("ERR BAD_ARGUMENT 'later' is not a duration: e.g. 500ms, 90s, 15m, 2h, 1d");
    expect(await c.err('clock')).toMatch(/^ERR UNKNOWN_COMMAND/);
  });
});

describe('simulation commands on real hardware', () => {
  it('answer NOT_SIMULATED', async () => {
    const clock = new FakeClock();
    const sim = new SimHardware(clock, 1);
    const real: Hardware = { evses: sim.evses, nfc: sim.nfc };
    const c = openConsole({ clock, hardware: real });
    try {
      expect(await c.err('plug 1')).toBe("ERR NOT_SIMULATED 'plug' drives simulated hardware, this station has real hardware");
      expect((await c.json('clock advance 1s')).error?.code).toBe('NOT_SIMULATED');
      expect(sim.evses[0]!.plugged).toBe(false);
    } finally {
      await c.close();
    }
  });
});
