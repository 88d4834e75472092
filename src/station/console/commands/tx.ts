import type { Station } from '../../station.js';
import type { OutboxEntry, TransactionRecord } from '../../transactions/types.js';
import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, dash, energyText, expectArgs, expectConfirm, intInRange, keyword } from './args.js';

/** One transaction in `tx` (JSON data). */
export interface TransactionView {
  transactionId: string;
  evseId: number;
  connectorId: number;
  state: 'open' | 'ended';
  chargingState: string;
  /** seqNo of the last event written (-1: none yet). */
  seqNo: number;
  nextSeqNo: number;
  energyWh: number;
  timeSpentChargingSec: number;
  startedAt: string;
  endedAt: string | null;
  stoppedReason: string | null;
  idToken: string | null;
  remoteStartId: number | null;
  reservationId: number | null;
  /** Its events still waiting for the CSMS. */
  queued: number;
}

/** One outbox message in `queue` (JSON data). */
export interface QueueView {
  id: number;
  action: string;
  transactionId: string | null;
  seqNo: number | null;
  eventType: string | null;
  attempts: number;
  ageSec: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function txView(station: Station, r: TransactionRecord): TransactionView {
  return {
    transactionId: r.transactionId,
    evseId: r.evseId,
    connectorId: r.connectorId,
    state: r.endedAt === undefined ? 'open' : 'ended',
    chargingState: r.chargingState,
    seqNo: r.nextSeqNo - 1,
    nextSeqNo: r.nextSeqNo,
    energyWh: r.energyWh,
    timeSpentChargingSec: r.timeSpentChargingSec,
    startedAt: iso(r.startedAt),
    endedAt: r.endedAt === undefined ? null : iso(r.endedAt),
    stoppedReason: r.stoppedReason ?? null,
    idToken: r.idToken?.idToken ?? null,
    remoteStartId: r.remoteStartId ?? null,
    reservationId: r.reservationId ?? null,
    queued: station.transactions.queuedCount(r.transactionId),
  };
}

function queueView(station: Station, e: OutboxEntry): QueueView {
  return {
    id: e.id,
    action: e.action,
    transactionId: e.transactionId ?? null,
    seqNo: e.seqNo ?? null,
    eventType: typeof e.payload?.eventType === 'string' ? e.payload.eventType : null,
    attempts: e.attempts,
    ageSec: Math.max(0, Math.round((station.clock.now() - e.createdAt) / 1000)),
  };
}

const TX_USAGE = 'tx [transactionId]';

const tx: Command = {
  words: ['tx'],
  usage: TX_USAGE,
  summary: 'open and recent transactions: id, EVSE, state, seqNo, energy, start, stop reason',
  run({ station, args }) {
    expectArgs(args, 0, 1, TX_USAGE);
    if (args.length === 1) {
      const r = station.transactions.record(args[0]!);
      if (!r) throw badArgument(`no transaction '${args[0]}': type 'tx' for the list`);
      const v = txView(station, r);
      const text = columns([
        ['transaction', v.transactionId],
        ['evse', `${v.evseId}/${v.connectorId}`],
        ['state', v.state === 'open' ? `open ${v.chargingState}` : 'ended'],
        ['seqNo', v.seqNo],
        ['energy', energyText(v.energyWh)],
        ['charging', `${v.timeSpentChargingSec} s`],
        ['idToken', dash(v.idToken)],
        ['started', v.startedAt],
        ['ended', dash(v.endedAt)],
        ['stop reason', dash(v.stoppedReason)],
        ['remoteStartId', dash(v.remoteStartId)],
        ['reservationId', dash(v.reservationId)],
        ['queued', v.queued],
      ]);
      return { data: { transaction: v }, text };
    }
    const list = station.transactions.recent(10).map((r) => txView(station, r));
    if (list.length === 0) return { data: { transactions: [] }, text: ['no transactions'] };
    const text = columns([
      ['id', 'evse', 'state', 'seqNo', 'energy', 'started', 'stop reason'],
      ...list.map((v) => [v.transactionId, v.evseId, v.state === 'open' ? v.chargingState : 'Ended', v.seqNo, energyText(v.energyWh), v.startedAt, dash(v.stoppedReason)]),
    ]);
    return { data: { transactions: list }, text };
  },
};

const queue: Command = {
  words: ['queue'],
  usage: 'queue',
  summary: 'outbound transaction messages waiting for the CSMS: action, transaction, seqNo, attempts, age',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'queue');
    const list = station.transactions.queued().map((e) => queueView(station, e));
    if (list.length === 0) return { data: { queue: [] }, text: ['queue empty'] };
    const text = columns([
      ['#', 'action', 'tx', 'seqNo', 'attempts', 'age'],
      ...list.map((q) => [q.id, `${q.action}${q.eventType ? `(${q.eventType})` : ''}`, dash(q.transactionId), dash(q.seqNo), q.attempts, `${q.ageSec} s`]),
    ]);
    return { data: { queue: list }, text };
  },
};

