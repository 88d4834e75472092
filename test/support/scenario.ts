import { consoleOf } from '../../src/station/console/index.js';
import { FakeClock } from '../../src/station/clock.js';
import { Station, type StationOptions } from '../../src/station/station.js';
import { type FakeCsms, type FakeCsmsOptions, startFakeCsms } from './fake-csms.js';
import { atTestEnd } from './test-end.js';
import { waitFor } from './wait.js';

export interface Scenario {
  csms: FakeCsms;
  station: Station;
  clock: FakeClock;
  /**
   * Tear down station and CSMS; fails the test on any strict-validation
   * failure. Idempotent; runs by itself when the test ends (test-end.ts).
   */
  end(): Promise<void>;
}

export type ScenarioOptions = Partial<StationOptions> & {
  /** the CSMS to connect to (default: a fresh one); the scenario closes it */
  csms?: FakeCsms;
  /** false: open the station without starting it */
  start?: boolean;
};

/**
 * A station on a FakeClock connected to a strict ocpp-rpc fake CSMS. The
 * station is started (it connects and sends BootNotification) unless
 * `start: false`. Deterministic back-off: random() = 0. Ended when the test
 * ends, if the test did not end it.
 */
export async function scenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const csms = options.csms ?? (await startFakeCsms());
  // a FakeClock given is the scenario's clock too (default: one at 2026-03-01T10:00:00Z)
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock('2026-03-01T10:00:00Z');
  const station = Station.open({ id: 'CS001', csmsUrl: csms.url, clock, random: () => 0, ...options });
  let ending: Promise<void> | undefined;
  const end = () =>
    (ending ??= (async () => {
      await station.stop();
      await csms.close();
      csms.assertNoViolations();
    })());
  atTestEnd(() => ending ?? end());
  if (options.start !== false) station.start();
  return { csms, station, clock, end };
}

/**
 * Start and wait until the CSMS accepted the station, it told the boot
 * StatusNotification of every EVSE and its startup SecurityEventNotification
 * (only calls made after the station opened count: `csms` may be in use).
 */
export async function acceptedScenario(options: Omit<ScenarioOptions, 'start'> = {}): Promise<Scenario> {
  const after = options.csms?.mark() ?? 0;
  const s = await scenario(options);
  const sent = (action: string) => s.csms.calls.slice(after).filter((c) => c.action === action && c.stationId === s.station.id).map((c) => c.payload);
  await waitFor(() => s.station.registration === 'Accepted', 'BootNotification Accepted');
  // 2.0.1 tells evseId; 1.6 tells connectorId, one connector an EVSE (connector 0, the station, is not waited for)
  const told = () => new Set(sent('StatusNotification').map((p) => p.evseId ?? p.connectorId));
  await waitFor(() => s.station.hardware.evses.every((e) => told().has(e.id)), 'the boot StatusNotification of every EVSE');
  await waitFor(() => sent('SecurityEventNotification').length > 0, 'SecurityEventNotification');
  return s;
}

/**
 * A started station whose CSMS answers its BootNotification with `status`
 * (B02 Pending, B03 Rejected) and `interval` (s); resolves once the station
 * is in that state.
 */
export async function bootAnsweredWith(status: 'Pending' | 'Rejected', interval: number): Promise<Scenario> {
  const csms = await startFakeCsms();
  csms.handle('BootNotification', () => ({ status, currentTime: new Date().toISOString(), interval }));
  const s = await scenario({ csms });
  await waitFor(() => s.station.registration === status, status);
  return s;
}

/** A CSMS of this test besides a scenario's (B10: the one to migrate to); closed and checked for violations when the test ends. */
export async function csmsForTest(options: FakeCsmsOptions = {}): Promise<FakeCsms> {
  const csms = await startFakeCsms(options);
  atTestEnd(async () => {
    await csms.close();
    csms.assertNoViolations();
  });
  return csms;
}

/** The link to the CSMS goes down (console `link down`) and the CSMS saw it go. */
export async function linkDown(s: Scenario): Promise<void> {
  await s.station.setLinkWanted(false);
  await s.csms.waitForDisconnect(s.station.id);
}

/** The link comes back (console `link up`): resolves once the CSMS has the new connection. */
export async function linkUp(s: Scenario): Promise<void> {
  const count = s.csms.connectionCount(s.station.id);
  await s.station.setLinkWanted(true);
  await s.csms.waitForConnection(s.station.id, 5000, { count: count + 1 });
}

/**
 * The fake CSMS answers Heartbeats with the real time, which sets the
 * station's clock: from now on it answers with the station's own time, so
 * schedules and expiries follow the FakeClock alone.
 */
export function keepStationTime(s: Scenario): void {
  s.csms.handle('Heartbeat', () => ({ currentTime: new Date(s.station.clock.now()).toISOString() }));
}

/** A console command as a technician types it (plain text, no trace, not in service mode). */
export function runConsole(s: Scenario, line: string) {
  return consoleOf(s.station).execute(line, { json: false, trace: false, service: false });
}
