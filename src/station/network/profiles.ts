import { Listeners } from '../listeners.js';
import type { DeviceModelApi, DeviceModelConsoleApi, VariableChange } from '../model/types.js';
import type { Store } from '../store/store.js';
import {
  ACTIVE_SLOT_KEY,
  bad,
  checkCsmsUrl,
  checkSlot,
  DEFAULT_MESSAGE_TIMEOUT,
  FIRST_SLOT,
  isSlot,
  LAST_SLOT,
  MAX_PRIORITIES,
  MESSAGE_TIMEOUT_KEY,
  type NetworkConnectionProfile,
  NetworkProfileError,
  type NetworkProfileEntry,
  parsePriority,
  PRIORITY_KEY,
  type SetNetworkProfileResponse,
  SLOTS,
  validateProfile,
} from './validate.js';

export * from './validate.js';

/**
 * The stored network connection profiles (table network_profiles) and their
 * order in OCPPCommCtrlr.NetworkConfigurationPriority: what the console's
 * `network` commands, the CLI's --csms and B09 SetNetworkProfile write, and
 * what the station connects with.
 */
export class NetworkProfiles {
  /** Fires after a profile or the priority changed (the station may reconnect). */
  readonly changed = new Listeners<void>();

  private writingPriority = false;
  /** The stored profiles as last read outside a transaction (frozen: callers share them); dropped by every write. */
  private cached: ReadonlyMap<number, NetworkConnectionProfile> | undefined;

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
    return this.rows().get(slot);
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
    this.cached = undefined;
    this.store.db.prepare('DELETE FROM network_profiles WHERE station = @station AND slot = ?').run(slot);
    this.changedNow();
  }

  /**
   * Erase every profile (eepromx erase config); NetworkConfigurationPriority
   * goes back to its default, the first slot.
   */
  eraseAll(): void {
    this.cached = undefined;
    this.store.tx(() => {
      this.store.db.prepare('DELETE FROM network_profiles WHERE station = @station').run();
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
      if (clean.securityProfile < current) {
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

  /** The security profile in use: the active profile's, else SecurityCtrlr.SecurityProfile. */
  activeSecurityProfile(): number {
    return this.active()?.profile.securityProfile ?? this.model.getNumber('SecurityCtrlr.SecurityProfile');
  }

  /** messageTimeout for a new profile: OCPPCommCtrlr.MessageTimeout:Default when usable, else 30 s. */
  defaultMessageTimeout(): number {
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
    this.cached = undefined;
    this.store.db
      .prepare('INSERT INTO network_profiles (station, slot, profile) VALUES (@station, ?, ?) ON CONFLICT(station, slot) DO UPDATE SET profile = excluded.profile')
      .run(slot, JSON.stringify(profile));
  }

  private rows(): ReadonlyMap<number, NetworkConnectionProfile> {
    if (this.cached) return this.cached;
    const rows = this.store.db.prepare('SELECT slot, profile FROM network_profiles WHERE station = @station ORDER BY slot').all() as Array<{ slot: number; profile: string }>;
    const map = new Map<number, NetworkConnectionProfile>();
    for (const row of rows) {
      const profile = parseStored(row.profile);
      if (profile) map.set(row.slot, profile);
    }
    if (!this.store.inTransaction) this.cached = map;
    return map;
  }

  private activeSlot(priority: number[], rows: ReadonlyMap<number, NetworkConnectionProfile>): number | undefined {
    return priority.find((slot) => rows.has(slot));
  }
}

function isPriorityChange(change: VariableChange): boolean {
  return change.component.name === 'OCPPCommCtrlr' && change.variable.name === 'NetworkConfigurationPriority';
}

function parseStored(text: string): NetworkConnectionProfile | undefined {
  try {
    return deepFreeze(JSON.parse(text) as NetworkConnectionProfile);
  } catch {
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
