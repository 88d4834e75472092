import {
  type ApnAuthentication,
  checkCsmsUrl,
  checkInterface,
  FIRST_SLOT,
  INTERFACE_USE,
  LAST_SLOT,
  MAX_PRIORITIES,
  type NetworkConnectionProfile,
  NetworkProfileError,
  parseInterface,
} from '../../network/profiles.js';
import type { Station } from '../../station.js';
import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, dash, expectArgs, intInRange, keyword } from './args.js';
import { modemSummary } from './modem.js';
import type { ModemView } from '../../network/modem.js';

export type NetworkState = 'connected' | 'connecting' | 'active' | 'pending reboot' | 'failed' | 'standby' | 'unused';

/** One row of `network` (JSON data). */
export interface NetworkProfileView {
  slot: number;
  /** 1 highest .. 4 lowest; null when not in NetworkConfigurationPriority. */
  priority: number | null;
  interface: string;
  url: string;
  securityProfile: number;
  ocppVersion: '2.0.1' | '1.6';
  messageTimeout: number;
  apn: { name: string; user: string | null; passwordSet: boolean; simPinSet: boolean; authentication: string } | null;
  /**
   * connected: in use and linked; connecting: in use, not linked (yet);
   * active: the one the station connects with when it starts (not running);
   * pending reboot: first in NetworkConfigurationPriority but not in use until
   * the next boot; failed: given up on since boot (B10 fallback);
   * standby: in the priority list; unused: not in it.
   */
  state: NetworkState;
  /** why a slot in use or given up on could not connect */
  lastError: string | null;
}

const SLOTS = `${FIRST_SLOT}..${LAST_SLOT}`;
const SET_USAGE = `network set <slot ${SLOTS}> <Wired0|Wireless0> <ws(s)://url> [sp <0-3>] [apn <name> [user <u>] [password <p>] [pin <SIM PIN>] [auth auto|chap|pap|none]] [timeout <s>] [ocpp 2.0.1|1.6]`;

/** Run a NetworkProfiles call, turning its refusal into a console error. */
function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof NetworkProfileError) throw new ConsoleError(err.code, err.message);
    throw err;
  }
}

function slotArg(text: string | undefined): number {
  return intInRange(text, FIRST_SLOT, LAST_SLOT, 'slot');
}

/** The slot the station uses now: the one its link was configured with, or, before it ran, the one it will start with. */
export function slotInUse(station: Station): number | undefined {
  return station.lifecycle.running ? station.connection.inUse() : station.network.active()?.slot;
}

function stateOf(station: Station, slot: number, first: boolean, listed: boolean): { state: NetworkState; lastError: string | null } {
  const running = station.lifecycle.running;
  const inUse = slotInUse(station);
  const failed = station.connection.failedSlots().get(slot);
  if (slot === inUse) {
    if (!running) return { state: 'active', lastError: null };
    return station.connected ? { state: 'connected', lastError: null } : { state: 'connecting', lastError: station.connection.lastConnectError() ?? null };
  }
  if (failed !== undefined) return { state: 'failed', lastError: failed };
  if (first && running) return { state: 'pending reboot', lastError: null };
  return { state: listed ? 'standby' : 'unused', lastError: null };
}

export function networkView(station: Station): { profiles: NetworkProfileView[]; priority: number[]; activeSlot: number | null; modem: ModemView } {
  const entries = station.network.list();
  const order = station.network.priority();
  const first = entries.find((e) => e.active)?.slot;
  const profiles = entries.map(({ slot, priority, profile }) => ({
    slot,
    priority: priority ?? null,
    interface: profile.ocppInterface,
    url: profile.ocppCsmsUrl,
    securityProfile: profile.securityProfile,
    ocppVersion: profile.ocppVersion === 'OCPP16' ? ('1.6' as const) : ('2.0.1' as const),
    messageTimeout: profile.messageTimeout,
    apn: profile.apn
      ? {
          name: profile.apn.apn,
          user: profile.apn.apnUserName ?? null,
          passwordSet: !!profile.apn.apnPassword,
          simPinSet: profile.apn.simPin !== undefined,
          authentication: profile.apn.apnAuthentication,
        }
      : null,
    ...stateOf(station, slot, slot === first, priority !== undefined),
  }));
  return { profiles, priority: order, activeSlot: slotInUse(station) ?? null, modem: station.modem.view() };
}

