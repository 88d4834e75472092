/**
 * K11–K13: telling the CSMS about the external charging limit that load
 * balancing puts on the station.
 *
 * - A limit set, or changed by more than SmartChargingCtrlr.LimitChangeSignificance
 *   percent of the limit the CSMS last heard: NotifyChargingLimit with
 *   chargingLimitSource EMS, and the schedule only when
 *   SmartChargingCtrlr.NotifyChargingLimitWithSchedules is true (K11, and K13
 *   when no transaction runs: the message is the same). Small steps add up
 *   until they are significant, so the CSMS is not flooded by a meter that
 *   moves by an amp every second.
 * - The limit released: ClearedChargingLimit with chargingLimitSource EMS (K12).
 *
 * The limit is station-wide (installed on evseId 0 and shared by the
 * EVSEs), so neither message carries an evseId: NotifyChargingLimit's evseId
 * "must be > 0" and its absence means the whole station.
 *
 * A running transaction hears of a new rate from smart charging itself
 * (TransactionEvent ChargingRateChanged when the EVSE's offered limit
 * changes), not from here, so it is told once whatever changed the limit.
 *
 * Messages that do not reach the CSMS (offline, not accepted yet) are not
 * queued: what is in force is compared with what the CSMS last heard again
 * when the link is back, and only the difference is sent.
 */
import type { OcppHost, StationBase } from '../host.js';
import type { ChargingSchedule } from '../smartcharging/types.js';
import { LB_KEYS } from './config.js';

export type NotifierContext = Pick<OcppHost, 'send'> & Pick<StationBase, 'model' | 'log'>;

interface Limit {
  limitA: number;
  schedule: ChargingSchedule;
}

/** Whether going from `toldA` (what the CSMS knows) to `limitA` is worth a NotifyChargingLimit. */
export function isSignificant(toldA: number | null, limitA: number, significancePercent: number): boolean {
  if (toldA === null) return true;
  if (toldA === limitA) return false;
  if (toldA === 0) return true;
  return (Math.abs(limitA - toldA) / toldA) * 100 > significancePercent;
}

export class ChargingLimitNotifier {
  /** What is in force now. */
  private current: Limit | null = null;
  /** What the CSMS last received (null: no limit, or cleared). */
  private told: number | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: NotifierContext) {}

  /** Without sending anything: the CSMS already knows this limit (it survived a restart). */
  assumeKnown(limit: Limit | null): void {
    this.current = limit;
    this.told = limit?.limitA ?? null;
  }

  /** The limit in force changed (null: released); tell the CSMS what it must hear. */
  update(limit: Limit | null): Promise<void> {
    this.current = limit;
    return this.flush();
  }

  /** Compare again with what the CSMS last heard and send the difference (after a reconnect). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.send());
    return this.chain;
  }

  /** Resolves when the messages under way went out (tests, console). */
  idle(): Promise<void> {
    return this.chain;
  }

  private async send(): Promise<void> {
    const limit = this.current;
    try {
      if (limit === null) {
        if (this.told === null) return;
        await this.ctx.send('ClearedChargingLimit', { chargingLimitSource: 'EMS' });
        this.told = null;
        return;
      }
      if (!isSignificant(this.told, limit.limitA, this.ctx.model.getNumber(LB_KEYS.significance))) return;
      const payload: Record<string, unknown> = { chargingLimit: { chargingLimitSource: 'EMS' } };
      if (this.ctx.model.getBoolean(LB_KEYS.withSchedules)) payload.chargingSchedule = [limit.schedule];
      await this.ctx.send('NotifyChargingLimit', payload);
      this.told = limit.limitA;
    } catch (err) {
      this.ctx.log.debug('loadbalancing', `charging limit not told to the CSMS now (${(err as Error).message}); told when the link is back`);
    }
  }
}
