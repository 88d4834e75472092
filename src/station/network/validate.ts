import { NETWORK_SLOTS } from '../model/define.js';

/**
 * Network connection profiles (OCPP 2.0.1 B09/B10): the types, the slots and
 * the checks a profile passes before it is stored. Release notes 6.0.0:
 * Wired0 is ethernet, Wireless0 the mobile network, Wireless1 wifi (not
 * supported yet); the other interfaces are not used. In
 * OCPPCommCtrlr.NetworkConfigurationPriority priority 1 is the highest, 4 the lowest.
 */

export type OcppInterface = 'Wired0' | 'Wired1' | 'Wired2' | 'Wired3' | 'Wireless0' | 'Wireless1' | 'Wireless2' | 'Wireless3';
export type OcppProtocol = 'OCPP12' | 'OCPP15' | 'OCPP16' | 'OCPP20';
export type ApnAuthentication = 'CHAP' | 'NONE' | 'PAP' | 'AUTO';

export interface ApnType {
  apn: string;
  apnUserName?: string;
  apnPassword?: string;
  simPin?: number;
  preferredNetwork?: string;
  useOnlyPreferredNetwork?: boolean;
  apnAuthentication: ApnAuthentication;
}

/** NetworkConnectionProfileType of OCPP 2.0.1. */
export interface NetworkConnectionProfile {
  ocppVersion: OcppProtocol;
  ocppTransport: 'JSON' | 'SOAP';
  ocppCsmsUrl: string;
  messageTimeout: number;
  securityProfile: number;
  ocppInterface: OcppInterface;
  apn?: ApnType;
  vpn?: unknown;
}

export interface NetworkProfileEntry {
  slot: number;
  /** 1 (highest) .. 4 (lowest); undefined when the slot is not in NetworkConfigurationPriority. */
  priority: number | undefined;
  profile: NetworkConnectionProfile;
  /** The profile the station connects with (highest-priority existing slot). */
  active: boolean;
}

export interface SetNetworkProfileResponse {
  status: 'Accepted' | 'Rejected';
  statusInfo?: { reasonCode: string; additionalInfo?: string };
}

/** Configuration slots a profile can be stored in (the valuesList of NetworkConfigurationPriority). */
export const SLOTS: readonly number[] = NETWORK_SLOTS;
export const FIRST_SLOT = Math.min(...SLOTS);
export const LAST_SLOT = Math.max(...SLOTS);
/** NetworkConfigurationPriority holds at most this many slots. */
export const MAX_PRIORITIES = 4;
export const PRIORITY_KEY = 'OCPPCommCtrlr.NetworkConfigurationPriority';
export const ACTIVE_SLOT_KEY = 'OCPPCommCtrlr.ActiveNetworkProfile';
export const MESSAGE_TIMEOUT_KEY = 'OCPPCommCtrlr.MessageTimeout:Default';
export const DEFAULT_MESSAGE_TIMEOUT = 30;

export const INTERFACES: readonly OcppInterface[] = ['Wired0', 'Wired1', 'Wired2', 'Wired3', 'Wireless0', 'Wireless1', 'Wireless2', 'Wireless3'];
/** What each interface is on an NG9xx (release notes 6.0.0). */
export const INTERFACE_USE: Record<OcppInterface, string> = {
  Wired0: 'ethernet',
  Wired1: 'not used',
  Wired2: 'not used',
  Wired3: 'not used',
  Wireless0: 'mobile network',
  Wireless1: 'wifi (not supported yet)',
  Wireless2: 'not used',
  Wireless3: 'not used',
};

/**
 * A profile or priority that cannot be written. `code` is the console error
 * code; `reasonCode` what a SetNetworkProfileResponse carries.
 */
export class NetworkProfileError extends Error {
  constructor(
    readonly code: 'BAD_ARGUMENT' | 'NOT_SUPPORTED',
    message: string,
    readonly reasonCode = 'InvalidNetworkConf',
  ) {
    super(message);
    this.name = 'NetworkProfileError';
  }
}

/** A BAD_ARGUMENT refusal (reasonCode InvalidNetworkConf unless given). */
export function bad(message: string, reasonCode?: string): NetworkProfileError {
  return new NetworkProfileError('BAD_ARGUMENT', message, reasonCode);
}

export function isSlot(slot: unknown): slot is number {
  return Number.isInteger(slot) && SLOTS.includes(slot as number);
}

export function checkSlot(slot: number): void {
  if (!isSlot(slot)) throw bad(`slot must be ${FIRST_SLOT}..${LAST_SLOT}, got ${slot}`, 'InvalidConfSlot');
}

/** The interface name in its OCPP spelling, case-insensitively; undefined when unknown. */
export function parseInterface(text: string): OcppInterface | undefined {
  return INTERFACES.find((i) => i.toLowerCase() === text.toLowerCase());
}

/** Refuse an interface this firmware does not use; NOT_SUPPORTED for wifi. */
export function checkInterface(ocppInterface: string): OcppInterface {
  const known = parseInterface(ocppInterface);
  if (!known || known !== ocppInterface) throw bad(`unknown interface '${ocppInterface}': use Wired0 (ethernet) or Wireless0 (mobile network)`);
  if (known === 'Wireless1') throw new NetworkProfileError('NOT_SUPPORTED', 'Wireless1 (wifi) is not supported yet: use Wired0 (ethernet) or Wireless0 (mobile network)');
  if (known !== 'Wired0' && known !== 'Wireless0') throw bad(`${known} is not used on this charger: use Wired0 (ethernet) or Wireless0 (mobile network)`);
  return known;
}

