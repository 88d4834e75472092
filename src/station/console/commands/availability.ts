import type { Station } from '../../station.js';
import type { Command } from '../types.js';
import { columns, dash, expectArgs, intInRange, keyword } from './args.js';

const AVAILABILITY_USAGE = 'availability [evse] [operative|inoperative]   (no evse or 0: the whole station)';

function availabilityView(station: Station) {
  const rows = station.availability.view();
  const station0 = rows.find((r) => r.evseId === 0)!;
  return {
    station: { operational: station0.operational, scheduled: station0.scheduled ?? null },
    evses: rows
      .filter((r) => r.evseId !== 0)
      .map((r) => ({ evseId: r.evseId, operational: r.operational, scheduled: r.scheduled ?? null, status: station.connectors.status(r.evseId) })),
  };
}

const availability: Command = {
  words: ['availability'],
  usage: AVAILABILITY_USAGE,
  summary: 'show availability, or make the station / an EVSE operative or inoperative (what ChangeAvailability does)',
  run({ station, args }) {
    expectArgs(args, 0, 2, AVAILABILITY_USAGE);
    if (args.length === 0) {
      const v = availabilityView(station);
      const text = columns([
        ['evse', 'availability', 'scheduled', 'status'],
        ['station', v.station.operational, dash(v.station.scheduled), ''],
        ...v.evses.map((e) => [e.evseId, e.operational, dash(e.scheduled), e.status]),
      ]);
      return { data: v, text };
    }
    const evseId = args.length === 2 ? intInRange(args[0], 0, station.hardware.evses.length, 'EVSE (0 = station)') : 0;
    const wanted = keyword(args[args.length - 1], ['operative', 'inoperative'] as const, 'availability');
    const operationalStatus = wanted === 'operative' ? 'Operative' : 'Inoperative';
    const result = station.availability.change(evseId, wanted === 'operative');
    const target = evseId === 0 ? 'station' : `EVSE ${evseId}`;
    const note = result === 'Scheduled' ? ' (scheduled: applied when the transaction ends)' : '';
    return { data: { evseId, operationalStatus, result }, text: [`${target} ${operationalStatus}: ${result}${note}`] };
  },
};

const reservations: Command = {
  words: ['reservations'],
  usage: 'reservations',
  summary: 'reservations held (ReserveNow): id, EVSE, idToken, group, expiry',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'reservations');
    const list = station.reservations.list().map((r) => ({
      id: r.id,
      evseId: r.evseId ?? null,
      idToken: r.idToken.idToken,
      idTokenType: r.idToken.type,
      groupIdToken: r.groupIdToken?.idToken ?? null,
      connectorType: r.connectorType ?? null,
      expiresAt: new Date(r.expiresAt).toISOString(),
    }));
    const text =
      list.length === 0
        ? ['no reservations']
        : columns([
            ['id', 'evse', 'idToken', 'group', 'expires'],
            ...list.map((r) => [r.id, r.evseId ?? 'any', `${r.idToken} (${r.idTokenType})`, dash(r.groupIdToken), r.expiresAt]),
          ]);
    return { data: { reservations: list }, text };
  },
};

export const availabilityCommands: Command[] = [availability, reservations];
