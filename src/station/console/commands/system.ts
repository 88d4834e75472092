import { formatLogLine, LOG_LEVELS, type LogLevel } from '../../log.js';
import type { Station } from '../../station.js';
import { PLATFORM } from '../../version.js';
import { badArgument, type Command } from '../types.js';
import { columns, dash, energyText, expectArgs, expectConfirm, intInRange, keyword } from './args.js';
import type { ModemView } from '../../network/modem.js';
import type { NfcReaderState } from '../../availability/nfc-reader.js';
import { modemSummary } from './modem.js';
import { slotInUse } from './network.js';
import { parseDateTime } from './datetime.js';

const version: Command = {
  words: ['version'],
  usage: 'version',
  summary: 'firmware, bootloader, platform, serial number',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'version');
    const data = {
      firmware: station.firmwareVersion,
      bootloader: station.firmware.installed.bootloader,
      platform: PLATFORM,
      serialNumber: station.serialNumber,
      stationId: station.id,
      ocppVersion: station.ocppVersion,
    };
    const text = columns([
      ['firmware', data.firmware],
      ['bootloader', data.bootloader],
      ['platform', data.platform],
      ['serial', data.serialNumber],
      ['station', data.stationId],
      ['ocpp', data.ocppVersion],
    ]);
    return { data, text };
  },
};

/** One EVSE in `status` (JSON data). */
export interface EvseStatusView {
  evseId: number;
  connectorId: number;
  status: string;
  operational: boolean;
  transactionId: string | null;
  /** The current the EVSE offers the EV (A). */
  currentLimitA: number;
  powerW: number;
  energyWh: number;
}

export interface StatusView {
  stationId: string;
  registration: string;
  time: string;
  availability: 'Operative' | 'Inoperative';
  /** lastError: why the link could not connect lately (a refused password: "CSMS refused the credentials (401)") */
  csms: { connected: boolean; linkWanted: boolean; url: string | null; lastError: string | null };
  /** the profile the link uses (or will start with), and the one waiting for a reboot */
  network: { activeSlot: number | null; interface: string | null; pendingSlot: number | null };
  /** the mobile modem (Wireless0) */
  modem: ModemView;
  /** notDetected: configured but missing, an error (TokenReader.Problem) */
  nfcReader: { state: NfcReaderState; problem: boolean };
  evses: EvseStatusView[];
  /** what the screen shows now */
  display: string | null;
}

export function statusView(station: Station): StatusView {
  const slot = slotInUse(station);
  const active = slot === undefined ? undefined : { slot, profile: station.network.get(slot)! };
  const evses = station.connectors.snapshot().map((c) => {
    const hw = station.hardware.evses[c.evseId - 1]!;
    const reading = hw.meter.read();
    return {
      evseId: c.evseId,
      connectorId: c.connectorId,
      status: c.status,
      operational: c.operational,
      transactionId: station.transactions.active(c.evseId)?.transactionId ?? null,
      currentLimitA: hw.current.offeredA,
      powerW: reading.powerW,
      energyWh: reading.energyWh,
    };
  });
  return {
    stationId: station.id,
    registration: station.registration,
    time: new Date(station.clock.now()).toISOString(),
    availability: station.connectors.isOperational(0) ? 'Operative' : 'Inoperative',
    csms: {
      connected: station.connected,
      linkWanted: station.linkIsWanted,
      url: active?.profile.ocppCsmsUrl ?? null,
      lastError: station.connected ? null : (station.connection.lastConnectError() ?? null),
    },
    network: { activeSlot: active?.slot ?? null, interface: active?.profile.ocppInterface ?? null, pendingSlot: pendingSlot(station, slot) },
    modem: station.modem.view(),
    nfcReader: { state: station.nfcReader.state(), problem: station.model.getBoolean('TokenReader.Problem') },
    evses,
    display: station.screen.current?.text ?? null,
  };
}

/** The first slot of NetworkConfigurationPriority when the running station uses another one until it reboots. */
function pendingSlot(station: Station, inUse: number | undefined): number | null {
  const first = station.network.active()?.slot;
  return station.lifecycle.running && first !== undefined && inUse !== undefined && first !== inUse && !station.connection.failedSlots().has(first) ? first : null;
}

const NFC_TEXT: Record<NfcReaderState, string> = {
  ok: 'ok',
  notDetected: 'ERROR: configured but not detected (TokenReader.Problem)',
  notConfigured: 'not configured (TokenReader.Enabled false)',
};

