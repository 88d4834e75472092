import { FakeClock } from '../../src/station/clock.js';
import { Station, type StationOptions } from '../../src/station/station.js';
import { type FakeCsms, startFakeCsms } from './fake-csms.js';
import { waitFor } from './wait.js';

export interface Scenario {
  csms: FakeCsms;
  station: Station;
  clock: FakeClock;
  /** Tear down station and CSMS; fails the test on any strict-validation failure. */
  end(): Promise<void>;
}

/**
 * A station on a FakeClock connected to a strict ocpp-rpc fake CSMS. The
 * station is started (it connects and sends BootNotification) unless
 * `start: false`. Deterministic back-off: random() = 0.
 */
export async function scenario(options: Partial<StationOptions> & { start?: boolean; csms?: FakeCsms } = {}): Promise<Scenario> {
  const csms = options.csms ?? (await startFakeCsms());
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const station = Station.open({ id: 'CS001', csmsUrl: csms.url, clock, random: () => 0, ...options });
  if (options.start !== false) station.start();
  return {
    csms,
    station,
    clock,
    async end() {
      await station.stop();
      await csms.close();
      csms.assertNoViolations();
    },
  };
}

/** Start and wait until the CSMS accepted the station and it sent its first StatusNotifications. */
export async function acceptedScenario(options: Partial<StationOptions> & { csms?: FakeCsms } = {}): Promise<Scenario> {
  const s = await scenario(options);
  await waitFor(() => s.station.registration === 'Accepted', 'BootNotification Accepted');
  await waitFor(() => s.csms.callsOf('SecurityEventNotification').length > 0, 'SecurityEventNotification');
  return s;
}