function networkText(view: ReturnType<typeof networkView>): string[] {
  if (view.profiles.length === 0) return [`no network profiles: network set <slot> <interface> <url> (slots ${SLOTS})`];
  const rows: Array<Array<string | number>> = [['slot', 'prio', 'interface', 'url', 'sp', 'ocpp', 'apn', 'state']];
  for (const p of view.profiles) {
    rows.push([p.slot, dash(p.priority), p.interface, p.url, p.securityProfile, p.ocppVersion, dash(p.apn?.name), p.state]);
  }
  const why = view.profiles.filter((p) => p.lastError).map((p) => `slot ${p.slot} ${p.state}: ${p.lastError}`);
  const modem = view.profiles.some((p) => p.interface === 'Wireless0' && p.state !== 'unused' && p.state !== 'active') ? [`modem: ${modemSummary(view.modem)}`] : [];
  return [...columns(rows), ...why, ...modem];
}

const list: Command = {
  words: ['network'],
  usage: 'network',
  summary: 'list network profiles: slot, priority (1 highest .. 4 lowest), interface, url, security profile, state',
  run({ station, args }) {
    if (args.length > 0) throw badArgument(`unknown 'network ${args[0]}': use network, network set, network priority, network remove`);
    const view = networkView(station);
    return { data: view, text: networkText(view) };
  },
};

const set: Command = {
  words: ['network', 'set'],
  service: true,
  usage: SET_USAGE,
  summary: `write a connection profile into slot ${SLOTS} (what SetNetworkProfile writes); Wired0 ethernet, Wireless0 mobile`,
  run({ station, args }) {
    if (args.length < 3) throw badArgument(`missing argument: ${SET_USAGE}`);
    const slot = slotArg(args[0]);
    const iface = parseInterface(args[1]!);
    if (!iface) throw badArgument(`unknown interface '${args[1]}': use Wired0 (ethernet) or Wireless0 (mobile network)`);
    attempt(() => checkInterface(iface));
    const url = args[2]!;
    const scheme = attempt(() => checkCsmsUrl(url));

    let sp: number | undefined;
    let timeout: number | undefined;
    let ocppVersion: 'OCPP20' | 'OCPP16' = 'OCPP20';
    let apn: { apn: string; apnUserName?: string; apnPassword?: string; simPin?: number; apnAuthentication: ApnAuthentication } | undefined;
    const seen = new Set<string>();
    for (let i = 3; i < args.length; i += 2) {
      const word = args[i]!.toLowerCase();
      const value = args[i + 1];
      if (!['sp', 'apn', 'user', 'password', 'pin', 'auth', 'timeout', 'ocpp'].includes(word)) throw badArgument(`unexpected '${args[i]}': ${SET_USAGE}`);
      if (seen.has(word)) throw badArgument(`'${word}' given twice`);
      seen.add(word);
      if (value === undefined) throw badArgument(`'${word}' needs a value: ${SET_USAGE}`);
      switch (word) {
        case 'sp':
          sp = intInRange(value, 0, 3, 'security profile');
          break;
        case 'timeout':
          timeout = intInRange(value, 1, 3600, 'message timeout (s)');
          break;
        case 'ocpp':
          ocppVersion = keyword(value, ['2.0.1', '1.6'] as const, 'OCPP version') === '1.6' ? 'OCPP16' : 'OCPP20';
          break;
        case 'apn':
          if (iface !== 'Wireless0') throw badArgument(`an APN only applies to Wireless0 (mobile network), not ${iface}`);
          if (value.length < 1 || value.length > 512) throw badArgument('the APN name must be 1..512 characters');
          apn = { apn: value, apnAuthentication: 'AUTO' };
          break;
        case 'user':
        case 'password':
        case 'pin':
        case 'auth':
          if (!apn) throw badArgument(`'${word}' belongs to an APN: give 'apn <name>' before it`);
          if (word === 'pin') {
            if (!/^\d{4,8}$/.test(value)) throw badArgument(`a SIM PIN is 4 to 8 digits, got '${value}'`);
            apn.simPin = Number(value);
          } else if (word === 'auth') apn.apnAuthentication = keyword(value, ['AUTO', 'CHAP', 'PAP', 'NONE'] as const, 'APN authentication');
          else if (value.length > 20) throw badArgument(`the APN ${word} must be at most 20 characters`);
          else if (word === 'user') apn.apnUserName = value;
          else apn.apnPassword = value;
          break;
      }
    }
    const securityProfile = sp ?? (scheme === 'wss' ? 2 : 0);
    if (securityProfile >= 2 && scheme !== 'wss') throw badArgument(`security profile ${securityProfile} needs a wss:// url (TLS)`);
    const profile: NetworkConnectionProfile = {
      ocppVersion,
      ocppTransport: 'JSON',
      ocppCsmsUrl: url,
      messageTimeout: timeout ?? station.network.defaultMessageTimeout(),
      securityProfile,
      ocppInterface: iface,
    };
    if (apn) profile.apn = apn;
    // A station with no usable profile yet uses the first one written (the README's provisioning path).
    const firstProfile = !station.network.active();
    attempt(() => station.network.set(slot, profile));
    if (firstProfile) attempt(() => station.network.setPriority(slot, 1));
    const view = networkView(station);
    const row = view.profiles.find((p) => p.slot === slot)!;
    const text = networkText({ ...view, profiles: [row] });
    let hint: string | undefined;
    if (firstProfile) hint = `slot ${slot} is the first profile: it is now NetworkConfigurationPriority 1${station.lifecycle.running ? ' (reboot to connect with it)' : ''}`;
    else if (row.priority === null) hint = `slot ${slot} is not in NetworkConfigurationPriority: 'network priority ${slot} <1-${MAX_PRIORITIES}>' to use it`;
    else if (row.state === 'pending reboot' || (row.slot === slotInUse(station) && station.lifecycle.running)) hint = `the station uses the new profile from its next boot: 'reboot'`;
    if (hint) text.push(hint);
    return { data: hint ? { ...row, hint } : row, text };
  },
};

