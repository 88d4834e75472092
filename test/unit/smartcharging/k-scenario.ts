/**
 * Shared set-up of the K01/K08/K09/K10 scenario tests: an accepted station
 * on the strict fake CSMS with its real transaction block, and short-hands.
 * Transactions start and end through the simulated hardware (plug, card,
 * unplug), as a driver would start them.
 */
import type { SimEvse } from '../../../src/hardware/sim/sim-evse.js';
import type { ChargingProfile } from '../../../src/station/smartcharging/types.js';
import { type Scenario, acceptedScenario, keepStationTime } from '../../support/scenario.js';
import { evse, settle, swipe } from '../../support/tx-helpers.js';
import { type ProfileSpec, profile } from './builders.js';

/** A stored charging profile as the tests read it (the repository's rows, in its column names). */
export interface ProfileRow {
  id: number;
  evse_id: number;
  purpose: string;
  stack_level: number;
  transaction_id: string | null;
  source: string;
  valid: 0 | 1;
  invalidated_reason: string | null;
  /** the profile as stored, JSON */
  profile: string;
}

export interface KScenario extends Scenario {
  /** Station time (whole seconds) + offset seconds, as ISO. */
  rel(offsetS: number): string;
  /** A profile whose Absolute/Recurring schedule starts one hour before now unless told. */
  make(spec?: ProfileSpec): ChargingProfile;
  setProfile(evseId: number, chargingProfile: ChargingProfile): Promise<any>;
  call(action: string, payload: object): Promise<any>;
  /** Every stored profile (valid or not), by id then EVSE, read through the block's repository. */
  rows(): ProfileRow[];
  evse(id: number): SimEvse;
  /** Plug an EV in and present a card at the EVSE: resolves with the id of the transaction that started. */
  begin(evseId: number): Promise<string>;
  /** Unplug the EV: its transaction ends. */
  finish(evseId: number): Promise<void>;
}

export async function kScenario(options: { evses?: number; phaseSwitching?: boolean } = {}): Promise<KScenario> {
  const s = await acceptedScenario({
    ...(options.evses !== undefined ? { evses: options.evses } : {}),
    ...(options.phaseSwitching !== undefined ? { phaseSwitching: options.phaseSwitching } : {}),
  });
  keepStationTime(s);
  const base = () => Math.floor(s.station.clock.now() / 1000) * 1000;
  const rel = (offsetS: number) => new Date(base() + offsetS * 1000).toISOString();
  return {
    ...s,
    rel,
    make: (spec = {}) => profile({ startSchedule: rel(-3600), ...spec }),
    setProfile: (evseId, chargingProfile) => s.csms.call('CS001', 'SetChargingProfile', { evseId, chargingProfile }),
    call: (action, payload) => s.csms.call('CS001', action, payload),
    rows: () =>
      s.station.smartCharging.profiles
        .all()
        .map((r) => ({
          id: r.profile.id,
          evse_id: r.evseId,
          purpose: r.profile.chargingProfilePurpose,
          stack_level: r.profile.stackLevel,
          transaction_id: r.transactionId ?? null,
          source: r.source,
          valid: r.valid ? (1 as const) : (0 as const),
          invalidated_reason: r.invalidatedReason ?? null,
          profile: JSON.stringify(r.profile),
        }))
        .sort((a, b) => a.id - b.id || a.evse_id - b.evse_id),
    evse: (id) => evse(s, id),
    async begin(evseId) {
      evse(s, evseId).plug();
      await swipe(s, `TAG${evseId}`, evseId);
      const started = s.station.transactions.active(evseId);
      if (!started) throw new Error(`no transaction started on EVSE ${evseId}`);
      return started.transactionId;
    },
    async finish(evseId) {
      evse(s, evseId).unplug();
      await settle(s);
    },
  };
}
