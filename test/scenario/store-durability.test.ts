import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { Station } from '../../src/station/station.js';
import { atTestEnd, tempDir } from '../support/test-end.js';

/** The station on the test's state dir, powered off when the test ends (if the test did not). */
function open(dir: string): Station {
  const station = Station.open({ id: 'CS-DUR', stateDir: dir, clock: new FakeClock('2026-04-01T08:00:00Z') });
  atTestEnd(() => station.stop());
  return station;
}

describe('durable store: what the firmware keeps across a power cycle', () => {
  it('device model values, network profiles, availability and the log survive closing and reopening the station', async () => {
    const dir = tempDir('ng9-durable-');
    const first = open(dir);
    expect(first.model.setByKey('OCPPCommCtrlr.HeartbeatInterval', '77', 'console').attributeStatus).toBe('Accepted');
    expect(first.model.setByKey('MasterPassGroupId', 'TOWING', 'console').attributeStatus).toBe('Accepted');
    first.network.set(2, { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: 'wss://csms.example/ocpp', messageTimeout: 30, securityProfile: 2, ocppInterface: 'Wireless0', apn: { apn: 'internet', apnAuthentication: 'AUTO' } });
    first.network.setPriority(2, 1);
    expect(first.availability.change(2, false)).toBe('Accepted');
    first.log.info('test', 'a line that must survive');
    await first.stop();

    const second = open(dir);
    expect(second.model.getNumber('OCPPCommCtrlr.HeartbeatInterval')).toBe(77);
    expect(second.model.getString('AuthCtrlr.MasterPassGroupId')).toBe('TOWING');
    expect(second.network.get(2)).toMatchObject({ ocppCsmsUrl: 'wss://csms.example/ocpp', ocppInterface: 'Wireless0', apn: { apn: 'internet' } });
    expect(second.network.active()?.slot).toBe(2);
    expect(second.connectors.isOperational(2)).toBe(false);
    expect(second.connectors.status(2)).toBe('Unavailable');
    expect(second.log.recent(5).map((l) => l.text)).toContain('a line that must survive');
  });

  it('a store written by a newer ng9 is refused with a clear error', async () => {
    const dir = tempDir('ng9-durable-');
    const first = open(dir);
    first.store.db.prepare('PRAGMA user_version = 999').run();
    await first.stop();
    expect(() => open(dir)).toThrow(/schema version 999, newer than this ng9/);
  });
});
