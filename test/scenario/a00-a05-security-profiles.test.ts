/**
 * Security profiles 2 and 3 end to end, over real TLS on loopback against
 * the schema-validating fake CSMS, with a test PKI: A00 (TLS), A01 (the
 * password), A02/A03 (the station certificate), A04 (the TLS security
 * events), A05 (the upgrade to profile 3).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { type FakeCsms, type FakeCsmsTls, startFakeCsms } from '../support/fake-csms.js';
import { csmsPki, type Issued, issue, makeRoot, signCsr } from '../support/pki.js';
import { type Scenario, scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { networkProfile } from '../support/wire.js';
import { x509 } from '../../src/station/certificates/hash-data.js';

const PASSWORD = 'sixteen-chars-pw';
const DAY = 86_400_000;
let pki: { root: Issued; server: Issued; stationCa: Issued };
beforeAll(async () => {
  pki = await csmsPki();
});

const serverTls = (extra: Partial<FakeCsmsTls> = {}): FakeCsmsTls => ({ cert: pki.server.pem, key: pki.server.keyPem, ...extra });
const profile = (url: string, securityProfile: number) => networkProfile(url, { securityProfile });

/** A station (clock at the real time: TLS checks dates on it) with the CSMS root installed, started. */
async function tlsStation(csms: FakeCsms, options: { roots?: string[]; accepted?: boolean } = {}): Promise<Scenario> {
  const s = await scenario({ csms, start: false, clock: new FakeClock(new Date().toISOString()) });
  for (const root of options.roots ?? [pki.root.pem]) expect(await s.station.certificates.install({ certificateType: 'CSMSRootCertificate', certificate: root })).toEqual({ status: 'Accepted' });
  s.station.model.setInternal('SecurityCtrlr.BasicAuthPassword', PASSWORD);
  s.station.start();
  if (options.accepted !== false) await waitFor(() => s.station.registration === 'Accepted', 'Accepted over TLS');
  return s;
}

const variable = async (s: Scenario, component: string, name: string) =>
  (await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: component }, variable: { name } }] })).getVariableResult[0].attributeValue;

/** Advance the station clock until `probe` holds (reconnect back-off runs on it). */
async function advanceUntil(s: Scenario, probe: () => boolean, what: string, stepMs = 30_000, steps = 40): Promise<void> {
  for (let i = 0; i < steps && !probe(); i++) {
    await s.clock.advance(stepMs);
    await new Promise((r) => setImmediate(r));
  }
  await waitFor(probe, what);
}

describe('A00 security profile 2: TLS with the CSMS certificate checked against the installed CSMSRootCertificate', () => {
  it('A00: connects over wss:// with Basic auth; SecurityCtrlr.SecurityProfile says 2', async () => {
    const csms = await startFakeCsms({ tls: serverTls(), basicAuth: { CS001: PASSWORD } });
    const s = await tlsStation(csms);
    const hs = csms.handshakes.find((h) => h.accepted)!;
    expect(hs.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(hs.authorization).toBe(`Basic ${Buffer.from(`CS001:${PASSWORD}`).toString('base64')}`);
    expect(await variable(s, 'SecurityCtrlr', 'SecurityProfile')).toBe('2');
  });

  it('A00/A04: a CSMS certificate that does not verify is refused and InvalidCsmsCertificate is reported once a good CSMS is reached', async () => {
    const impostor = await makeRoot('CN=127.0.0.1');
    const bad = await startFakeCsms({ tls: { cert: impostor.pem, key: impostor.keyPem } });
    const good = await startFakeCsms({ tls: serverTls() });
    const s = await tlsStation(bad, { accepted: false });
    s.station.network.set(2, profile(good.url, 2));
    s.station.network.setPriority(2, 2);
    s.station.model.setInternal('OCPPCommCtrlr.NetworkProfileConnectionAttempts', 1);
    // the handshake fails in real time; only then does the back-off run on the station clock
    await waitFor(() => s.station.log.recent(20).some((l) => l.text.includes('cannot reach the CSMS')), 'the TLS handshake refused');
    await advanceUntil(s, () => s.station.registration === 'Accepted', 'Accepted at the good CSMS');
    expect(bad.handshakes.filter((h) => h.accepted)).toEqual([]);
    const event = await good.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidCsmsCertificate');
    expect(event.techInfo).toContain(bad.url);
    await bad.close();
    await good.close();
  });

  it('A05: a failing profile 2 connection never falls back to a profile 1 slot behind it', async () => {
    const impostor = await makeRoot('CN=127.0.0.1');
    const bad = await startFakeCsms({ tls: { cert: impostor.pem, key: impostor.keyPem } });
    const plain = await startFakeCsms();
    const s = await tlsStation(bad, { accepted: false });
    s.station.network.set(2, profile(plain.url, 1));
    s.station.network.setPriority(2, 2);
    s.station.model.setInternal('OCPPCommCtrlr.NetworkProfileConnectionAttempts', 1);
    await advanceUntil(s, () => s.station.log.recent(100).filter((l) => l.text.startsWith('cannot reach the CSMS')).length >= 4, 'four failed attempts');
    expect(plain.handshakes).toEqual([]);
    expect(s.station.registration).not.toBe('Accepted');
    await plain.close();
  });
});

describe('A01 the Basic auth password', () => {
  it('A01: a SetVariables of BasicAuthPassword is Accepted and the station connects again with the new password; GetVariables never shows it', async () => {
    const csms = await startFakeCsms({ tls: serverTls(), basicAuth: { CS001: PASSWORD } });
    const s = await tlsStation(csms);
    const before = csms.handshakes.filter((h) => h.accepted).length;
    const traced: string[] = [];
    s.station.events.on((e) => e.event === 'ocpp' && traced.push(e.frame));
    const set = await s.csms.call('CS001', 'SetVariables', {
      setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: 'another-password-1' }],
    });
    expect(set.setVariableResult[0].attributeStatus).toBe('Accepted');
    csms.setBasicAuth('CS001', 'another-password-1');
    await waitFor(() => csms.handshakes.filter((h) => h.accepted).length > before, 'a new connection');
    expect(csms.handshakes.filter((h) => h.accepted).at(-1)!.authorization).toBe(`Basic ${Buffer.from('CS001:another-password-1').toString('base64')}`);
    const got = await s.csms.call('CS001', 'GetVariables', { getVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] });
    expect(got.getVariableResult[0].attributeStatus).toBe('Rejected');
    expect(JSON.stringify(got)).not.toContain('another-password-1');
    // what `trace` shows: the SetVariables with the value masked
    expect(traced.join('\n')).not.toContain('another-password-1');
    expect(traced.some((f) => f.includes('"SetVariables"') && f.includes('"attributeValue":"***"'))).toBe(true);
  });
});

