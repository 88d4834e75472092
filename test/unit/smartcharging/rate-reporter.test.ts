/**
 * K02: which limit changes the rate reporter tells the transaction block
 * (and with which triggerReason). The reporter alone, on a fake host and a
 * stand-in transaction block; the wire effect (Updated ChargingRateChanged)
 * is proven by the K02 and K04 scenario tests.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { ChargingRateReporter } from '../../../src/station/smartcharging/rate-reporter.js';
import { FakeTransactions } from './fake-transactions.js';

function reporter(significance = 10) {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const tx = new FakeTransactions(clock);
  const replies: Array<() => void> = [];
  const host = { model: { getNumber: (key: string) => (key === 'SmartChargingCtrlr.LimitChangeSignificance' ? significance : 0) }, afterReply: (fn: () => void) => void replies.push(fn) };
  const r = new ChargingRateReporter(host, () => tx);
  /** A limit change evaluated, then the reply to the CALL that caused it goes out. */
  const limit = (evseId: number, limitA: number) => {
    r.limitChanged({ evseId, limitA, phases: 3 });
    for (const fn of replies.splice(0)) fn();
  };
  const begin = (evseId: number, transactionId: string, limitA: number) => {
    const summary = tx.begin(evseId, transactionId);
    r.started(evseId, transactionId, limitA);
    return summary;
  };
  return { tx, limit, begin };
}

describe('K02 limit changes told to the transaction block (the rate reporter alone)', () => {
  it('K02: more than LimitChangeSignificance (10 %) → ChargingRateChanged, measured from the limit last told', () => {
    const t = reporter();
    t.begin(1, 'TX1', 32);
    t.limit(1, 20);
    t.limit(1, 19);
    t.limit(1, 18.1);
    expect(t.tx.refreshed).toEqual([{ evseId: 1, triggerReason: 'ChargingRateChanged' }]);
    t.limit(1, 17.9); // 10.5 % below the 20 A last told
    expect(t.tx.refreshed).toEqual([
      { evseId: 1, triggerReason: 'ChargingRateChanged' },
      { evseId: 1, triggerReason: 'ChargingRateChanged' },
    ]);
  });

  it('K02: to or from 0 A → ChargingStateChanged (the chargingState changes, SuspendedEVSE)', () => {
    const t = reporter();
    t.begin(2, 'TX2', 32);
    t.limit(2, 0);
    t.limit(2, 0.5);
    expect(t.tx.refreshed).toEqual([
      { evseId: 2, triggerReason: 'ChargingStateChanged' },
      { evseId: 2, triggerReason: 'ChargingStateChanged' },
    ]);
  });

  it('K02: LimitChangeSignificance from the device model (50 %: a 40 % step is not told)', () => {
    const t = reporter(50);
    t.begin(1, 'TX1', 32);
    t.limit(1, 19.2);
    expect(t.tx.refreshed).toEqual([]);
    t.limit(1, 15);
    expect(t.tx.refreshed).toEqual([{ evseId: 1, triggerReason: 'ChargingRateChanged' }]);
  });

  it('K02: no rate to change while no energy flows (SuspendedEV): nothing told, and the new limit is the one later changes count from', () => {
    const t = reporter();
    const summary = t.begin(1, 'TX1', 32);
    summary.chargingState = 'SuspendedEV';
    t.limit(1, 10);
    expect(t.tx.refreshed).toEqual([]);
    summary.chargingState = 'Charging';
    t.limit(1, 10.5);
    expect(t.tx.refreshed).toEqual([]);
  });

  it('K02: without a transaction on the EVSE, and at a transaction start (nothing to compare with yet), nothing is told', () => {
    const t = reporter();
    t.limit(1, 10);
    t.tx.begin(1, 'TX1'); // the start evaluates the limit before the reporter heard of it
    t.limit(1, 16);
    t.tx.finish(1);
    t.limit(1, 32);
    expect(t.tx.refreshed).toEqual([]);
  });
});
