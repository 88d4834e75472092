import type { Station } from '../station.js';
import type { NetworkConnectionProfile } from './validate.js';

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
 */
export class NetworkConnection {
  private index = 0;
  private failures = 0;

  constructor(private readonly station: Station) {
    station.actions.register('SetNetworkProfile', (req: SetNetworkProfileRequest) => station.network.handleSetNetworkProfile(req.configurationSlot, req.connectionData));
    station.link.on('connectError', () => this.failed());
    station.link.on('open', () => this.connected());
  }

  /** At boot: start again from the highest priority. */
  reset(): void {
    this.index = 0;
    this.failures = 0;
  }

  current(): { slot: number; profile: NetworkConnectionProfile } | undefined {
    const candidates = this.candidates();
    if (candidates.length === 0) return undefined;
    const slot = candidates[this.index % candidates.length]!;
    return { slot, profile: this.station.network.get(slot)! };
  }

  private candidates(): number[] {
    return this.station.network.priority().filter((slot) => this.station.network.get(slot) !== undefined);
  }

  private connected(): void {
    this.failures = 0;
    const current = this.current();
    if (current) this.station.model.setInternal('OCPPCommCtrlr.ActiveNetworkProfile', current.slot);
  }

  private failed(): void {
    const attempts = this.station.model.getNumber('OCPPCommCtrlr.NetworkProfileConnectionAttempts');
    if (++this.failures < attempts || this.candidates().length < 2) return;
    this.failures = 0;
    const from = this.current()?.slot;
    this.index++;
    const to = this.current()!;
    this.station.log.warn('network', `no connection with profile slot ${from} after ${attempts} attempts: trying slot ${to.slot} (${to.profile.ocppCsmsUrl})`);
    this.station.link.configure(this.station.linkConfigFor(to.profile));
  }
}
