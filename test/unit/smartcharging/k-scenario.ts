/**
 * Shared set-up of the K01/K08/K09/K10 scenario tests: an accepted station on
 * the strict fake CSMS with a stand-in transaction block, and short-hands.
 */
import type { SimEvse } from '../../../src/hardware/sim/sim-evse.js';
import type { ChargingProfile } from '../../../src/station/smartcharging/types.js';
import { type Scenario, acceptedScenario, keepStationTime } from '../../support/scenario.js';
import { evse } from '../../support/tx-helpers.js';
import { type ProfileSpec, profile } from './builders.js';
import { FakeTransactions } from './fake-transactions.js';

export interface KScenario extends Scenario {
  tx: FakeTransactions;
  /** Station time (whole seconds) + offset seconds, as ISO. */
  rel(offsetS: number): string;
  /** A profile whose Absolute/Recurring schedule starts one hour before now unless told. */
  make(spec?: ProfileSpec): ChargingProfile;
  setProfile(evseId: number, chargingProfile: ChargingProfile): Promise<any>;
  call(action: string, payload: object): Promise<any>;
  rows(): any[];
  evse(id: number): SimEvse;
}

/**
 * `realTransactions`: leave the station's own transaction block in charge
 * (plug + swipe start a real transaction); by default a FakeTransactions
 * stands in so tests can begin and end transactions directly.
 */
export async function kScenario(options: { realTransactions?: boolean; evses?: number } = {}): Promise<KScenario> {
  const s = await acceptedScenario(options.evses !== undefined ? { evses: options.evses } : {});
  keepStationTime(s);
  const tx = new FakeTransactions(s.clock);
  if (!options.realTransactions) s.station.smartCharging.useTransactions(tx);
  const base = () => Math.floor(s.station.clock.now() / 1000) * 1000;
  const rel = (offsetS: number) => new Date(base() + offsetS * 1000).toISOString();
  return {
    ...s,
    tx,
    rel,
    make: (spec = {}) => profile({ startSchedule: rel(-3600), ...spec }),
    setProfile: (evseId, chargingProfile) => s.csms.call('CS001', 'SetChargingProfile', { evseId, chargingProfile }),
    call: (action, payload) => s.csms.call('CS001', action, payload),
    rows: () => s.station.store.db.prepare('SELECT * FROM charging_profiles ORDER BY id, evse_id').all(),
    evse: (id) => evse(s, id),
  };
}
