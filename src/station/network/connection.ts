import type { StationBase, OcppHost } from '../host.js';
import type { OcppLink } from '../ocpp/link.js';
import type { NetworkProfiles } from './profiles.js';
import type { LinkConfig } from '../ocpp/link.js';
import type { NetworkConnectionProfile } from './validate.js';
import type { ModemBlock, ModemOutcome } from './modem.js';

/** What this block needs of the station. */
export interface ConnectionHost extends Pick<StationBase, 'log' | 'model'>, Pick<OcppHost, 'actions' | 'connected'> {
  readonly link: Pick<OcppLink, 'on' | 'configure' | 'start' | 'stop' | 'adopt'>;
  readonly modem: Pick<ModemBlock, 'start' | 'stop' | 'outcome'>;
  readonly linkIsWanted: boolean;
  readonly network: Pick<NetworkProfiles, 'get' | 'handleSetNetworkProfile' | 'priority'>;
  linkConfigFor(profile: NetworkConnectionProfile | undefined): LinkConfig;
  readonly securityEvents: { raise(type: string, techInfo: string): void };
}

interface SetNetworkProfileRequest {
  configurationSlot: number;
  connectionData: unknown;
}

/**
 * Which profile the station connects with. B09: the CSMS stores profiles with
 * SetNetworkProfile. B10: the station connects with the highest-priority
 * profile of NetworkConfigurationPriority and, after
 * NetworkProfileConnectionAttempts failed attempts, falls back to the next
 * one (round robin). A new priority takes effect at the next boot.
 *
 * A Wireless0 profile connects over the mobile modem: the modem starts for
 * it and the websocket is opened only once the modem is registered; a modem
 * that cannot register counts as failed attempts of that slot, a SIM that
 * cannot work (missing, PIN refused) gives the slot up at once. While
 * another interface carries the link the modem is off (release notes "Stop
 * modem when not in use to save power").
 */
export class NetworkConnection {
  private index = 0;
  private failures = 0;
  /** The slot the link was configured with (at boot, or by a fallback); undefined before the first connect. */
  private slotInUse?: number;
  /** Slots given up on since boot, with why (B10 fallback). */
  private readonly givenUp = new Map<number, string>();
  private lastError?: string;

  constructor(private readonly station: ConnectionHost) {
    station.actions.register('SetNetworkProfile', (req: SetNetworkProfileRequest) => station.network.handleSetNetworkProfile(req.configurationSlot, req.connectionData));
    station.link.on('connectError', (err: Error) => this.attemptFailed(err));
    station.link.on('open', () => this.connected());
    station.modem.outcome.on((outcome) => this.modemOutcome(outcome));
  }

  /** At boot (and on a reconnect): connect with the highest-priority profile. False when there is none. */
  connect(): boolean {
    const first = this.begin();
    if (!first) return false;
    this.use(first);
    return true;
  }

  /** Connected over Wired0 with the highest-priority profile: what a woken station connects with again (adopt). */
  get onFirstChoice(): boolean {
    const first = this.index === 0 ? this.current() : undefined;
    return this.station.connected && first !== undefined && this.slotInUse === first.slot && first.profile.ocppInterface === 'Wired0';
  }

  /** A station woken from hibernation: the link takes the open socket over, configured for the first-choice profile. */
  adopt(socket: Parameters<OcppLink['adopt']>[0]): void {
    const first = this.begin();
    this.station.link.configure(this.station.linkConfigFor(first?.profile));
    this.station.link.adopt(socket);
  }

  /** Start again from the highest priority; returns the profile to connect with. */
  private begin(): { slot: number; profile: NetworkConnectionProfile } | undefined {
    this.index = 0;
    this.failures = 0;
    this.givenUp.clear();
    this.lastError = undefined;
    const current = this.current();
    this.slotInUse = current?.slot;
    return current;
  }

  /** The slot the link uses now (connected or trying), undefined before the station connected at all. */
  inUse(): number | undefined {
    return this.slotInUse;
  }

