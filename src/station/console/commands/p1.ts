import { describeLine, P1_BAUDS, type P1Baud } from '../../../hardware/p1/serial-source.js';
import type { PerPhase } from '../../../hardware/p1/telegram.js';
import { devicePathProblem } from '../../p1/settings.js';
import type { Station } from '../../station.js';
import { badArgument, type Command } from '../types.js';
import { columns, dash, expectArgs, intInRange, keyword } from './args.js';
import { refusalText } from './model-write.js';
import { hostProblem } from '../../p1/config.js';

/** OD ids of the P1 settings (release notes 6.0.0). */
export const P1_OD = { interface: '2191_01', host: '2191_02', port: '2191_03' } as const;

/**
 * `p1` (JSON data). The interface and telnet settings come from the object
 * dictionary; the serial device and line, the link and meter fields from the
 * station's P1 reader (station.p1).
 */
export interface P1View {
  interface: 'serial' | 'telnet';
  host: string;
  port: number;
  /** The serial device the meter's P1 port is wired to (`p1 device`); null: none named, serial P1 not configured. */
  device: string | null;
  /** Serial line speed (`p1 baud`): 115200 (8N1, DSMR 4 / 5, e-MUCS) or 9600 (7E1, DSMR 2.2 / 3). */
  baud: P1Baud;
  /** `115200 8N1` or `9600 7E1`. */
  line: string;
  /** off (station not running), not configured, connecting, connected, disconnected. */
  linkState: string;
  lastTelegramAgeSec: number | null;
  crcOk: number;
  crcBad: number;
  /** What the last telegram was read as: `DSMR 5.0`, `e-MUCS 1.7`, `DSMR 2.2/3`, `DSMR-based`; null before the first. */
  protocol: string | null;
  /** 1-3:0.2.8, or for an e-MUCS meter the DSMR base of 0-0:96.1.4 (50217: `5.0.2`). */
  dsmrVersion: string | null;
  /** e-MUCS (Belgium, 0-0:96.1.4 50217: `1.7`); null for other meters. */
  emucsVersion: string | null;
  /** Per phase L1..L3 (null for a phase the meter does not report); null until a telegram was read. */
  currentA: PerPhase | null;
  voltageV: PerPhase | null;
  powerImportW: number | null;
  powerExportW: number | null;
  /** 1 = low, 2 = normal. */
  tariff: number | null;
  /** The P1 error state (configured but silent), null when fine. */
  error: string | null;
}

function odValue(station: Station, id: string): string {
  const r = station.model.odGet(id);
  return r?.attributeStatus === 'Accepted' ? (r.attributeValue ?? '') : '';
}

export function p1View(station: Station): P1View {
  const status = station.p1.status();
  const telegram = station.p1.lastTelegram;
  return {
    interface: odValue(station, P1_OD.interface) === 'telnet' ? 'telnet' : 'serial',
    host: odValue(station, P1_OD.host),
    port: Number(odValue(station, P1_OD.port)) || 0,
    device: status.serialPath,
    baud: status.baud,
    line: describeLine(status.baud),
    linkState: status.linkState,
    lastTelegramAgeSec: status.lastTelegramAgeSec,
    crcOk: status.crcOk,
    crcBad: status.crcBad,
    protocol: telegram?.protocol ?? null,
    dsmrVersion: telegram?.dsmrVersion ?? null,
    emucsVersion: telegram?.emucsVersion ?? null,
    currentA: telegram ? telegram.phases.currentA : null,
    voltageV: telegram ? telegram.phases.voltageV : null,
    powerImportW: telegram?.powerImportW ?? null,
    powerExportW: telegram?.powerExportW ?? null,
    tariff: telegram?.tariff ?? null,
    error: status.error,
  };
}

const TARIFF_NAMES: Record<number, string> = { 1: 'low', 2: 'normal' };

function p1Text(v: P1View): string[] {
  const phases = (values: PerPhase | null, unit: string) => (values ? values.map((x) => (x === null ? '-' : `${x} ${unit}`)).join(' / ') : '-');
  const watts = (w: number | null) => (w === null ? '-' : `${w} W`);
  return columns([
    ['interface', v.interface],
    ['serial', `${v.device ?? '- (p1 device <path>)'}, ${v.line}`],
    ['telnet', `${v.host || '-'}:${v.port}`],
    ['link', v.linkState],
    ['last telegram', v.lastTelegramAgeSec === null ? 'never' : `${v.lastTelegramAgeSec} s ago`],
    ['crc ok/bad', `${v.crcOk}/${v.crcBad}`],
    ['dsmr', v.emucsVersion ? `${dash(v.dsmrVersion)} (e-MUCS ${v.emucsVersion})` : dash(v.dsmrVersion ?? (v.protocol === 'DSMR 2.2/3' ? '2.2/3' : null))],
    ['current', phases(v.currentA, 'A')],
    ['voltage', phases(v.voltageV, 'V')],
    ['power', v.powerImportW === null && v.powerExportW === null ? '-' : `import ${watts(v.powerImportW)} / export ${watts(v.powerExportW)}`],
    ['tariff', v.tariff === null ? '-' : `${v.tariff}${TARIFF_NAMES[v.tariff] ? ` (${TARIFF_NAMES[v.tariff]})` : ''}`],
    ['error', dash(v.error)],
  ]);
}

