import type { StationBase } from '../host.js';
import { sendProblemEvent } from './problem-event.js';

/** What this block needs of the station. */
export interface CableLockHost extends Pick<StationBase, 'clock' | 'hardware' | 'log' | 'model' | 'store'> {
  send<T = any>(action: string, payload: object): Promise<T>;
}

/**
 * G05 lock failure: the connector's cable lock (ConnectorPlugRetentionLock)
 * is engaged before energy may flow. When it does not engage the EVSE is
 * Faulted and the CSMS gets a NotifyEvent (Problem = true, a hard-wired
 * notification); the fault clears when the cable is taken out or a later
 * attempt succeeds (Problem = false, cleared).
 */
export class CableLocks {
  private readonly faults = new Set<number>();

  constructor(
    private readonly station: CableLockHost,
    /** Told when an EVSE's fault appears or clears, before the CSMS is. */
    private readonly faultChanged: (evseId: number) => void,
  ) {}

  faulted(evseId: number): boolean {
    return this.faults.has(evseId);
  }

  /** Engage the lock; false (and a G05 fault) when it did not. */
  async lock(evseId: number): Promise<boolean> {
    const ok = await this.attempt(evseId, 'engage');
    if (ok) {
      this.clear(evseId);
      return true;
    }
    if (!this.faults.has(evseId)) {
      this.faults.add(evseId);
      this.station.log.warn('lock', `EVSE ${evseId}: cable lock did not engage, no charging`);
      this.faultChanged(evseId);
      void this.notify(evseId, true);
    }
    return false;
  }

  /** Release the lock; false when it did not release (F05 UnlockFailed). */
  async unlock(evseId: number): Promise<boolean> {
    const ok = await this.attempt(evseId, 'release');
    if (!ok) this.station.log.warn('lock', `EVSE ${evseId}: cable lock did not release`);
    return ok;
  }

  /** The lock failure is over (cable out): back to normal, and tell the CSMS. */
  clear(evseId: number): void {
    if (!this.faults.delete(evseId)) return;
    this.station.log.info('lock', `EVSE ${evseId}: cable lock fault cleared`);
    this.faultChanged(evseId);
    void this.notify(evseId, false);
  }

  /** A restart forgets faults: they are found again on the next attempt. */
  forget(): void {
    this.faults.clear();
  }

  private async attempt(evseId: number, action: 'engage' | 'release'): Promise<boolean> {
    const evse = this.station.hardware.evses[evseId - 1];
    if (!evse) return false;
    try {
      return await evse.lock[action]();
    } catch (err) {
      this.station.log.warn('lock', `EVSE ${evseId}: cable lock ${action} failed: ${(err as Error).message}`);
      return false;
    }
  }

  private async notify(evseId: number, problem: boolean): Promise<void> {
    this.station.model.setInternal(`ConnectorPlugRetentionLock/${evseId}/1.Problem`, problem);
    const component = { name: 'ConnectorPlugRetentionLock', evse: { id: evseId, connectorId: 1 } };
    try {
      await sendProblemEvent(this.station, component, problem, problem ? 'cable lock did not engage' : 'cable removed, lock fault cleared');
    } catch (err) {
      this.station.log.warn('lock', `NotifyEvent ConnectorPlugRetentionLock EVSE ${evseId} not delivered: ${(err as Error).message}`);
    }
  }
}
