import { formatMask, maskError, maskNames, maskToPoints, parseMask, pointsToMask, TX_POINTS } from '../../model/tx-points.js';
import type { Station } from '../../station.js';
import { badArgument, type Command } from '../types.js';
import { columns, expectArgs } from './args.js';
import { readKey, writeKey } from './model-write.js';

const KEYS = { start: 'TxCtrlr.TxStartPoint', stop: 'TxCtrlr.TxStopPoint' } as const;

/** One side of `reasons` (JSON data). */
export interface TxPointsView {
  /** The bitmask: bit 0 TX_ENERGY_TRANSFER .. bit 5 TX_PARKING_BAY_OCCUPANCY. */
  mask: number;
  /** The mask as shown: `0x18`. */
  hex: string;
  names: string[];
  /** The OCPP 2.0.1 MemberList value of the variable. */
  value: string;
}

function view(station: Station, kind: 'start' | 'stop'): TxPointsView {
  const value = readKey(station, KEYS[kind]) ?? '';
  const mask = pointsToMask(value);
  return { mask, hex: formatMask(mask), names: maskNames(mask), value };
}

export function reasonsView(station: Station): { start: TxPointsView; stop: TxPointsView } {
  return { start: view(station, 'start'), stop: view(station, 'stop') };
}

function reasonsText(v: { start: TxPointsView; stop: TxPointsView }): string[] {
  return columns([
    ['start', v.start.hex, v.start.names.join(',') || '-'],
    ['stop', v.stop.hex, v.stop.names.join(',') || '-'],
  ]);
}

const BITS = TX_POINTS.map((p) => `${p.bit} ${p.name}`).join(', ');

const show: Command = {
  words: ['reasons'],
  usage: 'reasons',
  summary: 'show the transaction start and stop points as bitmask and names',
  run({ station, args }) {
    if (args.length > 0) throw badArgument(`unknown 'reasons ${args[0]}': use reasons, reasons start <mask>, reasons stop <mask>`);
    const v = reasonsView(station);
    return { data: v, text: reasonsText(v) };
  },
};

function setter(kind: 'start' | 'stop'): Command {
  const usage = `reasons ${kind} <mask|NAME[,NAME]>   (decimal, 0x hex or 0b binary; bits: ${BITS})`;
  return {
    words: ['reasons', kind],
    usage,
    summary: `set TxCtrlr.Tx${kind === 'start' ? 'Start' : 'Stop'}Point from a bitmask or names`,
    run({ station, session, args }) {
      expectArgs(args, 1, 1, usage);
      const parsed = parseMask(args[0]!);
      if (!parsed.ok) throw badArgument(parsed.error);
      const problem = maskError(kind, parsed.mask);
      if (problem) throw badArgument(problem);
      writeKey(station, session, KEYS[kind], maskToPoints(parsed.mask));
      station.log.info('console', `Tx${kind === 'start' ? 'Start' : 'Stop'}Point set to ${formatMask(parsed.mask)}`);
      const v = reasonsView(station);
      return { data: v, text: reasonsText(v) };
    },
  };
}

export const reasonsCommands: Command[] = [show, setter('start'), setter('stop')];
