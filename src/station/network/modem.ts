/**
 * The mobile modem behind network interface Wireless0: power, SIM and
 * network registration, for the network profile the connection logic wants
 * to use (network/connection.ts starts it for a Wireless0 slot and stops it
 * when another interface carries the link: release notes "Stop modem when
 * not in use to save power").
 *
 * - SIM PIN: the profile's apn.simPin, read at each modem start (release
 *   notes "Repair SIM PIN checking when set from backoffice": a PIN a
 *   SetNetworkProfile wrote is used at the next start). A refused PIN is an
 *   error state, never retried: the SIM blocks after 3 wrong PINs.
 * - Registration: a denied attempt is retried after a back-off (release
 *   notes "Add a backoff delay to modem network registration retries"):
 *   REGISTRATION_RETRY_SEC, then the last delay for every further attempt.
 *   Each denied attempt counts as a failed connection attempt of the slot
 *   (B10 fallback after NetworkProfileConnectionAttempts).
 */
import type { ModemAttach, ModemPower, NetworkRegistration, SimState } from '../../hardware/interfaces.js';
import type { Timer } from '../clock.js';
import type { StationBase } from '../host.js';
import { Listeners } from '../listeners.js';
import type { ApnType } from './validate.js';

export type ModemHost = Pick<StationBase, 'clock' | 'log' | 'hardware'>;

/** Seconds between registration attempts after the 1st, 2nd … denial; the last one repeats. */
export const REGISTRATION_RETRY_SEC: readonly number[] = [10, 20, 40, 80, 160, 300];

export type ModemPhase = 'off' | 'starting' | 'unlocking' | 'registering' | 'registered' | 'retrying' | 'error';

/** What the connection logic hears from the modem it started for `slot`. */
export type ModemOutcome =
  | { kind: 'registered'; slot: number }
  /** fatal: retrying cannot help (SIM missing, PIN refused, no APN): the slot is given up at once */
  | { kind: 'failed'; slot: number; reason: string; fatal: boolean }
  /** the network dropped the registration; the modem registers again */
  | { kind: 'lost'; slot: number };

export interface ModemView {
  present: boolean;
  phase: ModemPhase;
  power: ModemPower | null;
  sim: SimState | null;
  registration: NetworkRegistration | null;
  /** the Wireless0 slot the modem works for */
  slot: number | null;
  apn: string | null;
  /** denied registrations in a row */
  failedRegistrations: number;
  nextRetryInSec: number | null;
  error: string | null;
  /** why the modem is off (power saving) */
  offReason: string | null;
  iccid: string | null;
  imsi: string | null;
}

/** The OCPP simPin (an integer) as the SIM takes it: at least 4 digits. */
export function pinText(simPin: number): string {
  return String(simPin).padStart(4, '0');
}

export class ModemBlock {
  readonly outcome = new Listeners<ModemOutcome>();
  private phase: ModemPhase = 'off';
  /** Bumped by every start and stop: what an older run was waiting for is ignored. */
  private run = 0;
  private slot?: number;
  private apn?: ApnType;
  private failedRegistrations = 0;
  private retryTimer?: Timer;
  private retryAt?: number;
  private error?: string;
  private offReason?: string = 'not used yet';
  private lastSim?: SimState;
  private ids: { iccid?: string; imsi?: string } = {};

  constructor(private readonly host: ModemHost) {
    host.hardware.modem?.registrationLost.on(() => this.registrationLost());
  }

  /** Registered on the mobile network for `slot` now. */
  registeredFor(slot: number): boolean {
    return this.phase === 'registered' && this.slot === slot;
  }

  /** ICCID / IMSI as last read from the SIM (BootNotification's modem). */
  identity(): { iccid?: string; imsi?: string } | undefined {
    return this.ids.iccid || this.ids.imsi ? { ...this.ids } : undefined;
  }

  /** Bring the modem up for a Wireless0 profile; the outcome follows on `outcome`. */
  start(slot: number, apn: ApnType | undefined): void {
    if (this.slot === slot && sameApn(this.apn, apn) && !['off', 'error'].includes(this.phase)) {
      if (this.phase === 'registered') this.outcome.emit({ kind: 'registered', slot });
      return;
    }
    this.halt();
    const run = ++this.run;
    this.slot = slot;
    this.apn = apn;
    this.error = this.offReason = undefined;
    this.failedRegistrations = 0;
    void this.bringUp(run).catch((err: Error) => this.fail(run, `modem: ${err.message}`, true));
  }

  /** Power the modem down (another interface carries the link, or the station stops). */
  stop(why: string): void {
    // an error state stays to be seen (the modem is already off) until the next start
    if (this.phase === 'off' || this.phase === 'error') {
      this.offReason = why;
      return;
    }
    this.run++;
    this.halt();
    this.phase = 'off';
    this.offReason = why;
    this.host.log.info('modem', `modem off: ${why}`);
  }

