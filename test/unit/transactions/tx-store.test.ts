import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/station/store/store.js';
import { TransactionStore } from '../../../src/station/transactions/tx-store.js';

let store: Store | undefined;
afterEach(() => store?.close());

const progress = { chargingState: 'EVConnected' as const, energyWh: 0, timeSpentChargingSec: 0 };

function open(): TransactionStore {
  store = Store.open(':memory:');
  return new TransactionStore(store);
}

describe('TransactionStore: an event and its seqNo land together', () => {
  it('create writes the transaction and its Started (seqNo 0); append continues 1, 2 and moves next_seq_no', () => {
    const tx = open();
    tx.create({ id: 'T1', evseId: 1, connectorId: 1, startedAt: 1000, meterStartWh: 5 }, progress, { payload: { seqNo: 0 }, now: 1000 });
    tx.append('T1', 1, progress, { payload: { seqNo: 1 }, now: 2000 });
    tx.append('T1', 2, { ...progress, ended: { at: 3000, stoppedReason: 'Local' } }, { payload: { seqNo: 2 }, now: 3000 });
    expect(tx.queued().map((e) => [e.transactionId, e.seqNo, e.payload.seqNo])).toEqual([
      ['T1', 0, 0],
      ['T1', 1, 1],
      ['T1', 2, 2],
    ]);
    expect(tx.get('T1')).toMatchObject({ nextSeqNo: 3, endedAt: 3000, stoppedReason: 'Local', meterStartWh: 5 });
    expect(tx.open()).toEqual([]);
  });

  it('a seqNo that is not the next one (a gap or a repeat) is refused and nothing is written', () => {
    const tx = open();
    tx.create({ id: 'T1', evseId: 1, connectorId: 1, startedAt: 1000, meterStartWh: 0 }, progress, { payload: {}, now: 1000 });
    expect(() => tx.append('T1', 0, progress, { payload: {}, now: 1 })).toThrow(/not the next one/);
    expect(() => tx.append('T1', 2, progress, { payload: {}, now: 1 })).toThrow(/not the next one/);
    expect(tx.queuedCount()).toBe(1);
    expect(tx.get('T1')!.nextSeqNo).toBe(1);
  });

  it('attempts are counted per message; delete removes only that one; counts per transaction', () => {
    const tx = open();
    tx.create({ id: 'T1', evseId: 1, connectorId: 1, startedAt: 1, meterStartWh: 0 }, progress, { payload: {}, now: 1 });
    tx.create({ id: 'T2', evseId: 2, connectorId: 1, startedAt: 2, meterStartWh: 0 }, progress, { payload: {}, now: 2 });
    const head = tx.head()!;
    expect(head.transactionId).toBe('T1');
    expect(tx.countAttempt(head.id)).toBe(1);
    expect(tx.countAttempt(head.id)).toBe(2);
    tx.delete(head.id);
    expect(tx.queuedCount('T1')).toBe(0);
    expect(tx.queuedCount('T2')).toBe(1);
    expect(tx.head()!.transactionId).toBe('T2');
  });
});