describe('A02/A03 the ChargingStationCertificate, A05 the upgrade to profile 3', () => {
  /** The CSMS side of A02: sign the CSR the station sends with the station CA. */
  function signOnRequest(csms: FakeCsms, sign = (csr: string) => signCsr(pki.stationCa, csr)) {
    const csrs: string[] = [];
    csms.handle('SignCertificate', (p) => {
      csrs.push(p.csr);
      setImmediate(async () => {
        const chain = `${await sign(p.csr)}\n${pki.stationCa.pem}`;
        signed.push(await csms.call('CS001', 'CertificateSigned', { certificateChain: chain, certificateType: 'ChargingStationCertificate' }));
      });
      return { status: 'Accepted' };
    });
    const signed: any[] = [];
    return { csrs, signed };
  }

  it('A02 + A05: TriggerMessage → SignCertificate with a CSR for CN=CS001; CertificateSigned installs it; SetNetworkProfile 3 + priority + Reset → mutual TLS with it, SecurityProfile 3, no way back to 2', async () => {
    const csms = await startFakeCsms({ tls: serverTls() });
    const s = await tlsStation(csms);
    s.station.model.setInternal('SecurityCtrlr.OrganizationName', 'ng9 tests');
    const flow = signOnRequest(csms);
    expect(await csms.call('CS001', 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })).toEqual({ status: 'Accepted' });
    await waitFor(() => flow.signed.length === 1, 'CertificateSigned answered');
    expect(flow.signed[0]).toEqual({ status: 'Accepted' });
    const csr = new x509.Pkcs10CertificateRequest(flow.csrs[0]!);
    expect(csr.subject).toBe('CN=CS001, O=ng9 tests');
    expect(await csr.verify()).toBe(true);
    expect(s.station.certificates.chargingStationCertificate()?.keyPem).toContain('PRIVATE KEY');
    expect(Number(await variable(s, 'SecurityCtrlr', 'CertificateEntries'))).toBe(2);

    // A05: a profile 3 CSMS (same PKI, client certificates required)
    const mtls = await startFakeCsms({ tls: serverTls({ clientCa: [pki.root.pem] }) });
    expect(await csms.call('CS001', 'SetNetworkProfile', { configurationSlot: 2, connectionData: profile(mtls.url, 3) })).toEqual({ status: 'Accepted' });
    const priority = await csms.call('CS001', 'SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '2,1' }] });
    expect(priority.setVariableResult[0].attributeStatus).toMatch(/Accepted|RebootRequired/);
    expect(await csms.call('CS001', 'Reset', { type: 'OnIdle' })).toEqual({ status: 'Accepted' });
    await waitFor(() => mtls.handshakes.some((h) => h.accepted), 'connected with profile 3');
    await waitFor(() => s.station.registration === 'Accepted', 'Accepted at the profile 3 CSMS');
    expect(mtls.handshakes.find((h) => h.accepted)!.tls?.clientCertificate?.subject).toBe('CN=CS001, O=ng9 tests');
    expect(await variable({ ...s, csms: mtls }, 'SecurityCtrlr', 'SecurityProfile')).toBe('3');
    const down = await mtls.call('CS001', 'SetNetworkProfile', { configurationSlot: 3, connectionData: profile(csms.url, 2) });
    expect(down).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NoSecurityDowngrade' } });
    await mtls.close();
  });

  it('A02: a CertificateSigned for another station, with another key, or not chaining to an installed root is Rejected with InvalidChargingStationCertificate; nothing installed', async () => {
    const csms = await startFakeCsms({ tls: serverTls() });
    const s = await tlsStation(csms);
    // no request pending: Rejected
    expect(await csms.call('CS001', 'CertificateSigned', { certificateChain: pki.stationCa.pem })).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode: 'NoPendingRequest' } });
    const stranger = await makeRoot('CN=stranger CA');
    const strangerCa = { ...stranger };
    const cases: Array<[string, (csr: string) => Promise<string>, string]> = [
      ['another station', (csr) => signCsr(pki.stationCa, csr, { subject: 'CN=CS999' }), 'WrongSubject'],
      ['another key', async () => (await issue(pki.stationCa, { subject: 'CN=CS001', usage: 'client' })).pem, 'KeyMismatch'],
      ['an unknown CA', async (csr) => `${await signCsr(strangerCa, csr)}`, 'InvalidChain'],
    ];
    for (const [what, sign, reasonCode] of cases) {
      const flow = signOnRequest(csms, sign);
      const mark = csms.calls.length;
      expect(await csms.call('CS001', 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })).toEqual({ status: 'Accepted' });
      await waitFor(() => flow.signed.length === 1, `CertificateSigned answered (${what})`);
      expect(flow.signed[0]).toMatchObject({ status: 'Rejected', statusInfo: { reasonCode } });
      const event = await csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidChargingStationCertificate', { after: mark });
      expect(event.techInfo).toContain(reasonCode);
    }
    expect(s.station.certificates.chargingStationCertificate()).toBeUndefined();
  });

  it('A02.FR: no CertificateSigned within CertSigningWaitMinimum → SignCertificate again, the wait doubling, CertSigningRepeatTimes times', async () => {
    const csms = await startFakeCsms({ tls: serverTls() });
    const s = await tlsStation(csms);
    s.station.model.setInternal('SecurityCtrlr.CertSigningWaitMinimum', 60);
    s.station.model.setInternal('SecurityCtrlr.CertSigningRepeatTimes', 2);
    const mark = csms.calls.length;
    const sent = () => csms.calls.slice(mark).filter((c) => c.action === 'SignCertificate').length;
    await csms.call('CS001', 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
    await waitFor(() => sent() === 1, 'the first SignCertificate');
    await s.clock.advance(59_000);
    expect(sent()).toBe(1);
    await s.clock.advance(1_000);
    await waitFor(() => sent() === 2, 'again after 60 s');
    await s.clock.advance(119_000);
    expect(sent()).toBe(2);
    await s.clock.advance(1_000);
    await waitFor(() => sent() === 3, 'again after 120 s');
    await s.clock.advance(10 * 240_000);
    expect(sent()).toBe(3);
  });

  it('A03: a station certificate that ends within 30 days is renewed by the station itself once accepted', async () => {
    const csms = await startFakeCsms({ tls: serverTls() });
    const flow = signOnRequest(csms);
    const s = await scenario({ csms, start: false, clock: new FakeClock(new Date().toISOString()) });
    await s.station.certificates.install({ certificateType: 'CSMSRootCertificate', certificate: pki.root.pem });
    // a certificate from an earlier renewal, ending in 10 days
    const old = await issue(pki.stationCa, { subject: 'CN=CS001', usage: 'client', notAfter: new Date(Date.now() + 10 * DAY) });
    s.station.certificates.storeChargingStationCertificate(old.pem, old.keyPem, { subject: 'CN=CS001', notAfter: old.cert.notAfter.getTime(), hashes: { SHA256: h(old), SHA384: h(old), SHA512: h(old) } });
    s.station.start();
    await waitFor(() => flow.signed.length === 1, 'renewed by the station');
    expect(flow.signed[0]).toEqual({ status: 'Accepted' });
    expect(s.station.certificates.chargingStationCertificateExpiry()).toBeGreaterThan(Date.now() + 300 * DAY);
  });
});

/** Placeholder hash data for a row stored directly (A03 only reads its validity). */
function h(c: Issued) {
  return { hashAlgorithm: 'SHA256' as const, issuerNameHash: '00', issuerKeyHash: '00', serialNumber: c.cert.serialNumber };
}