function write(station: Station, id: string, value: string): void {
  const r = station.model.odSet(id, value, 'console');
  if (!r) throw badArgument(`object ${id} does not exist on this station`);
  if (r.attributeStatus !== 'Accepted' && r.attributeStatus !== 'RebootRequired') throw badArgument(refusalText(id, r));
  station.log.info('console', `P1 ${id} set to ${value}`);
}

const show: Command = {
  words: ['p1'],
  usage: 'p1',
  summary: 'P1 smart meter: interface, serial device and line, host:port, link state, last telegram age, CRC ok/bad, DSMR / e-MUCS version, per-phase current and voltage',
  run({ station, args }) {
    if (args.length > 0) throw badArgument(`unknown 'p1 ${args[0]}': use p1, p1 interface, p1 device, p1 baud, p1 host, p1 port, p1 dump`);
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const setInterface: Command = {
  words: ['p1', 'interface'],
  usage: 'p1 interface serial|telnet',
  summary: 'where P1 telegrams come from (OD 2191_01)',
  run({ station, args }) {
    expectArgs(args, 1, 1, 'p1 interface serial|telnet');
    write(station, P1_OD.interface, keyword(args[0], ['serial', 'telnet'] as const, 'P1 interface'));
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const DEVICE_USAGE = 'p1 device <path>|none';

const setDevice: Command = {
  words: ['p1', 'device'],
  usage: DEVICE_USAGE,
  summary: "the serial device the meter's P1 port is wired to (e.g. /dev/ttyUSB0), kept across restarts; none: no serial P1",
  run({ station, args }) {
    expectArgs(args, 1, 1, DEVICE_USAGE);
    const path = args[0]!;
    const none = path.toLowerCase() === 'none';
    if (!none) {
      const problem = devicePathProblem(path);
      if (problem) throw badArgument(problem);
    }
    station.p1.serialPath = none ? null : path;
    station.log.info('console', `P1 serial device set to ${none ? 'none' : path}`);
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const BAUD_USAGE = 'p1 baud 115200|9600';

const setBaud: Command = {
  words: ['p1', 'baud'],
  usage: BAUD_USAGE,
  summary:
    'serial P1 line, kept across restarts: 115200 = 8N1 for DSMR 4 / 5 and e-MUCS meters (the default; every telegram needs its CRC), ' +
    '9600 = 7E1 for DSMR 2.2 / 3 meters (telegrams without CRC accepted from them)',
  run({ station, args }) {
    expectArgs(args, 1, 1, BAUD_USAGE);
    const baud = P1_BAUDS.find((b) => String(b) === args[0]);
    if (baud === undefined) throw badArgument(`'${args[0]}' is no P1 baud rate: use 115200 (DSMR 4 / 5, e-MUCS: 8N1) or 9600 (DSMR 2.2 / 3: 7E1)`);
    station.p1.baud = baud;
    station.log.info('console', `P1 serial line set to ${describeLine(baud)}`);
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const setHost: Command = {
  words: ['p1', 'host'],
  usage: 'p1 host <ip|hostname>',
  summary: 'telnet server of the P1-to-network converter (OD 2191_02)',
  run({ station, args }) {
    expectArgs(args, 1, 1, 'p1 host <ip|hostname>');
    const problem = hostProblem(args[0]!);
    if (problem) throw badArgument(problem);
    write(station, P1_OD.host, args[0]!);
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const setPort: Command = {
  words: ['p1', 'port'],
  usage: 'p1 port <1-65535>',
  summary: 'telnet server TCP port (OD 2191_03)',
  run({ station, args }) {
    expectArgs(args, 1, 1, 'p1 port <1-65535>');
    write(station, P1_OD.port, String(intInRange(args[0], 1, 65535, 'port')));
    const v = p1View(station);
    return { data: v, text: p1Text(v) };
  },
};

const dump: Command = {
  words: ['p1', 'dump'],
  usage: 'p1 dump',
  summary: 'the last raw P1 telegram',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'p1 dump');
    const telegram = station.p1.lastTelegram;
    if (!telegram) return { data: { telegram: null }, text: ['no telegram received'] };
    // CRC-checked and printable ASCII only (the parser refuses anything else): shown as is
    return { data: { telegram: telegram.raw }, text: telegram.raw.split(/\r?\n/) };
  },
};

export const p1Commands: Command[] = [show, setInterface, setDevice, setBaud, setHost, setPort, dump];