  view(): ModemView {
    const modem = this.host.hardware.modem;
    return {
      present: modem !== undefined,
      phase: this.phase,
      power: modem?.power ?? null,
      sim: modem && modem.power === 'on' ? modem.simState() : (this.lastSim ?? null),
      registration: modem?.registration ?? null,
      slot: this.slot ?? null,
      apn: this.apn?.apn ?? null,
      failedRegistrations: this.failedRegistrations,
      nextRetryInSec: this.retryAt === undefined ? null : Math.max(0, Math.ceil((this.retryAt - this.host.clock.elapsed()) / 1000)),
      error: this.error ?? null,
      offReason: this.phase === 'off' ? (this.offReason ?? null) : null,
      iccid: this.ids.iccid ?? null,
      imsi: this.ids.imsi ?? null,
    };
  }

  private async bringUp(run: number): Promise<void> {
    const modem = this.host.hardware.modem;
    const slot = this.slot!;
    if (!modem) return this.fail(run, 'this charger has no mobile modem', true);
    if (!this.apn) return this.fail(run, `network profile slot ${slot} (Wireless0) has no APN`, true);
    this.phase = 'starting';
    this.host.log.info('modem', `modem powering up for slot ${slot} (APN ${this.apn.apn})`);
    await modem.powerOn();
    if (run !== this.run) return;
    this.lastSim = modem.simState();
    this.readIdentity();
    if (this.lastSim === 'notInserted') return this.fail(run, 'no SIM card inserted', true);
    if (this.lastSim === 'blocked') return this.fail(run, 'the SIM is blocked (3 wrong PINs): it needs its PUK', true);
    if (this.lastSim === 'pinRequired') {
      const simPin = this.apn.simPin;
      if (simPin === undefined) return this.fail(run, `the SIM asks for a PIN and network profile slot ${slot} has none (apn.simPin)`, true);
      this.phase = 'unlocking';
      const accepted = await modem.enterPin(pinText(simPin));
      if (run !== this.run) return;
      this.lastSim = modem.simState();
      if (!accepted) {
        // one try per start: an endless retry would use up the SIM's 3 tries and block it
        return this.fail(run, `the SIM refused the PIN of network profile slot ${slot}: not tried again (a SIM blocks after 3 wrong PINs); a new simPin is used at the next modem start`, true);
      }
      this.readIdentity();
    }
    await this.register(run);
  }

  private async register(run: number): Promise<void> {
    const modem = this.host.hardware.modem!;
    this.phase = 'registering';
    this.retryAt = undefined;
    const answer = await modem.register(attachOf(this.apn!));
    if (run !== this.run) return;
    const slot = this.slot!;
    if (answer === 'registered') {
      this.failedRegistrations = 0;
      this.phase = 'registered';
      this.error = undefined;
      this.host.log.info('modem', `registered on the mobile network (APN ${this.apn!.apn})`);
      this.outcome.emit({ kind: 'registered', slot });
      return;
    }
    this.failedRegistrations++;
    const delaySec = REGISTRATION_RETRY_SEC[Math.min(this.failedRegistrations, REGISTRATION_RETRY_SEC.length) - 1]!;
    this.phase = 'retrying';
    this.error = 'the mobile network denied the registration';
    this.retryAt = this.host.clock.elapsed() + delaySec * 1000;
    // the timer first: the outcome may make the connection stop the modem (fallback), which clears it
    this.retryTimer = this.host.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (run === this.run) void this.register(run).catch((err: Error) => this.fail(run, `modem: ${err.message}`, true));
    }, delaySec * 1000);
    this.host.log.warn('modem', `registration denied (${this.failedRegistrations} in a row): next attempt in ${delaySec} s`);
    this.outcome.emit({ kind: 'failed', slot, reason: `mobile network registration denied (${this.failedRegistrations} in a row)`, fatal: false });
  }

  private registrationLost(): void {
    if (this.phase !== 'registered') return;
    const run = this.run;
    this.host.log.warn('modem', 'the mobile network dropped the registration: registering again');
    this.outcome.emit({ kind: 'lost', slot: this.slot! });
    if (run === this.run) void this.register(run).catch((err: Error) => this.fail(run, `modem: ${err.message}`, true));
  }

  /** An error state: the modem goes off and stays so until the next start. */
  private fail(run: number, reason: string, fatal: boolean): void {
    if (run !== this.run) return;
    this.halt();
    this.phase = 'error';
    this.error = reason;
    this.host.log.error('modem', reason);
    this.outcome.emit({ kind: 'failed', slot: this.slot!, reason, fatal });
  }

  private readIdentity(): void {
    const modem = this.host.hardware.modem!;
    if (modem.simState() === 'notInserted') {
      this.ids = {};
      return;
    }
    const read = modem.identity();
    this.ids = read.iccid === this.ids.iccid ? { ...this.ids, ...read } : read;
  }

  private halt(): void {
    this.host.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.retryAt = undefined;
    this.host.hardware.modem?.powerOff();
  }
}

function attachOf(apn: ApnType): ModemAttach {
  return {
    apn: apn.apn,
    userName: apn.apnUserName,
    password: apn.apnPassword,
    authentication: apn.apnAuthentication,
    preferredNetwork: apn.preferredNetwork,
    useOnlyPreferredNetwork: apn.useOnlyPreferredNetwork,
  };
}

function sameApn(a: ApnType | undefined, b: ApnType | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