  /** Why the slot in use could not connect lately (undefined once it connects). */
  lastConnectError(): string | undefined {
    return this.lastError;
  }

  /** The slots this boot gave up on (B10), each with the last reason. */
  failedSlots(): ReadonlyMap<number, string> {
    return this.givenUp;
  }

  current(): { slot: number; profile: NetworkConnectionProfile } | undefined {
    const candidates = this.candidates();
    if (candidates.length === 0) return undefined;
    const slot = candidates[this.index % candidates.length]!;
    return { slot, profile: this.station.network.get(slot)! };
  }

  /**
   * The slots to try, in priority order. Never one of a lower security
   * profile than the first (the configured one): a failing TLS connection
   * does not fall back to plain ws:// (A05), nor profile 3 to 2.
   */
  private candidates(): number[] {
    const slots = this.station.network.priority().filter((slot) => this.station.network.get(slot) !== undefined);
    const configured = slots.length ? this.station.network.get(slots[0]!)!.securityProfile : 0;
    return slots.filter((slot) => this.station.network.get(slot)!.securityProfile >= configured);
  }

  private connected(): void {
    this.failures = 0;
    this.lastError = undefined;
    const current = this.current();
    if (!current) return;
    this.station.model.setInternal('OCPPCommCtrlr.ActiveNetworkProfile', current.slot);
    // issue 10: SecurityProfile reports the profile the link is connected with (A05 raises it through a profile of a higher one)
    const before = this.station.model.getNumber('SecurityCtrlr.SecurityProfile');
    this.station.model.setInternal('SecurityCtrlr.SecurityProfile', current.profile.securityProfile);
    // A05: a raised profile is a change of the security parameters
    if (current.profile.securityProfile > before && before >= 1) {
      this.station.securityEvents.raise('ReconfigurationOfSecurityParameters', `security profile ${before} → ${current.profile.securityProfile} (slot ${current.slot})`);
    }
  }

  /** Open the link with a profile: at once over Wired0, over Wireless0 once the modem is registered. */
  private use(target: { slot: number; profile: NetworkConnectionProfile }): void {
    this.slotInUse = target.slot;
    if (target.profile.ocppInterface === 'Wireless0') {
      void this.station.link.stop();
      this.station.modem.start(target.slot, target.profile.apn);
      return;
    }
    this.station.modem.stop(`${target.profile.ocppInterface} carries the link`);
    this.station.link.configure(this.station.linkConfigFor(target.profile));
    this.station.link.start();
  }

  private modemOutcome(outcome: ModemOutcome): void {
    const current = this.current();
    if (current?.slot !== outcome.slot || current.profile.ocppInterface !== 'Wireless0') return;
    if (outcome.kind === 'failed') {
      this.attemptFailed(new Error(outcome.reason), outcome.fatal);
    } else if (outcome.kind === 'lost') {
      this.lastError = 'the mobile network dropped the registration';
      void this.station.link.stop();
    } else if (this.station.linkIsWanted) {
      this.station.link.configure(this.station.linkConfigFor(current.profile));
      this.station.link.start();
    }
  }

  private attemptFailed(err: Error, fatal = false): void {
    this.lastError = err.message;
    const attempts = this.station.model.getNumber('OCPPCommCtrlr.NetworkProfileConnectionAttempts');
    this.failures = fatal ? Math.max(this.failures + 1, attempts) : this.failures + 1;
    if (this.failures < attempts || this.candidates().length < 2) return;
    this.failures = 0;
    const from = this.current()?.slot;
    if (from !== undefined) this.givenUp.set(from, err.message);
    this.index++;
    const to = this.current()!;
    this.slotInUse = to.slot;
    this.givenUp.delete(to.slot);
    const after = fatal ? `(${err.message})` : `after ${attempts} attempts`;
    this.station.log.warn('network', `no connection with profile slot ${from} ${after}: trying slot ${to.slot} (${to.profile.ocppInterface} ${to.profile.ocppCsmsUrl})`);
    this.use(to);
  }
}
