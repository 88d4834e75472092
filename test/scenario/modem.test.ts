import { describe, expect, it } from 'vitest';
import { SIM_MODEM_REGISTER_MS, SIM_MODEM_STARTUP_MS } from '../../src/hardware/sim/sim-modem.js';
import { REGISTRATION_RETRY_SEC } from '../../src/station/network/modem.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { runConsole, type Scenario, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { networkProfile } from '../support/wire.js';

const wireless = (url: string, apn: object = {}) => networkProfile(url, { ocppInterface: 'Wireless0', apn: { apn: 'internet', apnAuthentication: 'AUTO', ...apn } });

const simModem = (s: Scenario) => s.station.hardware.sim!.modem;
/** The text lines a console command answers. */
async function consoleText(s: Scenario, line: string): Promise<string> {
  const outcome = await runConsole(s, line);
  if (!outcome.ok) throw outcome.error;
  return (outcome.reply.text ?? []).join('\n');
}
const logText = (s: Scenario) => s.station.log.recent(200).map((l) => `${l.level}:${l.source}:${l.text}`).join('\n');

/** Move the clock a second at a time until `done` (the modem's delays run on it). */
async function advanceUntil(s: Scenario, done: () => boolean, what: string, maxSec = 120): Promise<void> {
  for (let i = 0; i < maxSec && !done(); i++) await s.clock.advance(1000);
  await waitFor(done, what);
}

/** A station whose only network profile is a Wireless0 one at the scenario's CSMS (slot 2). */
async function wirelessOnly(apn: object = {}): Promise<Scenario> {
  const s = await scenario({ start: false });
  s.station.network.set(2, wireless(s.csms.url, apn));
  s.station.network.setPriority(2, 1);
  s.station.network.setPriority(1, 'off');
  return s;
}

