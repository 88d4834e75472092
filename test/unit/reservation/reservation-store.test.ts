import { afterEach, describe, expect, it } from 'vitest';
import { ReservationStore } from '../../../src/station/reservation/reservation-store.js';
import { Store } from '../../../src/station/store/store.js';

let store: Store | undefined;
afterEach(() => {
  store?.close();
  store = undefined;
});

const ALICE = { idToken: 'ALICE001', type: 'ISO14443' } as const;

describe('reservation store (H01, H04)', () => {
  it('keeps id tokens, group and EVSE as given; the same id replaces', () => {
    store = Store.open(':memory:');
    const r = new ReservationStore(store);
    r.put({ id: 2, idToken: ALICE, expiresAt: 1_000 });
    r.put({ id: 1, evseId: 2, connectorType: 'sType2', idToken: ALICE, groupIdToken: { idToken: 'G', type: 'Central' }, expiresAt: 2_000 });
    expect(r.active().map((x) => x.id)).toEqual([1, 2]);
    expect(new ReservationStore(store).get(1)).toEqual({ id: 1, evseId: 2, connectorType: 'sType2', idToken: ALICE, groupIdToken: { idToken: 'G', type: 'Central' }, expiresAt: 2_000 });
    expect(r.get(2)).toEqual({ id: 2, idToken: ALICE, expiresAt: 1_000 });
    r.put({ id: 2, evseId: 1, idToken: ALICE, expiresAt: 3_000 });
    expect(r.active()).toHaveLength(2);
    expect(r.get(2)).toMatchObject({ evseId: 1, expiresAt: 3_000 });
  });

  it('an ended reservation is no longer active but stays until told; delete only touches active ones', () => {
    store = Store.open(':memory:');
    const r = new ReservationStore(store);
    r.put({ id: 5, idToken: ALICE, expiresAt: 1_000 });
    r.put({ id: 6, idToken: ALICE, expiresAt: 1_000 });
    r.end(5, 'Expired');
    r.end(5, 'Removed'); // already ended: unchanged
    expect(r.active().map((x) => x.id)).toEqual([6]);
    expect(r.nextUntold()).toEqual({ id: 5, ended: 'Expired' });
    r.delete(5);
    expect(r.nextUntold()).toEqual({ id: 5, ended: 'Expired' });
    r.told(6); // active: not touched
    expect(r.get(6)).toBeDefined();
    r.told(5);
    expect(r.nextUntold()).toBeUndefined();
  });
});