function isString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

/** Check a CSMS URL: ws:// or wss://, with a host. Returns the scheme. */
export function checkCsmsUrl(url: unknown): 'ws' | 'wss' {
  if (typeof url !== 'string' || url.length === 0) throw bad('the CSMS url is missing: give ws://host[:port]/path or wss://...');
  if (url.length > 512) throw bad('the CSMS url is longer than 512 characters');
  const m = /^(wss?):\/\//i.exec(url);
  if (!m) throw bad(`'${url}' is not a websocket url: it must start with ws:// or wss://`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(`'${url}' is not a valid url`);
  }
  if (!parsed.hostname) throw bad(`'${url}' has no host`);
  return m[1]!.toLowerCase() as 'ws' | 'wss';
}

/**
 * Validate a NetworkConnectionProfile as this firmware can use it. Returns a
 * clean copy (known fields only) or throws NetworkProfileError.
 */
export function validateProfile(input: unknown): NetworkConnectionProfile {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('the profile must be an object');
  const p = input as Record<string, unknown>;
  if (p.ocppVersion !== 'OCPP20' && p.ocppVersion !== 'OCPP16') {
    throw bad(`ocppVersion ${JSON.stringify(p.ocppVersion)} is not supported: use OCPP20 (2.0.1) or OCPP16 (1.6)`);
  }
  if (p.ocppTransport !== 'JSON') throw bad(`ocppTransport ${JSON.stringify(p.ocppTransport)} is not supported: only JSON`);
  const scheme = checkCsmsUrl(p.ocppCsmsUrl);
  if (!Number.isInteger(p.messageTimeout) || (p.messageTimeout as number) < 1 || (p.messageTimeout as number) > 3600) {
    throw bad(`messageTimeout must be 1..3600 seconds, got ${JSON.stringify(p.messageTimeout)}`);
  }
  const sp = p.securityProfile;
  if (!Number.isInteger(sp) || (sp as number) < 0 || (sp as number) > 3) throw bad(`security profile must be 0..3, got ${JSON.stringify(sp)}`);
  if ((sp as number) >= 2 && scheme !== 'wss') throw bad(`security profile ${sp} needs a wss:// url (TLS)`);
  if (typeof p.ocppInterface !== 'string') throw bad('ocppInterface is missing: use Wired0 or Wireless0');
  const ocppInterface = checkInterface(p.ocppInterface);
  if (p.vpn !== undefined) throw new NetworkProfileError('NOT_SUPPORTED', 'VPN profiles are not supported', 'InvalidNetworkConf');
  const profile: NetworkConnectionProfile = {
    ocppVersion: p.ocppVersion,
    ocppTransport: 'JSON',
    ocppCsmsUrl: p.ocppCsmsUrl as string,
    messageTimeout: p.messageTimeout as number,
    securityProfile: sp as number,
    ocppInterface,
  };
  if (p.apn !== undefined) profile.apn = validateApn(p.apn);
  return profile;
}

function validateApn(input: unknown): ApnType {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('apn must be an object');
  const a = input as Record<string, unknown>;
  if (!isString(a.apn, 512) || a.apn.length === 0) throw bad('the APN name must be 1..512 characters');
  const auth = a.apnAuthentication;
  if (auth !== 'CHAP' && auth !== 'NONE' && auth !== 'PAP' && auth !== 'AUTO') throw bad(`apnAuthentication must be CHAP, NONE, PAP or AUTO, got ${JSON.stringify(auth)}`);
  const apn: ApnType = { apn: a.apn, apnAuthentication: auth };
  if (a.apnUserName !== undefined) {
    if (!isString(a.apnUserName, 20)) throw bad('the APN user name must be at most 20 characters');
    apn.apnUserName = a.apnUserName;
  }
  if (a.apnPassword !== undefined) {
    if (!isString(a.apnPassword, 20)) throw bad('the APN password must be at most 20 characters');
    apn.apnPassword = a.apnPassword;
  }
  if (a.simPin !== undefined) {
    if (!Number.isInteger(a.simPin) || (a.simPin as number) < 0) throw bad('simPin must be a non-negative integer');
    apn.simPin = a.simPin as number;
  }
  if (a.preferredNetwork !== undefined) {
    if (!isString(a.preferredNetwork, 6)) throw bad('preferredNetwork must be at most 6 characters');
    apn.preferredNetwork = a.preferredNetwork;
  }
  if (a.useOnlyPreferredNetwork !== undefined) {
    if (typeof a.useOnlyPreferredNetwork !== 'boolean') throw bad('useOnlyPreferredNetwork must be true or false');
    apn.useOnlyPreferredNetwork = a.useOnlyPreferredNetwork;
  }
  return apn;
}

/** Parse a NetworkConfigurationPriority value ("1,3") into slots; throws on bad entries. */
export function parsePriority(value: string): number[] {
  const text = value.trim();
  if (text === '') return [];
  const slots = text.split(',').map((s) => {
    const t = s.trim();
    const n = /^\d+$/.test(t) ? Number(t) : NaN;
    if (!isSlot(n)) throw bad(`'${t}' is not a configuration slot (${FIRST_SLOT}..${LAST_SLOT})`, 'InvalidConfSlot');
    return n;
  });
  if (new Set(slots).size !== slots.length) throw bad('a slot appears twice in NetworkConfigurationPriority');
  if (slots.length > MAX_PRIORITIES) throw bad(`NetworkConfigurationPriority holds at most ${MAX_PRIORITIES} slots`);
  return slots;
}
