/**
 * `lb`: load balancing on the P1 meter — the budget per phase, what each
 * EVSE may draw, the safe-current fallback — and its settings for the
 * Service Installer app (`lb limit|safe|timeout|includes|on|off`, the same
 * writes as `config set P1SmartMeter....`).
 */
import type { PerPhase } from '../../../hardware/p1/telegram.js';
import type { Phases } from '../../loadbalancing/budget.js';
import { LB_KEYS } from '../../loadbalancing/config.js';
import type { LoadBalancingState } from '../../loadbalancing/block.js';
import type { Station } from '../../station.js';
import { badArgument, type Command, type SessionState } from '../types.js';
import { columns, expectArgs, intInRange, onOff } from './args.js';
import { writeKey } from './model-write.js';

/** `lb` (JSON data). Currents are A per phase L1..L3; null where there is no P1 reading yet. */
export interface LbView {
  /** P1SmartMeter.LoadBalancingEnabled. */
  enabled: boolean;
  /** SmartChargingCtrlr.ExternalControlSignalsEnabled: false = the budget is computed but not applied. */
  externalControl: boolean;
  /** off, waiting (for the first telegram), p1 (balancing on the meter), fallback (safe current). */
  state: LoadBalancingState;
  fallback: boolean;
  /** P1SmartMeter.MaxCurrent: per phase at the meter. */
  maxCurrentA: number;
  /** P1SmartMeter.SafeCurrent and after how long without P1 data it applies. */
  safeCurrentA: number;
  dataTimeoutS: number;
  /** P1SmartMeter.IncludesStation: the meter's current includes the station's own draw. */
  includesStation: boolean;
  p1: { linkState: string; lastTelegramAgeSec: number | null; error: string | null };
  /** As the meter reports it (negative: feeding back). */
  meterA: Phases | null;
  /** The station's own draw now. */
  ownDrawA: Phases;
  /** The house without the station. */
  householdA: Phases | null;
  /** maxCurrent − household, per phase: what the EVSEs may share. */
  budgetA: Phases | null;
  /** The external limit in force (ChargingStationExternalConstraints on the station, source EMS); null when none. */
  limitA: number | null;
  /** P1SmartMeter.LimitingCurrent: limitA, or what the EVSEs can draw together when no limit is in force. */
  limitingCurrentA: number;
  evses: Array<{ evseId: number; mayDrawA: number; drawA: Phases }>;
}

export function lbView(station: Station): LbView {
  const lb = station.loadBalancing.status();
  const p1 = station.p1.status();
  const c = lb.config;
  return {
    enabled: c.enabled,
    externalControl: c.externalControl,
    state: lb.state,
    fallback: lb.state === 'fallback',
    maxCurrentA: c.maxCurrentA,
    safeCurrentA: c.safeCurrentA,
    dataTimeoutS: c.dataTimeoutMs / 1000,
    includesStation: c.includesStation,
    p1: { linkState: p1.linkState, lastTelegramAgeSec: p1.lastTelegramAgeSec, error: p1.error },
    meterA: lb.reading?.meterA ?? null,
    ownDrawA: station.loadBalancing.ownDrawA(),
    householdA: lb.reading?.householdA ?? null,
    budgetA: lb.reading?.budgetA ?? null,
    limitA: lb.limitA,
    limitingCurrentA: lb.limitingCurrentA,
    evses: station.hardware.evses.map((e) => ({
      evseId: e.id,
      mayDrawA: station.smartCharging.limitA(e.id),
      drawA: e.meter.read().currentA,
    })),
  };
}

const amps = (values: Phases | PerPhase | null) => (values ? values.map((a) => (a === null ? '-' : `${a} A`)).join(' / ') : '-');

function stateText(v: LbView): string {
  if (!v.enabled) return 'off (P1SmartMeter.LoadBalancingEnabled false)';
  if (!v.externalControl) return 'on, not applied (SmartChargingCtrlr.ExternalControlSignalsEnabled false)';
  switch (v.state) {
    case 'waiting':
      return 'on, waiting for the first P1 telegram';
    case 'fallback':
      return `on, FALLBACK: no P1 data for ${v.dataTimeoutS} s, safe current`;
    case 'p1':
      return 'on, balancing on the P1 meter';
    default:
      return 'on (station not running)';
  }
}

