import type { ModemView } from '../../network/modem.js';
import type { Command } from '../types.js';
import { columns, dash, expectArgs } from './args.js';

/** The modem in one phrase (status, network). */
export function modemSummary(v: ModemView): string {
  if (!v.present) return 'none fitted';
  const where = v.slot === null ? '' : ` (slot ${v.slot}${v.apn ? `, APN ${v.apn}` : ''})`;
  switch (v.phase) {
    case 'off':
      return `off${v.offReason ? `: ${v.offReason}` : ''}`;
    case 'registered':
      return `registered${where}`;
    case 'retrying':
      return `registration denied ${v.failedRegistrations} in a row, next attempt in ${v.nextRetryInSec} s${where}`;
    case 'error':
      return `ERROR: ${v.error}`;
    default:
      return `${v.phase}${where}`;
  }
}

function modemText(v: ModemView): string[] {
  if (!v.present) return ['no mobile modem fitted: Wireless0 profiles cannot connect'];
  return columns([
    ['modem', modemSummary(v)],
    ['power', dash(v.power)],
    ['sim', dash(v.sim)],
    ['registration', `${dash(v.registration)}${v.failedRegistrations ? ` (${v.failedRegistrations} denied in a row)` : ''}`],
    ['apn', dash(v.apn)],
    ['iccid', dash(v.iccid)],
    ['imsi', dash(v.imsi)],
  ]);
}

const modem: Command = {
  words: ['modem'],
  usage: 'modem',
  summary: 'mobile modem: SIM, registration, power state (Wireless0)',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'modem   (simulation: modem sim missing|ok|pin <code>, modem registration deny|ok)');
    const view = station.modem.view();
    return { data: view, text: modemText(view) };
  },
};

export const modemCommands: Command[] = [modem];
