import { parseDuration } from '../../clock.js';
import { MAX_COMPOSITE_DURATION_S } from '../../smartcharging/block.js';
import { formatOffset, scheduleChart } from '../../smartcharging/chart.js';
import type { ChargingRateUnit, InstalledProfile } from '../../smartcharging/types.js';
import type { Station } from '../../station.js';
import { badArgument, type Command } from '../types.js';
import { columns, dash, expectArgs, expectConfirm, intInRange } from './args.js';

const SCHEDULE_USAGE = 'schedule [evse] [duration] [A|W]   (evse 0 = station, default; duration e.g. 90m, 24h, default 24h)';

interface ScheduleArgs {
  evseId: number;
  durationS: number;
  unit: ChargingRateUnit;
}

/** Words in any order after the EVSE: a duration and/or a unit. */
function parseArgs(station: Station, args: string[]): ScheduleArgs {
  expectArgs(args, 0, 3, SCHEDULE_USAGE);
  const out: ScheduleArgs = { evseId: 0, durationS: 86_400, unit: 'A' };
  let rest = args;
  if (rest.length && /^\d+$/.test(rest[0]!)) {
    out.evseId = intInRange(rest[0], 0, station.hardware.evses.length, 'EVSE');
    rest = rest.slice(1);
  }
  for (const word of rest) {
    const upper = word.toUpperCase();
    if (upper === 'A' || upper === 'W') {
      out.unit = upper;
      continue;
    }
    const ms = parseDuration(word);
    if (ms === undefined) throw badArgument(`'${word}' is neither a duration nor A|W: ${SCHEDULE_USAGE}`);
    if (ms < 0 || ms > MAX_COMPOSITE_DURATION_S * 1000) throw badArgument(`duration must be 0..31d, got ${word}`);
    out.durationS = Math.floor(ms / 1000);
  }
  return out;
}

function profileState(p: InstalledProfile): string {
  return p.valid ? 'valid' : `invalid: ${p.invalidatedReason ?? 'unknown'}`;
}

function profileView(p: InstalledProfile) {
  const schedule = p.profile.chargingSchedule[0];
  return {
    id: p.profile.id,
    evseId: p.evseId,
    purpose: p.profile.chargingProfilePurpose,
    stackLevel: p.profile.stackLevel,
    kind: p.profile.chargingProfileKind,
    unit: schedule?.chargingRateUnit,
    transactionId: p.transactionId,
    source: p.source,
    state: profileState(p),
  };
}

const schedule: Command = {
  words: ['schedule'],
  usage: SCHEDULE_USAGE,
  summary: 'composite charging schedule (what GetCompositeSchedule returns), as a table and a chart, and the installed profiles',
  run({ station, args }) {
    const { evseId, durationS, unit } = parseArgs(station, args);
    const composite = station.smartCharging.composite(evseId, durationS, unit);
    const start = Date.parse(composite.scheduleStart);
    const chart = scheduleChart(composite);
    const profiles = station.smartCharging.profiles
      .all()
      .filter((p) => evseId === 0 || p.evseId === evseId || p.evseId === 0)
      .map(profileView);
    const where = evseId === 0 ? 'station (evse 0)' : `EVSE ${evseId}`;
    const text = [
      `${where}: composite schedule from ${composite.scheduleStart} for ${formatOffset(composite.duration)}, limits in ${unit}`,
      ...columns([
        ['offset', 'start', 'limit', 'unit', 'phases'],
        ...composite.chargingSchedulePeriod.map((p) => [
          `+${formatOffset(p.startPeriod)}`,
          new Date(start + p.startPeriod * 1000).toISOString().replace('.000Z', 'Z'),
          p.limit.toFixed(1),
          unit,
          p.numberPhases,
        ]),
      ]),
      '',
      ...chart,
      '',
      ...(profiles.length
        ? columns([
            ['id', 'evse', 'purpose', 'stack', 'kind', 'unit', 'transaction', 'source', 'state'],
            ...profiles.map((p) => [p.id, p.evseId, p.purpose, p.stackLevel, p.kind, dash(p.unit), dash(p.transactionId), p.source, p.state]),
          ])
        : ['no charging profiles installed']),
    ];
    return { data: { schedule: composite, chart, profiles }, text };
  },
};

const cperase: Command = {
  words: ['cperase'],
  usage: 'cperase confirm',
  summary: 'erase every charging profile, valid or invalidated',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'cperase');
    const erased = station.smartCharging.eraseAll();
    station.log.warn('console', `charging profiles erased (${erased} rows)`);
    return { data: { erased: 'chargingProfiles', rows: erased }, text: [`charging profiles erased: ${erased}`] };
  },
};

export const scheduleCommands: Command[] = [schedule, cperase];