function lbText(v: LbView): string[] {
  const age = v.p1.lastTelegramAgeSec === null ? 'no telegram yet' : `last telegram ${v.p1.lastTelegramAgeSec} s ago`;
  return columns([
    ['load balancing', stateText(v)],
    ['max current', `${v.maxCurrentA} A per phase at the meter`],
    ['safe current', `${v.safeCurrentA} A after ${v.dataTimeoutS} s without P1 data`],
    ['p1', `${v.p1.linkState}, ${age}${v.p1.error ? ` (${v.p1.error})` : ''}`],
    ['meter', `${amps(v.meterA)}${v.includesStation ? '  (includes the station)' : '  (without the station)'}`],
    ['own draw', amps(v.ownDrawA)],
    ['household', amps(v.householdA)],
    ['budget', amps(v.budgetA)],
    ['limit', v.limitA === null ? `none (limiting current ${v.limitingCurrentA} A)` : `${v.limitA} A per phase, all EVSEs together (EMS)`],
    ...v.evses.map((e) => [`EVSE ${e.evseId}`, `may draw ${e.mayDrawA} A, draws ${amps(e.drawA)}`]),
  ]);
}

const LB_SETTINGS = 'lb limit <A> | lb safe <A> | lb timeout <s> | lb includes on|off | lb on|off';

function reply(station: Station) {
  const v = lbView(station);
  return { data: v, text: lbText(v) };
}

/** Write a setting as the console (same validation as config set / SetVariables) and show the result. */
function set(station: Station, session: SessionState, key: string, value: string) {
  writeKey(station, session, key, value);
  station.log.info('console', `${key} set to ${value}`);
  return reply(station);
}

const show: Command = {
  words: ['lb'],
  usage: 'lb',
  summary: 'load balancing: max current, household current and budget per phase from P1, what each EVSE may draw, safe-current fallback',
  run({ station, args }) {
    if (args.length > 0) throw badArgument(`unknown 'lb ${args[0]}': use lb, ${LB_SETTINGS}`);
    return reply(station);
  },
};

/** `lb <word> <n>`: an integer load-balancing setting, with the same validation as config set. */
function intSetting(word: string, key: string, min: number, max: number, what: string, note: string, summary: string): Command {
  const usage = `lb ${word} <${min}-${max}>`;
  return {
    words: ['lb', word],
    usage: `${usage}   (${note}: ${key})`,
    summary,
    run({ station, session, args }) {
      expectArgs(args, 1, 1, usage);
      return set(station, session, key, String(intInRange(args[0], min, max, what)));
    },
  };
}

const limit = intSetting('limit', LB_KEYS.maxCurrent, 1, 1000, 'maximum current (A)', 'A per phase at the smart meter', 'the maximum smart-meter current the limiting current is derived from');
const safe = intSetting('safe', LB_KEYS.safeCurrent, 0, 1000, 'safe current (A)', 'A per phase, all EVSEs together', 'the current the EVSEs share while P1 data is missing');
const timeout = intSetting('timeout', LB_KEYS.dataTimeout, 1, 3600, 'timeout (s)', 's without a P1 telegram before the safe current', 'how long P1 may be silent before the safe current applies');

const includes: Command = {
  words: ['lb', 'includes'],
  usage: "lb includes on|off   (the meter measures the station's draw too: P1SmartMeter.IncludesStation)",
  summary: "whether the P1 current includes the station's own draw",
  run({ station, session, args }) {
    expectArgs(args, 1, 1, 'lb includes on|off');
    return set(station, session, LB_KEYS.includesStation, String(onOff(args[0], 'lb includes on|off')));
  },
};

const switchTo = (on: boolean): Command => ({
  words: ['lb', on ? 'on' : 'off'],
  usage: `lb ${on ? 'on' : 'off'}`,
  summary: `switch load balancing ${on ? 'on' : 'off'} (P1SmartMeter.LoadBalancingEnabled)`,
  run({ station, session, args }) {
    expectArgs(args, 0, 0, `lb ${on ? 'on' : 'off'}`);
    return set(station, session, LB_KEYS.enabled, String(on));
  },
});

export const lbCommands: Command[] = [show, limit, safe, timeout, includes, switchTo(true), switchTo(false)];
