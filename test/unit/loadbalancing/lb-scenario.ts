/**
 * Shared set-up of the load-balancing scenario tests (K11–K13, `load
 * balancing: ...`): an accepted station on the strict fake CSMS whose P1
 * interface reads the simulated household meter over loopback TCP
 * ("telnet" to 127.0.0.1:port), with short-hands to set the house's load,
 * let telegrams arrive, and start charging.
 */
import type { SimEvse } from '../../../src/hardware/sim/sim-evse.js';
import type { HouseholdSample, Triple } from '../../../src/hardware/sim/sim-p1-load.js';
import type { SimP1Meter } from '../../../src/hardware/sim/sim-p1.js';
import type { FakeCsms } from '../../support/fake-csms.js';
import { type Scenario, acceptedScenario } from '../../support/scenario.js';
import { setVar, swipe, txEvents } from '../../support/tx-helpers.js';
import { waitFor } from '../../support/wait.js';

export const MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import';
const VOLTS: Triple = [230, 230, 230];

export interface LbScenario extends Scenario {
  meter: SimP1Meter;
  evse(id: number): SimEvse;
  set(key: string, value: string | number | boolean): void;
  /** The house draws these currents per phase (A), the station not included. */
  household(amps: Triple): void;
  /** The meter sees the house's currents plus what the EVSEs draw (P1SmartMeter.IncludesStation true). */
  householdWithStation(amps: Triple): void;
  /** Let `n` telegrams (one a second) reach the station. */
  telegrams(n?: number): Promise<void>;
  /** Let the station finish what it started (messages out, outbox drained) without time passing. */
  idle(): Promise<void>;
  /** Plug an EV in and present a card; resolves with the transaction id once energy flows. */
  startCharging(evseId: number): Promise<string>;
  calls(action: string): any[];
  /** TransactionEvents of a transaction as `eventType triggerReason chargingState`. */
  told(transactionId: string): string[];
}

export interface LbOptions {
  evses?: number;
  /** Switch load balancing on with these settings (MaxCurrent, IncludesStation ...); default: on, 25 A, meter without the station. */
  settings?: Record<string, string | number | boolean>;
  /** Do not switch load balancing on. */
  off?: boolean;
  csms?: FakeCsms;
}

export async function lbScenario(options: LbOptions = {}): Promise<LbScenario> {
  const s = await acceptedScenario({ ...(options.evses !== undefined ? { evses: options.evses } : {}), ...(options.csms ? { csms: options.csms } : {}) });
  await waitFor(() => s.csms.callsOf('StatusNotification').length >= s.station.evseCount, 'boot StatusNotifications');
  const station = s.station;
  const meter = station.hardware.sim!.p1;
  meter.setLoad({ powerW: [0, 0, 0], voltageV: VOLTS });
  const port = await meter.serveTcp();
  const set = (key: string, value: string | number | boolean) => setVar(s, key, String(value));
  set('SampledDataCtrlr.TxUpdatedInterval', '0');
  set('SampledDataCtrlr.TxUpdatedMeasurands', MEASURANDS);
  station.model.odSet('2191_01', 'telnet');
  station.model.odSet('2191_02', '127.0.0.1');
  station.model.odSet('2191_03', String(port));
  await waitFor(() => station.p1.status().linkState === 'connected' && meter.clients === 1, 'P1 connected');
  if (!options.off) {
    const settings = { 'P1SmartMeter.MaxCurrent': 25, 'P1SmartMeter.IncludesStation': false, ...options.settings };
    for (const [key, value] of Object.entries(settings)) set(`${key}`, value);
    set('P1SmartMeter.LoadBalancingEnabled', true);
  }
  const evse = (id: number) => station.hardware.sim!.evse(id)!;
  const idle = async () => {
    await s.clock.advance(0);
    await waitFor(() => station.transactions.queuedCount() === 0 || !station.connected, 'outbox drained');
    await station.loadBalancing.notifier.idle();
    await s.clock.advance(0);
  };
  const load = (amps: Triple, withStation: boolean) => (): HouseholdSample => {
    const own = withStation ? station.loadBalancing.ownDrawA() : [0, 0, 0];
    return { powerW: amps.map((a, i) => (a + own[i]!) * 230) as Triple, voltageV: [...VOLTS] };
  };
  return {
    ...s,
    meter,
    evse,
    set,
    household: (amps) => meter.setLoad(load(amps, false)),
    householdWithStation: (amps) => meter.setLoad(load(amps, true)),
    async telegrams(n = 1) {
      for (let i = 0; i < n; i++) {
        const before = station.p1.crcOk;
        await s.clock.advance(1000);
        await waitFor(() => station.p1.crcOk > before, 'P1 telegram');
      }
      await idle();
    },
    idle,
    async startCharging(evseId) {
      evse(evseId).plug();
      await swipe(s, `TAG${evseId}`, evseId);
      const started = await s.csms.waitForCall('TransactionEvent', (p) => p.eventType === 'Started' && p.evse?.id === evseId);
      const transactionId: string = started.transactionInfo.transactionId;
      await s.csms.waitForCall('TransactionEvent', (p) => p.transactionInfo.transactionId === transactionId && p.transactionInfo.chargingState === 'Charging');
      await idle();
      return transactionId;
    },
    calls: (action) => s.csms.callsOf(action),
    told: (transactionId) =>
      txEvents(s)
        .filter((e) => e.transactionInfo.transactionId === transactionId)
        .map((e) => [e.eventType, e.triggerReason, e.transactionInfo.chargingState].join(' ')),
    async end() {
      await meter.stop();
      await s.end();
    },
  };
}

/** The sampled values of one measurand in a TransactionEvent (per phase for Current.Import). */
export function sampled(event: any, measurand: string): number[] {
  return (event.meterValue ?? []).flatMap((mv: any) => mv.sampledValue.filter((v: any) => v.measurand === measurand).map((v: any) => v.value));
}
