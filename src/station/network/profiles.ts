import { Listeners } from '../listeners.js';
import { NETWORK_SLOTS } from '../model/define.js';
import type { DeviceModelApi, DeviceModelConsoleApi, VariableChange } from '../model/types.js';
import type { Store } from '../store/store.js';

/**
 * Network connection profiles (OCPP 2.0.1 B09/B10) and their order in
 * OCPPCommCtrlr.NetworkConfigurationPriority. Release notes 6.0.0: Wired0 is
 * ethernet, Wireless0 the mobile network, Wireless1 wifi (not supported yet);
 * the other interfaces are not used. Priority 1 is the highest, 4 the lowest.
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
const ACTIVE_SLOT_KEY = 'OCPPCommCtrlr.ActiveNetworkProfile';
const MESSAGE_TIMEOUT_KEY = 'OCPPCommCtrlr.MessageTimeout:Default';
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

function bad(message: string, reasonCode?: string): NetworkProfileError {
  return new NetworkProfileError('BAD_ARGUMENT', message, reasonCode);
}

export function isSlot(slot: unknown): slot is number {
  return Number.isInteger(slot) && SLOTS.includes(slot as number);
}

function checkSlot(slot: number): void {
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

export class NetworkProfiles {
  /** Fires after a profile or the priority changed (the station may reconnect). */
  readonly changed = new Listeners<void>();

  private writingPriority = false;

  constructor(
    private readonly store: Store,
    private readonly model: DeviceModelApi,
  ) {
    // A CSMS (SetVariables) or technician (config set) write of the priority:
    // only slots that hold a profile, and tell whoever follows the active profile.
    const withValidators = model as Partial<DeviceModelConsoleApi>;
    withValidators.addValidator?.(PRIORITY_KEY, (value, source) => (source === 'station' ? undefined : this.priorityProblem(value)));
    model.onChange((change) => {
      if (!this.writingPriority && isPriorityChange(change)) this.changedNow();
    });
    this.syncLiveVariables();
  }

  /** Why a NetworkConfigurationPriority value written from outside cannot be used, or undefined. */
  priorityProblem(value: string): { reasonCode: string; additionalInfo: string } | undefined {
    try {
      const missing = parsePriority(value).filter((slot) => !this.get(slot));
      if (missing.length === 0) return undefined;
      return { reasonCode: 'InvalidConfSlot', additionalInfo: `no network profile in slot ${missing.join(',')}` };
    } catch (err) {
      if (err instanceof NetworkProfileError) return { reasonCode: err.reasonCode, additionalInfo: err.message };
      throw err;
    }
  }

  /** All stored profiles, by slot. */
  list(): NetworkProfileEntry[] {
    const priority = this.priority();
    const rows = this.rows();
    const active = this.activeSlot(priority, rows);
    return [...rows.entries()]
      .sort(([a], [b]) => a - b)
      .map(([slot, profile]) => {
        const i = priority.indexOf(slot);
        return { slot, priority: i < 0 ? undefined : i + 1, profile, active: slot === active };
      });
  }

  get(slot: number): NetworkConnectionProfile | undefined {
    const row = this.store.db.prepare('SELECT profile FROM network_profiles WHERE slot = ?').get(slot) as { profile: string } | undefined;
    return row ? parseStored(row.profile) : undefined;
  }

  /** Write a profile into a slot (validated). Returns the stored profile. */
  set(slot: number, profile: unknown): NetworkConnectionProfile {
    checkSlot(slot);
    const clean = validateProfile(profile);
    this.write(slot, clean);
    this.changedNow();
    return clean;
  }

  /** The slots of NetworkConfigurationPriority, first = highest priority. */
  priority(): number[] {
    let value: string;
    try {
      value = this.model.getString(PRIORITY_KEY);
    } catch {
      return [];
    }
    return value
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => isSlot(n));
  }

  /**
   * Place `slot` at `priority` (1 highest .. 4 lowest) in
   * NetworkConfigurationPriority, or take it out ('off'). Returns the new list.
   */
  setPriority(slot: number, priority: number | 'off'): number[] {
    checkSlot(slot);
    const list = this.priority().filter((s) => s !== slot);
    if (priority !== 'off') {
      if (!Number.isInteger(priority) || priority < 1 || priority > MAX_PRIORITIES) throw bad(`priority must be 1 (highest) .. ${MAX_PRIORITIES} (lowest) or off`);
      if (!this.get(slot)) throw bad(`slot ${slot} holds no profile: write one first (network set ${slot} ...)`);
      if (list.length >= MAX_PRIORITIES) {
        throw bad(`NetworkConfigurationPriority already holds ${MAX_PRIORITIES} slots (${list.join(',')}): take one out first (network priority <slot> off)`);
      }
      list.splice(Math.min(priority - 1, list.length), 0, slot);
    } else if (list.length === 0) {
      throw bad(`slot ${slot} is the only one in NetworkConfigurationPriority, which cannot be empty: put another slot in first`);
    }
    this.writePriority(list);
    this.changedNow();
    return list;
  }

  /** Delete a profile that is not in NetworkConfigurationPriority. */
  remove(slot: number): void {
    checkSlot(slot);
    if (!this.get(slot)) throw bad(`slot ${slot} holds no profile`);
    const i = this.priority().indexOf(slot);
    if (i >= 0) throw bad(`slot ${slot} is in use (priority ${i + 1}): take it out first with 'network priority ${slot} off'`);
    this.store.db.prepare('DELETE FROM network_profiles WHERE slot = ?').run(slot);
    this.changedNow();
  }

  /**
   * Erase every profile (eepromx erase config); NetworkConfigurationPriority
   * goes back to its default, the first slot.
   */
  eraseAll(): void {
    this.store.tx(() => {
      this.store.db.prepare('DELETE FROM network_profiles').run();
      this.writePriority([SLOTS[0]!]);
    });
    this.changedNow();
  }

  /** The profile the station connects with: the highest-priority slot that holds one. */
  active(): { slot: number; profile: NetworkConnectionProfile } | undefined {
    const rows = this.rows();
    const slot = this.activeSlot(this.priority(), rows);
    return slot === undefined ? undefined : { slot, profile: rows.get(slot)! };
  }

  /**
   * The CLI's `--csms <url>`: slot 1 becomes a Wired0 profile with that URL
   * (its other fields kept) and goes first in NetworkConfigurationPriority.
   */
  useCsms(url: string, ocppVersion?: 'OCPP20' | 'OCPP16'): NetworkConnectionProfile {
    const scheme = checkCsmsUrl(url);
    const old = this.get(1);
    const keepSp = old && (scheme === 'wss' || old.securityProfile < 2);
    const profile: NetworkConnectionProfile = {
      ocppVersion: ocppVersion ?? old?.ocppVersion ?? 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: url,
      messageTimeout: old?.messageTimeout ?? this.defaultMessageTimeout(),
      securityProfile: keepSp ? old.securityProfile : scheme === 'wss' ? 2 : 0,
      ocppInterface: 'Wired0',
    };
    const clean = validateProfile(profile);
    this.store.tx(() => {
      this.write(1, clean);
      const list = [1, ...this.priority().filter((s) => s !== 1)].slice(0, MAX_PRIORITIES);
      this.writePriority(list);
    });
    this.changedNow();
    return clean;
  }

  /** B09 SetNetworkProfile: 'Accepted' when stored, 'Rejected' otherwise. */
  setFromCsms(slot: number, profile: unknown): 'Accepted' | 'Rejected' {
    return this.handleSetNetworkProfile(slot, profile).status;
  }

  /** B09 SetNetworkProfile with the response's statusInfo (reasonCode per B09.FR.02/04/05). */
  handleSetNetworkProfile(slot: number, profile: unknown): SetNetworkProfileResponse {
    try {
      if (!isSlot(slot)) throw bad(`configurationSlot ${slot} is not one of ${FIRST_SLOT}..${LAST_SLOT}`, 'InvalidConfSlot');
      const clean = validateProfile(profile);
      const current = this.activeSecurityProfile();
      if (current !== undefined && clean.securityProfile < current) {
        throw bad(`security profile ${clean.securityProfile} is lower than the active ${current}`, 'NoSecurityDowngrade');
      }
      this.set(slot, clean);
      return { status: 'Accepted' };
    } catch (err) {
      if (err instanceof NetworkProfileError) {
        return { status: 'Rejected', statusInfo: { reasonCode: err.reasonCode, additionalInfo: err.message.slice(0, 512) } };
      }
      throw err;
    }
  }

  /** The security profile in use: the active profile's, else SecurityCtrl.SecurityProfile if the model has it. */
  activeSecurityProfile(): number | undefined {
    const active = this.active();
    if (active) return active.profile.securityProfile;
    try {
      return this.model.getNumber('SecurityCtrl.SecurityProfile');
    } catch {
      return undefined;
    }
  }

  private defaultMessageTimeout(): number {
    try {
      const n = this.model.getNumber('OCPPCommCtrlr.MessageTimeout:Default');
      return Number.isInteger(n) && n >= 1 && n <= 3600 ? n : DEFAULT_MESSAGE_TIMEOUT;
    } catch {
      return DEFAULT_MESSAGE_TIMEOUT;
    }
  }

  /**
   * Keep the live variables that follow the active profile in step
   * (ActiveNetworkProfile, MessageTimeout:Default). Also call after a CSMS
   * SetVariables on NetworkConfigurationPriority.
   */
  syncLiveVariables(): void {
    const active = this.active();
    if (!active) return;
    for (const [key, value] of [
      [ACTIVE_SLOT_KEY, active.slot],
      [MESSAGE_TIMEOUT_KEY, active.profile.messageTimeout],
    ] as const) {
      try {
        this.model.setInternal(key, value);
      } catch {
        // a model without that variable: nothing to keep in step
      }
    }
  }

  private changedNow(): void {
    this.syncLiveVariables();
    this.changed.emit();
  }

  private writePriority(slots: number[]): void {
    this.writingPriority = true;
    try {
      this.model.setInternal(PRIORITY_KEY, slots.join(','));
    } finally {
      this.writingPriority = false;
    }
  }

  private write(slot: number, profile: NetworkConnectionProfile): void {
    this.store.db
      .prepare('INSERT INTO network_profiles (slot, profile) VALUES (?, ?) ON CONFLICT(slot) DO UPDATE SET profile = excluded.profile')
      .run(slot, JSON.stringify(profile));
  }

  private rows(): Map<number, NetworkConnectionProfile> {
    const rows = this.store.db.prepare('SELECT slot, profile FROM network_profiles ORDER BY slot').all() as Array<{ slot: number; profile: string }>;
    const map = new Map<number, NetworkConnectionProfile>();
    for (const row of rows) {
      const profile = parseStored(row.profile);
      if (profile) map.set(row.slot, profile);
    }
    return map;
  }

  private activeSlot(priority: number[], rows: Map<number, NetworkConnectionProfile>): number | undefined {
    return priority.find((slot) => rows.has(slot));
  }
}

function isPriorityChange(change: VariableChange): boolean {
  return change.component.name === 'OCPPCommCtrlr' && change.variable.name === 'NetworkConfigurationPriority';
}

function parseStored(text: string): NetworkConnectionProfile | undefined {
  try {
    return JSON.parse(text) as NetworkConnectionProfile;
  } catch {
    return undefined;
  }
}
