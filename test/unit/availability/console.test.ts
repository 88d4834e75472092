import { afterEach, describe, expect, it } from 'vitest';
import { type Console, openConsole, snapshot } from '../console/harness.js';

let c: Console | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('console: availability and reservations', () => {
  it('`availability` lists the station and each EVSE', async () => {
    c = openConsole();
    const lines = await c.ok('availability');
    expect(lines[0]).toMatch(/^evse\s+availability\s+scheduled\s+status$/);
    expect(lines[1]).toMatch(/^station\s+Operative\s+-$/);
    expect(lines[2]).toMatch(/^1\s+Operative\s+-\s+Available$/);
    expect(lines).toHaveLength(4);
    const json = await c.json('availability');
    expect(json.data).toEqual({
      station: { operational: 'Operative', scheduled: null },
      evses: [
        { evseId: 1, operational: 'Operative', scheduled: null, status: 'Available' },
        { evseId: 2, operational: 'Operative', scheduled: null, status: 'Available' },
      ],
    });
  });

  it('G03 locally: `availability 2 inoperative` makes EVSE 2 Unavailable and is stored; `operative` undoes it', async () => {
    c = openConsole();
    c.station.start();
    expect(await c.ok('availability 2 inoperative')).toEqual(['EVSE 2 Inoperative: Accepted']);
    expect(c.station.connectors.status(2)).toBe('Unavailable');
    expect(c.station.availability.rows.all()).toEqual([{ evse: 2, operational: 0, scheduled: null }]);
    expect((await c.json('availability 2 operative')).data).toEqual({ evseId: 2, operationalStatus: 'Operative', result: 'Accepted' });
    expect(c.station.connectors.status(2)).toBe('Available');
  });

  it('G04 locally: `availability inoperative` and `availability 0 inoperative` are the station', async () => {
    c = openConsole();
    c.station.start();
    expect(await c.ok('availability INOPERATIVE')).toEqual(['station Inoperative: Accepted']);
    expect(c.station.connectors.snapshot().map((e) => e.status)).toEqual(['Unavailable', 'Unavailable']);
    expect(await c.ok('availability 0 operative')).toEqual(['station Operative: Accepted']);
    expect(c.station.connectors.snapshot().map((e) => e.status)).toEqual(['Available', 'Available']);
  });

  it('bad lines answer BAD_ARGUMENT and change nothing', async () => {
    c = openConsole();
    const before = snapshot(c.station);
    expect(await c.err('availability 3 inoperative')).toMatch(/^ERR BAD_ARGUMENT EVSE/);
    expect(await c.err('availability 1 sideways')).toMatch(/^ERR BAD_ARGUMENT unknown availability 'sideways'/);
    expect(await c.err('availability 1 inoperative now')).toMatch(/^ERR BAD_ARGUMENT unexpected 'now'/);
    expect(await c.err('reservations all')).toMatch(/^ERR BAD_ARGUMENT/);
    expect(snapshot(c.station)).toBe(before);
  });

  it('`reservations` with none says so', async () => {
    c = openConsole();
    expect(await c.ok('reservations')).toEqual(['no reservations']);
    expect((await c.json('reservations')).data).toEqual({ reservations: [] });
  });
});