const status: Command = {
  words: ['status'],
  usage: 'status',
  summary: 'registration, CSMS link, network slot, availability; per EVSE status, transaction, current limit, power, energy',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'status');
    const v = statusView(station);
    const link = v.csms.connected ? 'connected' : v.csms.linkWanted ? `not connected${v.csms.lastError ? ` (${v.csms.lastError})` : ''}` : 'link down (simulated)';
    const text = columns([
      ['station', v.stationId],
      ['registration', v.registration],
      ['csms', `${link} ${dash(v.csms.url)}`],
      [
        'network',
        `${v.network.activeSlot === null ? 'no profile in use' : `slot ${v.network.activeSlot} ${v.network.interface}`}${v.network.pendingSlot === null ? '' : ` (slot ${v.network.pendingSlot} from the next boot)`}`,
      ],
      ['modem', modemSummary(v.modem)],
      ['nfc reader', NFC_TEXT[v.nfcReader.state]],
      ['availability', v.availability],
      ['time', v.time],
      ['display', dash(v.display)],
    ]);
    text.push(
      ...columns([
        ['evse', 'status', 'tx', 'limit', 'power', 'energy'],
        ...v.evses.map((e) => [e.evseId, e.status, dash(e.transactionId), `${e.currentLimitA} A`, `${e.powerW} W`, energyText(e.energyWh)]),
      ]),
    );
    return { data: v, text };
  },
};

const DATE_USAGE = 'date [yyyy-mm-dd hh:mm:ss[Z|±hh:mm]]   (no zone: UTC; also yyyy-mm-ddThh:mm:ss)';

const date: Command = {
  words: ['date'],
  usage: DATE_USAGE,
  summary: 'read or set the station clock',
  run({ station, args }) {
    if (args.length > 0) {
      expectArgs(args, 1, 2, DATE_USAGE);
      const text = args.join(' ');
      const ms = parseDateTime(text);
      if (ms === undefined) throw badArgument(`'${text}' is not a valid time: ${DATE_USAGE}`);
      station.clock.setTime(ms);
      station.log.info('console', `clock set to ${new Date(ms).toISOString()}`);
      station.securityEvents.raise('SettingSystemTime', `set on the console to ${new Date(ms).toISOString()}`);
    }
    const now = station.clock.now();
    const time = new Date(now).toISOString();
    return { data: { time, epochMs: now }, text: [time] };
  },
};

const LOG_USAGE = 'log [n] [level info|warn|error]   (last n lines, default 20, at most 5000; only that level and worse)';

const log: Command = {
  words: ['log'],
  usage: LOG_USAGE,
  summary: 'last log lines: <ISO time>:<LEVEL>:<source>:<text>',
  run({ station, args }) {
    expectArgs(args, 0, 3, LOG_USAGE);
    const rest = [...args];
    const n = rest.length && rest[0]!.toLowerCase() !== 'level' ? intInRange(rest.shift(), 1, 5000, 'number of lines') : 20;
    let level: LogLevel = 'DEBUG';
    if (rest.length) {
      if (rest[0]!.toLowerCase() !== 'level' || rest.length !== 2) throw badArgument(`unexpected '${rest.join(' ')}': ${LOG_USAGE}`);
      level = keyword(rest[1], LOG_LEVELS, 'level');
    }
    const lines = station.log.recent(n, level).map(formatLogLine);
    return { data: { lines }, text: lines };
  },
};

const logErase: Command = {
  words: ['log-erase'],
  usage: 'log-erase confirm',
  summary: 'erase the station log',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'log-erase');
    station.log.erase();
    station.log.info('console', 'log erased');
    return { data: { erased: 'log' }, text: ['log erased'] };
  },
};

function rebootSoon(station: Station): void {
  station.afterReply(() => void station.restart('LocalReset'));
}

const reboot: Command = {
  words: ['reboot'],
  usage: 'reboot',
  summary: 'restart the station (boot reason LocalReset)',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'reboot');
    rebootSoon(station);
    return { data: { rebooting: true }, text: ['rebooting'] };
  },
};

const reset: Command = {
  words: ['reset'],
  usage: 'reset soft|hard',
  summary: 'reset as OCPP B11 would (both restart the firmware with boot reason LocalReset)',
  run({ station, args }) {
    expectArgs(args, 1, 1, 'reset soft|hard');
    const type = keyword(args[0], ['soft', 'hard'] as const, 'reset type');
    rebootSoon(station);
    const text = type === 'hard' ? ['hard reset: the firmware restarts as for a soft reset (LocalReset)', 'rebooting'] : ['rebooting'];
    return { data: { rebooting: true, type }, text };
  },
};

const eepromxErase: Command = {
  words: ['eepromx', 'erase', 'config'],
  usage: 'eepromx erase config confirm',
  summary: 'configuration back to factory defaults; network profiles erased',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'eepromx erase config');
    const variables = station.store.tx(() => {
      const changed = station.model.eraseConfig('console');
      station.network.eraseAll();
      return changed;
    });
    station.log.warn('console', `configuration erased (${variables} values back to default, network profiles erased)`);
    return {
      data: { erased: 'config', variables },
      text: [`configuration erased: ${variables} values back to default, network profiles erased`, 'reboot to apply'],
    };
  },
};

export const systemCommands: Command[] = [version, status, date, log, logErase, reboot, reset, eepromxErase];
