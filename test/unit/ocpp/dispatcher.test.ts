import { describe, expect, it } from 'vitest';
import { Dispatcher, NO_ANSWER } from '../../../src/station/ocpp/dispatcher.js';
import type { RegistrationStatus } from '../../../src/station/ocpp/registration-gate.js';
import { Station } from '../../../src/station/station.js';

describe('Dispatcher', () => {
  it('a second registration of an action fails at construction, naming the action', () => {
    const d = new Dispatcher({ registration: () => 'Accepted' });
    d.register('Reset', () => ({ status: 'Accepted' }));
    expect(() => d.register('Reset', () => ({ status: 'Rejected' }))).toThrow(/Reset is registered twice/);
  });

  it('every block of a real station registers its actions once (a station opens)', () => {
    const station = Station.open({ id: 'CS-D' });
    expect(station.actions.actions()).toContain('GetVariables');
    return station.stop();
  });

  it('routes by registration state: Accepted dispatches, Pending refuses what the table does not allow, Rejected does not answer', async () => {
    let status: RegistrationStatus = 'Pending';
    const gated: string[] = [];
    const d = new Dispatcher({ registration: () => status, gated: (a, o) => gated.push(`${a} ${o}`) });
    d.register('ClearCache', () => ({ status: 'Accepted' }));
    expect(() => d.dispatch('2.0.1', 'ClearCache', {})).toThrow(/SecurityError/);
    status = 'Rejected';
    expect(d.dispatch('2.0.1', 'ClearCache', {})).toBe(NO_ANSWER);
    status = 'Accepted';
    expect(await d.dispatch('2.0.1', 'ClearCache', {})).toEqual({ status: 'Accepted' });
    expect(gated).toEqual(['ClearCache refuse while Pending (B02.FR.09)', 'ClearCache ignore while Rejected (B03.FR.02)']);
  });
});
