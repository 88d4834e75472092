import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/station/clock.js';
import { pemOf } from '../../../src/station/console/commands/cert.js';
import { type Issued, issue, makeRoot } from '../../support/pki.js';
import { type Console, openConsole, openServiceConsole } from './harness.js';

/** The base64 body of a PEM: what a console line carries. */
const body = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

describe('console cert / security', () => {
  let root: Issued;
  let other: Issued;
  let c: Console;
  beforeAll(async () => {
    root = await makeRoot('CN=console root, O=ng9 tests');
    other = await makeRoot('CN=second root');
  });
  afterEach(() => c.close());
  const open = (service = true) => (c = (service ? openServiceConsole : openConsole)({ clock: new FakeClock(new Date().toISOString()) }));

  it('cert install takes the base64 DER (one line), cert lists it, cert delete by serial removes it; CertificateEntries follows', async () => {
    open();
    expect(await c.ok('cert')).toEqual(['no certificates installed']);
    expect(await c.ok(`cert install CSMSRootCertificate ${body(root.pem)}`)).toEqual(['installed CSMSRootCertificate']);
    await c.ok(`cert install ManufacturerRootCertificate ${body(other.pem)}`);
    const list = (await c.json('cert')).data;
    expect(list.map((r: any) => [r.type, r.subject])).toEqual([
      ['CSMSRootCertificate', 'CN=console root, O=ng9 tests'],
      ['ManufacturerRootCertificate', 'CN=second root'],
    ]);
    expect(list[0].serialNumber).toBe(root.cert.serialNumber.toLowerCase().replace(/^0+/, ''));
    const text = await c.ok('cert');
    expect(text[0]).toMatch(/^type\s+subject\s+serial\s+valid until\s+issuerNameHash$/);
    expect(text[1]).toContain('CSMSRootCertificate');
    expect(c.station.model.getNumber('SecurityCtrlr.CertificateEntries')).toBe(2);
    expect(await c.ok(`cert delete ${list[1].serialNumber.toUpperCase()}`)).toEqual(['deleted ManufacturerRootCertificate CN=second root']);
    expect(c.station.certificates.installed().map((r) => r.type)).toEqual(['CSMSRootCertificate']);
    expect(c.station.model.getNumber('SecurityCtrlr.CertificateEntries')).toBe(1);
  });

  it('bad input changes nothing: an unknown type, bad base64, a leaf (not a CA), an unknown serial; without login service: DENIED', async () => {
    open();
    const leaf = await issue(root, { subject: 'CN=leaf', usage: 'server' });
    expect(await c.err(`cert install WebRootCertificate ${body(root.pem)}`)).toMatch(/^ERR BAD_ARGUMENT/);
    expect(await c.err('cert install CSMSRootCertificate not*base64')).toMatch(/^ERR BAD_ARGUMENT .*base64/);
    expect(await c.err(`cert install CSMSRootCertificate ${body(leaf.pem)}`)).toMatch(/^ERR BAD_ARGUMENT Rejected: NotCA/);
    expect(await c.err('cert delete abcdef')).toMatch(/^ERR BAD_ARGUMENT no installed certificate/);
    expect(c.station.certificates.installed()).toEqual([]);
    c.session.state.service = false;
    expect(await c.err(`cert install CSMSRootCertificate ${body(root.pem)}`)).toMatch(/^ERR DENIED/);
    expect(c.station.certificates.installed()).toEqual([]);
  });

  it('a chain travels comma separated; a PEM passes as it is', () => {
    expect(pemOf(`${body(root.pem)},${body(other.pem)}`).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(pemOf(root.pem)).toBe(root.pem);
  });

  it('security shows the profile, the link, the roots, the station certificate and the last security events', async () => {
    open(false);
    c.station.securityEvents.raise('InvalidCsmsCertificate', 'self-signed certificate at wss://x');
    const data = (await c.json('security')).data;
    expect(data).toMatchObject({ securityProfile: 1, connected: false, csmsRootCertificates: 0, stationCertificateValidUntil: null });
    expect(data.events).toEqual([{ type: 'InvalidCsmsCertificate', at: expect.any(String), techInfo: 'self-signed certificate at wss://x' }]);
    const text = await c.ok('security');
    expect(text).toContain('last security events:');
    expect(text.join('\n')).toMatch(/security profile\s+1/);
  });
});