const PRIORITY_USAGE = `network priority <slot ${SLOTS}> <1-${MAX_PRIORITIES}|off>   (1 highest .. ${MAX_PRIORITIES} lowest)`;

const priority: Command = {
  words: ['network', 'priority'],
  service: true,
  usage: PRIORITY_USAGE,
  summary: 'place a slot in NetworkConfigurationPriority (1 highest .. 4 lowest) or take it out (off)',
  run({ station, args }) {
    expectArgs(args, 2, 2, PRIORITY_USAGE);
    const slot = slotArg(args[0]);
    const where = args[1]!.toLowerCase() === 'off' ? 'off' : intInRange(args[1], 1, MAX_PRIORITIES, 'priority (or off)');
    attempt(() => station.network.setPriority(slot, where));
    const view = networkView(station);
    const text = [`NetworkConfigurationPriority ${view.priority.length ? view.priority.join(',') : '(empty)'}`];
    let hint: string | undefined;
    if (view.priority.length === 0) hint = 'no profile in use: the station will not connect to a CSMS';
    else if (view.profiles.some((p) => p.state === 'pending reboot')) hint = `slot ${view.priority[0]} takes effect at the next boot (B10): 'reboot'`;
    else if (!station.lifecycle.running) hint = `the station connects with slot ${view.priority[0]} when it starts`;
    if (hint) text.push(hint);
    return { data: hint ? { ...view, hint } : view, text: [...text, ...networkText(view)] };
  },
};

const REMOVE_USAGE = `network remove <slot ${SLOTS}>`;

const remove: Command = {
  words: ['network', 'remove'],
  service: true,
  usage: REMOVE_USAGE,
  summary: 'delete a profile that is not in NetworkConfigurationPriority',
  run({ station, args }) {
    expectArgs(args, 1, 1, REMOVE_USAGE);
    const slot = slotArg(args[0]);
    attempt(() => station.network.remove(slot));
    const view = networkView(station);
    return { data: { removed: slot, ...view }, text: [`slot ${slot} removed`] };
  },
};

const interfaces: Command = {
  words: ['network', 'interfaces'],
  usage: 'network interfaces',
  summary: 'what each OCPP interface name is on this charger',
  run({ args }) {
    expectArgs(args, 0, 0, 'network interfaces');
    const rows = Object.entries(INTERFACE_USE).map(([name, use]) => ({ interface: name, use, supported: name === 'Wired0' || name === 'Wireless0' }));
    return { data: { interfaces: rows }, text: columns(rows.map((r) => [r.interface, r.use])) };
  },
};

export const networkCommands: Command[] = [list, set, priority, remove, interfaces];
