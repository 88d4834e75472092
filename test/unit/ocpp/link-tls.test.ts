/**
 * Security profiles 2 and 3 on the wire (OCPP 2.0.1 Part 2 A00): the link
 * against the fake CSMS on wss:// over loopback, with certificates from a
 * test PKI. Good certificates connect; a server certificate that does not
 * verify, an old TLS version or a foreign cipher suite is refused, and the
 * failure says which security event it is.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { Dispatcher } from '../../../src/station/ocpp/dispatcher.js';
import { type LinkConfig, OcppLink } from '../../../src/station/ocpp/link.js';
import { tlsFailureEvent } from '../../../src/station/security/tls.js';
import { type FakeCsms, type FakeCsmsTls, startFakeCsms } from '../../support/fake-csms.js';
import { csmsPki, type Issued, issue, makeRoot } from '../../support/pki.js';
import { waitFor } from '../../support/wait.js';

const DAY = 86_400_000;
let pki: { root: Issued; server: Issued; stationCa: Issued };
let station: Issued;

beforeAll(async () => {
  pki = await csmsPki();
  station = await issue(pki.stationCa, { subject: 'CN=CS001, O=ng9 tests', usage: 'client' });
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function csmsWith(tls: FakeCsmsTls): Promise<FakeCsms> {
  const csms = await startFakeCsms({ tls });
  cleanups.push(() => csms.close());
  return csms;
}

function connect(url: string, over: Partial<LinkConfig>) {
  const link = new OcppLink(
    {
      url,
      stationId: 'CS001',
      version: '2.0.1',
      messageTimeoutSec: 30,
      pingIntervalSec: 0,
      retryBackOffWaitMinimumSec: 60,
      retryBackOffRandomRangeSec: 0,
      retryBackOffRepeatTimes: 0,
      ...over,
    },
    { clock: new FakeClock(), random: () => 0, incoming: new Dispatcher({ registration: () => 'Accepted' }) },
  );
  const errors: Array<Error & { code?: string }> = [];
  let opened = false;
  link.on('connectError', (e) => errors.push(e));
  link.on('open', () => (opened = true));
  cleanups.push(() => link.stop());
  link.start();
  return { link, errors, opened: () => opened };
}

const serverTls = (server: Issued): FakeCsmsTls => ({ cert: server.pem, key: server.keyPem });

describe('security profile 2: the CSMS certificate verified against the installed CSMSRootCertificate', () => {
  it('A00: a server certificate that chains to the installed root connects over TLS 1.2 or newer with an OCPP cipher suite, and Basic auth goes along', async () => {
    const csms = await csmsWith(serverTls(pki.server));
    const c = connect(csms.url, { tls: { ca: [pki.root.pem] }, basicAuthPassword: 'sixteen-chars-pw' });
    await waitFor(() => c.opened(), 'the TLS link open');
    const hs = csms.handshakes.find((h) => h.accepted)!;
    expect(hs.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384']).toContain(hs.tls?.cipher);
    expect(hs.authorization).toBe(`Basic ${Buffer.from('CS001:sixteen-chars-pw').toString('base64')}`);
    expect(hs.tls?.clientCertificate).toBeUndefined();
  });

  it('A00: on TLS 1.2 only the OCPP suites are offered: a CSMS that insists on another one is refused (InvalidTLSCipherSuite)', async () => {
    const csms = await csmsWith({ ...serverTls(pki.server), maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305' });
    const c = connect(csms.url, { tls: { ca: [pki.root.pem] } });
    await waitFor(() => c.errors.length > 0, 'the handshake refused');
    expect(c.opened()).toBe(false);
    expect(tlsFailureEvent(c.errors[0]!)).toBe('InvalidTLSCipherSuite');
  });

  it('A00: TLS 1.2 with an OCPP suite connects (ECDHE-ECDSA-AES128-GCM-SHA256)', async () => {
    const csms = await csmsWith({ ...serverTls(pki.server), maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    const c = connect(csms.url, { tls: { ca: [pki.root.pem] } });
    await waitFor(() => c.opened(), 'the TLS link open');
    expect(csms.handshakes.find((h) => h.accepted)?.tls).toMatchObject({ protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
  });

  it('A00: a CSMS that speaks only TLS 1.1 is refused (InvalidTLSVersion)', async () => {
    const csms = await csmsWith({ ...serverTls(pki.server), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    const c = connect(csms.url, { tls: { ca: [pki.root.pem] } });
    await waitFor(() => c.errors.length > 0, 'the handshake refused');
    expect(c.opened()).toBe(false);
    expect(tlsFailureEvent(c.errors[0]!)).toBe('InvalidTLSVersion');
  });

  const refusedCertificates: Array<[string, () => Promise<{ server: Issued; ca: string[] }>]> = [
    ['self-signed', async () => ({ server: await makeRoot('CN=127.0.0.1'), ca: [pki.root.pem] })],
    ['expired', async () => ({ server: await issue(pki.root, { subject: 'CN=localhost', ipAddresses: ['127.0.0.1'], usage: 'server', notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) }), ca: [pki.root.pem] })],
    ['for another host', async () => ({ server: await issue(pki.root, { subject: 'CN=csms.example.com', dnsNames: ['csms.example.com'], usage: 'server' }), ca: [pki.root.pem] })],
    ['of an unknown root', async () => ({ server: await issue(await makeRoot('CN=another root'), { subject: 'CN=localhost', ipAddresses: ['127.0.0.1'], usage: 'server' }), ca: [pki.root.pem] })],
    ['with no CSMSRootCertificate installed (never the system roots)', async () => ({ server: pki.server, ca: [] })],
  ];
  for (const [what, make] of refusedCertificates) {
    it(`A00: a server certificate ${what} is refused (InvalidCsmsCertificate) and the link stays down`, async () => {
      const { server, ca } = await make();
      const csms = await csmsWith(serverTls(server));
      const c = connect(csms.url, { tls: { ca } });
      await waitFor(() => c.errors.length > 0, 'the handshake refused');
      expect(c.opened()).toBe(false);
      expect(tlsFailureEvent(c.errors[0]!)).toBe('InvalidCsmsCertificate');
      expect(csms.handshakes.filter((h) => h.accepted)).toEqual([]);
    });
  }
});

describe('security profile 3: mutual TLS with the ChargingStationCertificate', () => {
  it('A00: the station presents its certificate (with its chain) and the CSMS sees CN = the station id', async () => {
    const csms = await csmsWith({ ...serverTls(pki.server), clientCa: [pki.root.pem] });
    const c = connect(csms.url, { tls: { ca: [pki.root.pem], cert: `${station.pem}\n${pki.stationCa.pem}`, key: station.keyPem } });
    await waitFor(() => c.opened() || c.errors.length > 0, 'the mutual TLS link open');
    expect(c.errors.map((e) => `${e.code} ${e.message}`)).toEqual([]);
    const hs = csms.handshakes.find((h) => h.accepted)!;
    expect(hs.tls?.clientCertificate?.subject).toBe('CN=CS001, O=ng9 tests');
    expect(hs.authorization).toBeUndefined();
  });

  it('A00: without a client certificate a profile 3 CSMS does not let the station in', async () => {
    const csms = await csmsWith({ ...serverTls(pki.server), clientCa: [pki.root.pem] });
    const c = connect(csms.url, { tls: { ca: [pki.root.pem] } });
    await waitFor(() => c.errors.length > 0, 'the handshake refused');
    expect(c.opened()).toBe(false);
    expect(csms.handshakes.filter((h) => h.accepted)).toEqual([]);
  });
});