const txerase: Command = {
  words: ['txerase'],
  usage: 'txerase confirm',
  summary: 'erase every transaction record and the queued transaction messages',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'txerase');
    const running = station.transactions.ongoing();
    if (running.length) throw new ConsoleError('BUSY', `${running.length} transaction(s) running: stop them first`);
    const erased = station.transactions.eraseAll();
    station.log.warn('console', `transactions erased (${erased.transactions} transactions, ${erased.queued} queued messages)`);
    return { data: { erased: 'transactions', ...erased }, text: [`erased ${erased.transactions} transactions and ${erased.queued} queued messages`] };
  },
};

/** Dips up to this long are ridden through (release notes 6.0.0). */
export const SHORT_DIP_MS = 1000;

const POWER_USAGE = 'power cut | power dip <ms>';

/**
 * `power cut`: like pulling the plug — nothing more is written or sent, the
 * store keeps what it has, and the firmware starts again (PowerUp); an open
 * transaction is then ended with PowerLoss. `power dip <ms>`: shorter than a
 * second is ridden through, longer is a power cut.
 */
const power: Command = {
  words: ['power'],
  usage: POWER_USAGE,
  summary: 'simulate a short voltage dip or a full power loss',
  sim: true,
  async run({ station, args }) {
    if (args.length === 0) throw badArgument(`missing argument: ${POWER_USAGE}`);
    const what = keyword(args[0], ['cut', 'dip'] as const, 'power event');
    if (what === 'dip') {
      expectArgs(args, 2, 2, POWER_USAGE);
      const ms = intInRange(args[1], 1, 3_600_000, 'dip length (ms)');
      if (ms < SHORT_DIP_MS) {
        station.log.info('power', 'Recover from short power outage');
        return { data: { dipMs: ms, ridden: true }, text: ['Recover from short power outage'] };
      }
      const recovery = await powerCut(station);
      return { data: { dipMs: ms, ridden: false, restarted: !recovery, recovery }, text: [recovery ? RECOVERY_TEXT : `power lost for ${ms} ms: station restarted (PowerUp)`] };
    }
    expectArgs(args, 1, 1, POWER_USAGE);
    const recovery = await powerCut(station);
    return { data: { restarted: !recovery, recovery }, text: [recovery ? RECOVERY_TEXT : 'power cut: station restarted (PowerUp)'] };
  },
};

const RECOVERY_TEXT = 'power cut while the bootloader was written: the station does not boot (release notes 3.1.1); recovery: fw install <minimal firmware FWI>';

/** True when the cut came while the bootloader was written: the station is left in recovery. */
async function powerCut(station: Station): Promise<boolean> {
  await station.restart('PowerUp', 'powerLoss');
  return station.firmware.inRecovery;
}

export const txCommands: Command[] = [tx, queue, txerase, power];