describe('release notes: Repair SIM PIN checking when set from backoffice', () => {
  it('a wrong SIM PIN is an error state after one try (never the 3 that block the SIM); the station falls back to Wired0; the PIN a SetNetworkProfile writes is used at the next modem start', async () => {
    const s = await scenario({ start: false });
    const modem = simModem(s);
    modem.setCard(true, '1234');
    s.station.network.set(2, wireless(s.csms.url, { simPin: 9999 }));
    s.station.network.setPriority(2, 1);
    s.station.start();

    await s.clock.advance(SIM_MODEM_STARTUP_MS);
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted over Wired0 (slot 1)');
    expect(modem.pinsEntered).toEqual(['9999']);
    expect(modem.card.triesLeft).toBe(2);
    expect(modem.power).toBe('off');
    expect(s.station.modem.view()).toMatchObject({ phase: 'error', error: expect.stringMatching(/refused the PIN.*not tried again/) });
    expect(logText(s)).toMatch(/ERROR:modem:the SIM refused the PIN of network profile slot 2: not tried again \(a SIM blocks after 3 wrong PINs\)/);
    expect(s.station.model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(1);
    // waiting longer tries nothing more
    await s.clock.advance(10 * 60_000);
    expect(modem.pinsEntered).toEqual(['9999']);
    expect(await consoleText(s, 'modem')).toMatch(/^modem\s+ERROR: the SIM refused the PIN/);
    expect(await consoleText(s, 'network')).toMatch(/slot 2 failed: the SIM refused the PIN/);

    const set = await s.csms.call('CS001', 'SetNetworkProfile', { configurationSlot: 2, connectionData: wireless(s.csms.url, { simPin: 1234 }) });
    expect(set.status).toBe('Accepted');
    const mark = s.csms.mark();
    expect((await s.csms.call('CS001', 'Reset', { type: 'Immediate' })).status).toBe('Accepted');
    await waitFor(() => modem.power === 'starting', 'the modem starts for slot 2 after the reboot');
    await advanceUntil(s, () => s.station.modem.registeredFor(2), 'registered');
    const boot = await s.csms.waitForCall('BootNotification', undefined, { after: mark });
    expect(boot.reason).toBe('RemoteReset');
    expect(modem.pinsEntered).toEqual(['9999', '1234']);
    expect(modem.card.triesLeft).toBe(3);
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted over Wireless0');
    expect(s.station.model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(2);
  });

  it('a SIM that asks for a PIN with none in the profile, or no SIM at all, is an error state: no PIN tried', async () => {
    const s = await wirelessOnly();
    const modem = simModem(s);
    modem.setCard(true, '1234');
    s.station.start();
    await s.clock.advance(SIM_MODEM_STARTUP_MS);
    expect(s.station.modem.view()).toMatchObject({ phase: 'error', error: 'the SIM asks for a PIN and network profile slot 2 has none (apn.simPin)' });
    expect(modem.pinsEntered).toEqual([]);
    expect(s.csms.connectionCount('CS001')).toBe(0);
    expect(await consoleText(s, 'status')).toMatch(/modem\s+ERROR: the SIM asks for a PIN/);

    expect((await runConsole(s, 'modem sim missing')).ok).toBe(true);
    await s.station.restart('ApplicationReset');
    await s.clock.advance(SIM_MODEM_STARTUP_MS);
    expect(s.station.modem.view()).toMatchObject({ phase: 'error', error: 'no SIM card inserted', sim: 'notInserted' });
  });
});

describe('release notes: Add a backoff delay to modem network registration retries', () => {
  it(`a denied registration is retried after ${REGISTRATION_RETRY_SEC.slice(0, 3).join(', ')} … s on the clock; no websocket before the modem is registered; BootNotification carries the SIM's iccid and imsi`, async () => {
    const s = await wirelessOnly();
    const modem = simModem(s);
    modem.setNetworkAnswer('denied');
    s.station.start();
    await s.clock.advance(SIM_MODEM_STARTUP_MS + SIM_MODEM_REGISTER_MS);
    expect(modem.attaches).toHaveLength(1);
    expect(modem.attaches[0]).toMatchObject({ apn: 'internet', authentication: 'AUTO' });
    expect(s.station.modem.view()).toMatchObject({ phase: 'retrying', failedRegistrations: 1, nextRetryInSec: 10 });
    expect(logText(s)).toContain('WARN:modem:registration denied (1 in a row): next attempt in 10 s');

    for (const [n, delaySec] of REGISTRATION_RETRY_SEC.slice(0, 3).entries()) {
      await s.clock.advance(delaySec * 1000 - 1);
      expect(modem.attaches, `no attempt ${n + 2} before ${delaySec} s`).toHaveLength(n + 1);
      await s.clock.advance(1);
      expect(modem.attaches, `attempt ${n + 2} after ${delaySec} s`).toHaveLength(n + 2);
      if (n < 2) await s.clock.advance(SIM_MODEM_REGISTER_MS);
    }
    expect(s.csms.connectionCount('CS001')).toBe(0);

    // the 4th attempt is under way: the network takes it
    expect((await runConsole(s, 'modem registration ok')).ok).toBe(true);
    await s.clock.advance(SIM_MODEM_REGISTER_MS);
    expect(s.station.modem.registeredFor(2)).toBe(true);
    const boot = await s.csms.waitForCall('BootNotification');
    expect(boot.chargingStation.modem).toEqual({ iccid: modem.iccid, imsi: modem.imsi });
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted');
  });

  it('B10: denied registrations are failed attempts of the Wireless0 slot: after NetworkProfileConnectionAttempts the station falls back to Wired0 and the modem goes off', async () => {
    const s = await scenario({ start: false });
    const modem = simModem(s);
    modem.setNetworkAnswer('denied');
    s.station.network.set(2, wireless(s.csms.url));
    s.station.network.setPriority(2, 1);
    s.station.start();
    const attempts = s.station.model.getNumber('OCPPCommCtrlr.NetworkProfileConnectionAttempts');
    await advanceUntil(s, () => s.station.registration === 'Accepted', 'Accepted over Wired0', 300);
    expect(modem.attaches).toHaveLength(attempts);
    expect(modem.power).toBe('off');
    expect(s.station.modem.view()).toMatchObject({ phase: 'off', offReason: 'Wired0 carries the link' });
    const boot = s.csms.callsOf('BootNotification')[0];
    expect(boot.chargingStation.modem).toMatchObject({ iccid: modem.iccid, imsi: modem.imsi });
  });
});

describe('release notes: Stop modem when not in use to save power', () => {
  it('the modem is off while Wired0 carries the link; a fallback to the Wireless0 slot starts it and the link connects only once it is registered', async () => {
    const dead = await startFakeCsms();
    const deadUrl = dead.url;
    await dead.close();
    const s = await scenario({ start: false });
    const modem = simModem(s);
    s.station.network.set(1, networkProfile(deadUrl));
    s.station.network.set(2, wireless(s.csms.url));
    s.station.network.setPriority(2, 2);
    s.station.start();
    await s.clock.advance(0);
    expect(modem.power).toBe('off');
    expect(await consoleText(s, 'status')).toMatch(/modem\s+off: Wired0 carries the link/);

    await advanceUntil(s, () => modem.power !== 'off', 'the fallback starts the modem', 600);
    expect(s.csms.connectionCount('CS001')).toBe(0);
    expect(logText(s)).toMatch(/trying slot 2 \(Wireless0/);
    await advanceUntil(s, () => s.station.modem.registeredFor(2), 'registered');
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted over Wireless0');
    expect(s.station.model.getNumber('OCPPCommCtrlr.ActiveNetworkProfile')).toBe(2);
    expect(await consoleText(s, 'network')).toMatch(/modem: registered \(slot 2, APN internet\)/);
  });

  it('a Wired0 station never powers the modem; BootNotification has no modem', async () => {
    const s = await scenario({ start: false });
    s.station.network.set(2, wireless(s.csms.url));
    s.station.network.setPriority(2, 2);
    s.station.start();
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted');
    await s.clock.advance(60_000);
    expect(simModem(s).power).toBe('off');
    expect(s.csms.callsOf('BootNotification')[0].chargingStation.modem).toBeUndefined();
  });

  it('the network drops the registration: the link over Wireless0 goes down and comes back once the modem registers again', async () => {
    const s = await wirelessOnly();
    const modem = simModem(s);
    s.station.start();
    await advanceUntil(s, () => s.station.registration === 'Accepted', 'Accepted over Wireless0');
    expect((await runConsole(s, 'modem registration deny')).ok).toBe(true);
    await s.csms.waitForDisconnect('CS001');
    expect(s.station.connected).toBe(false);
    await s.clock.advance(SIM_MODEM_REGISTER_MS);
    expect(s.station.modem.view()).toMatchObject({ phase: 'retrying', failedRegistrations: 1 });
    modem.setNetworkAnswer('registered');
    await advanceUntil(s, () => s.station.connected, 'linked again');
    await s.csms.waitForConnection('CS001', 5000, { count: 2 });
  });
});
