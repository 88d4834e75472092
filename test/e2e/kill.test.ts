/**
 * Durability under SIGKILL (issue 3): a real `ng9 console` station process
 * runs full charging sessions — plug, authorize, charge, periodic meter
 * values, stop, unplug — and is killed at random points, then restarted on
 * the same state dir. The strict fake CSMS must see, per transaction, seqNo
 * 0..n without a gap, exactly one Started and one Ended, and no duplicate
 * other than an identical re-send of a message whose CALLRESULT the killed
 * process never read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { ConsoleProcess } from './console-process.js';
import { cleanupTemps, ensureBuilt, tempDir } from './helpers.js';

const TRIALS = Number(process.env.NG9_KILL_TRIALS ?? 50);
const SEED = Number(process.env.NG9_KILL_SEED ?? Date.now() % 1_000_000);

/** A small deterministic generator, so a failing run can be repeated with NG9_KILL_SEED. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SESSION = ['plug 1', 'swipe KILLTAG 1', 'clock advance 15s', 'clock advance 15s', 'swipe KILLTAG 1', 'unplug 1'];

let csms: FakeCsms;
beforeAll(async () => {
  ensureBuilt();
  csms = await startFakeCsms();
});
afterAll(async () => {
  await csms?.close();
  cleanupTemps();
});

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Wait until the station is accepted and has delivered every queued message and ended every open transaction. */
async function drained(c: ConsoleProcess): Promise<void> {
  await until('BootNotification Accepted', async () => (await c.send('status')).data?.registration === 'Accepted');
  await until('queue empty and no open transaction', async () => {
    const queue = await c.send('queue');
    const tx = await c.send('tx');
    return queue.data?.queue?.length === 0 && !tx.data?.transactions?.some((t: { state: string }) => t.state === 'open');
  });
}

describe('durability: SIGKILL at random points of a charging session', () => {
  it(`loses no TransactionEvent and leaves no seqNo gap over ${TRIALS} kills (seed ${SEED})`, async () => {
    const rnd = random(SEED);
    const dir = tempDir('ng9-kill-');
    const args = ['--state', dir, '--id', 'KILL-1', '--csms', csms.url];
    let kills = 0;
    /** Every transaction the station itself knows of, seen after each restart (each trial starts at most one). */
    const stationTx = new Set<string>();
    const remember = async (c: ConsoleProcess) => {
      for (const t of (await c.send('tx')).data?.transactions ?? []) stationTx.add(t.transactionId);
    };
    for (let trial = 0; trial < TRIALS; trial++) {
      const c = await ConsoleProcess.start(args);
      await drained(c);
      await remember(c);
      if (trial === 0) expect((await c.send('config set SampledDataCtrlr.TxUpdatedInterval 10')).ok).toBe(true);
      const killAfter = Math.floor(rnd() * (SESSION.length + 1));
      for (const line of SESSION.slice(0, killAfter)) {
        const reply = await c.send(line);
        expect(reply.ok, `${line}: ${JSON.stringify(reply)}`).toBe(true);
      }
      // Kill mid-flight: right away, or after the station had a moment to write and send.
      const delay = Math.floor(rnd() * 40);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      await c.kill();
      kills++;
    }
    const last = await ConsoleProcess.start(args);
    await drained(last);
    await remember(last);
    const events = csms.callsOf('TransactionEvent');
    // Loss: events the station wrote (its seqNo counter per transaction) that never reached the CSMS.
    const received = new Map<string, Set<number>>();
    for (const e of events) received.set(e.transactionInfo.transactionId, (received.get(e.transactionInfo.transactionId) ?? new Set()).add(e.seqNo));
    let written = 0;
    let lost = 0;
    for (const txId of new Set([...stationTx, ...received.keys()])) {
      const reply = await last.send(`tx ${txId}`);
      expect(reply.ok, `the station knows transaction ${txId}`).toBe(true);
      const count = reply.data.transaction.seqNo + 1;
      written += count;
      lost += count - (received.get(txId)?.size ?? 0);
    }
    await last.close();

    const byTx = new Map<string, any[]>();
    for (const e of events) {
      const list = byTx.get(e.transactionInfo.transactionId) ?? [];
      list.push(e);
      byTx.set(e.transactionInfo.transactionId, list);
    }
    let duplicates = 0;
    let gaps = 0;
    const stoppedReasons = new Map<string, number>();
    for (const [txId, list] of byTx) {
      const bySeq = new Map<number, any>();
      for (const e of list) {
        const seen = bySeq.get(e.seqNo);
        if (seen) {
          duplicates++;
          expect(e, `${txId} seqNo ${e.seqNo} re-sent with a different payload`).toEqual(seen);
        } else bySeq.set(e.seqNo, e);
      }
      const seqNos = [...bySeq.keys()].sort((a, b) => a - b);
      const max = seqNos[seqNos.length - 1]!;
      if (seqNos.length !== max + 1) gaps++;
      expect(seqNos, `${txId} seqNos`).toEqual([...Array(max + 1).keys()]);
      const unique = [...bySeq.values()];
      expect(unique.filter((e) => e.eventType === 'Started').map((e) => e.seqNo), `${txId} Started`).toEqual([0]);
      const ended = unique.filter((e) => e.eventType === 'Ended');
      expect(ended.map((e) => e.seqNo), `${txId} Ended is the last event`).toEqual([max]);
      const reason = ended[0].transactionInfo.stoppedReason ?? 'Local';
      stoppedReasons.set(reason, (stoppedReasons.get(reason) ?? 0) + 1);
    }
    csms.assertNoViolations();
    console.log(
      `kill test (seed ${SEED}): ${kills} SIGKILLs, ${byTx.size} transactions, ${events.length} TransactionEvents received, ` +
        `${duplicates} identical re-sends, ${gaps} gaps; the station wrote ${written} events, ${lost} of them never reached the CSMS; ` +
        `stopped reasons ${JSON.stringify(Object.fromEntries(stoppedReasons))}`,
    );
    expect(lost).toBe(0);
    expect(written).toBe(received.size === 0 ? 0 : [...received.values()].reduce((n, s) => n + s.size, 0));
    expect(kills).toBe(TRIALS);
    expect(byTx.size).toBeGreaterThan(TRIALS / 4);
  }, 600_000);
});
