/**
 * B11/B12 Reset, the block alone on a fake host (house style: a block's
 * unit test builds it without a station).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import type { StationEvent } from '../../../src/station/events.js';
import { Listeners } from '../../../src/station/listeners.js';
import { Logger } from '../../../src/station/log.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import type { CallHandler } from '../../../src/station/ocpp/dispatcher.js';
import { ResetBlock, type ResetHost } from '../../../src/station/provisioning/reset.js';
import type { BootReason } from '../../../src/station/provisioning/types.js';
import { Store } from '../../../src/station/store/store.js';
import type { StoppedReason, TransactionSummary } from '../../../src/station/transactions/types.js';

function resetHost(ongoing: TransactionSummary[] = []) {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const store = Store.open(':memory:');
  const handlers = new Map<string, CallHandler>();
  const later: Array<() => void> = [];
  const restarts: BootReason[] = [];
  const stopped: Array<[number, StoppedReason]> = [];
  const ended = new Listeners<TransactionSummary>();
  const host: ResetHost = {
    actions: { register: (action, fn) => void handlers.set(action, fn) },
    afterReply: (fn) => void later.push(fn),
    events: new Listeners<StationEvent>(),
    log: new Logger(store, clock),
    model: new DeviceModel(store, { evseCount: 2, clock }),
    transactions: {
      ongoing: () => ongoing,
      ended,
      stop: async (evseId, reason) => {
        stopped.push([evseId, reason]);
        ongoing = ongoing.filter((t) => t.evseId !== evseId);
      },
      whenDelivered: async () => undefined,
    },
    restart: async (reason) => void restarts.push(reason),
  };
  new ResetBlock(host);
  const reset = async (payload: object) => {
    const answer = await handlers.get('Reset')!(payload);
    for (const fn of later.splice(0)) fn();
    await Promise.resolve();
    return answer;
  };
  /** A transaction ends; what the block deferred to "after the reply" runs. */
  const end = (t: TransactionSummary) => {
    ongoing = ongoing.filter((o) => o !== t);
    ended.emit(t);
    for (const fn of later.splice(0)) fn();
  };
  return { reset, restarts, stopped, end };
}

const tx = (evseId: number): TransactionSummary => ({ transactionId: `TX${evseId}`, evseId, connectorId: 1, startedAt: 0, chargingState: 'Charging', nextSeqNo: 1, energyWh: 0 });

describe('ResetBlock alone', () => {
  it('B11: without a transaction Immediate and OnIdle are Accepted and the station restarts after the reply (RemoteReset)', async () => {
    const h = resetHost();
    expect(await h.reset({ type: 'Immediate' })).toEqual({ status: 'Accepted' });
    expect(h.restarts).toEqual(['RemoteReset']);
  });

  it('B12: OnIdle during a transaction is Scheduled; the restart follows when the last transaction ended', async () => {
    const t = tx(1);
    const h = resetHost([t]);
    expect(await h.reset({ type: 'OnIdle' })).toEqual({ status: 'Scheduled' });
    expect(h.restarts).toEqual([]);
    h.end(t);
    expect(h.restarts).toEqual(['RemoteReset']);
  });

  it('B12: Immediate during transactions ends them (ImmediateReset), then restarts', async () => {
    const h = resetHost([tx(1), tx(2)]);
    expect(await h.reset({ type: 'Immediate' })).toEqual({ status: 'Accepted' });
    await new Promise((r) => setImmediate(r));
    expect(h.stopped).toEqual([
      [1, 'ImmediateReset'],
      [2, 'ImmediateReset'],
    ]);
    expect(h.restarts).toEqual(['RemoteReset']);
  });

  it('B11.FR: resetting one EVSE is Rejected (NG9xx resets as a whole), nothing restarts', async () => {
    const h = resetHost();
    expect(await h.reset({ type: 'Immediate', evseId: 1 })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest' } });
    expect(h.restarts).toEqual([]);
  });
});
