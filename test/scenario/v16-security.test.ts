/**
 * The OCPP 1.6 Security Extension (edition 3) messages through the 1.6
 * adapter, against the strict fake CSMS (every frame checked against the 1.6
 * schemas with the Security Extension): certificate management (M03-M05 in
 * 2.0.1), ExtendedTriggerMessage, and the station certificate renewal (A02).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { x509 } from '../../src/station/certificates/hash-data.js';
import { csmsPki, type Issued, issue, makeRoot, signCsr } from '../support/pki.js';
import type { Scenario } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { ready16 } from './v16-helpers.js';

const DAY = 86_400_000;
let pki: { root: Issued; server: Issued; stationCa: Issued };
beforeAll(async () => {
  pki = await csmsPki();
});

let s: Scenario | undefined;
afterEach(async () => {
  await s?.end();
  s = undefined;
});

const call = (sc: Scenario, action: string, payload: object) => sc.csms.call('CS001', action, payload);
/** Certificates are valid from "now − 1 day" in real time: the station clock runs at the real time. */
const station16 = () => ready16({ clock: new FakeClock(new Date().toISOString()) });

describe('OCPP 1.6 Security Extension: certificate management', () => {
  it('1.6 SE: InstallCertificate CentralSystemRootCertificate → Accepted; GetInstalledCertificateIds lists the 2.0.1 hash data; DeleteCertificate by them → Accepted, then NotFound', async () => {
    s = await station16();
    expect(await call(s, 'GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' })).toEqual({ status: 'NotFound' });
    expect(await call(s, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: pki.root.pem })).toEqual({ status: 'Accepted' });
    expect(s.station.certificates.csmsRootPems()).toEqual([pki.root.pem]);

    const hashData = s.station.certificates.installedIds(['CSMSRootCertificate']).certificateHashDataChain!.map((c) => c.certificateHashData);
    expect(hashData).toHaveLength(1);
    expect(await call(s, 'GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' })).toEqual({ status: 'Accepted', certificateHashData: hashData });
    expect(await call(s, 'GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' })).toEqual({ status: 'NotFound' });

    expect(await call(s, 'DeleteCertificate', { certificateHashData: hashData[0] })).toEqual({ status: 'Accepted' });
    expect(s.station.certificates.csmsRootPems()).toEqual([]);
    expect(await call(s, 'DeleteCertificate', { certificateHashData: hashData[0] })).toEqual({ status: 'NotFound' });
    expect(await call(s, 'GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' })).toEqual({ status: 'NotFound' });
  });

  it('1.6 SE: ManufacturerRootCertificate is installed as such and listed under its own type only', async () => {
    s = await station16();
    const maker = await makeRoot('CN=ng9 test manufacturer, O=ng9 tests');
    expect(await call(s, 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: maker.pem })).toEqual({ status: 'Accepted' });
    expect(s.station.certificates.installed(['ManufacturerRootCertificate'])).toHaveLength(1);
    const listed = await call(s, 'GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' });
    expect(listed.status).toBe('Accepted');
    expect(listed.certificateHashData).toEqual([s.station.certificates.installed(['ManufacturerRootCertificate'])[0]!.hashes.SHA256]);
    expect(await call(s, 'GetInstalledCertificateIds', { certificateType: 'CentralSystemRootCertificate' })).toEqual({ status: 'NotFound' });
  });

  it('1.6 SE: a non-CA certificate and an expired root → Rejected, nothing installed', async () => {
    s = await station16();
    const leaf = await issue(pki.root, { subject: 'CN=not a CA' });
    const expired = await makeRoot('CN=expired root', { notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    expect(await call(s, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: leaf.pem })).toEqual({ status: 'Rejected' });
    expect(await call(s, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: expired.pem })).toEqual({ status: 'Rejected' });
    expect(await call(s, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: 'not a certificate' })).toEqual({ status: 'Rejected' });
    expect(s.station.certificates.installed()).toEqual([]);
  });
});

describe('OCPP 1.6 Security Extension: ExtendedTriggerMessage and the station certificate', () => {
  it('1.6 SE: ExtendedTriggerMessage SignChargePointCertificate → Accepted, SignCertificate {csr} with CN = station id; CertificateSigned with a chain to the installed root → Accepted and kept', async () => {
    s = await station16();
    expect(await call(s, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: pki.root.pem })).toEqual({ status: 'Accepted' });
    s.csms.handle('SignCertificate', () => ({ status: 'Accepted' }));
    const mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
    const sign = await s.csms.waitForCall('SignCertificate', undefined, { after: mark, timeoutMs: 10_000 });
    expect(Object.keys(sign)).toEqual(['csr']);
    const csr = new x509.Pkcs10CertificateRequest(sign.csr);
    expect(csr.subjectName.getField('CN')).toEqual(['CS001']);

    const chain = `${await signCsr(pki.stationCa, sign.csr)}\n${pki.stationCa.pem}`;
    expect(await call(s, 'CertificateSigned', { certificateChain: chain })).toEqual({ status: 'Accepted' });
    expect(s.station.certificates.chargingStationCertificate()?.pem).toBe(chain);
    // the pending request is answered: another CertificateSigned has nothing to match
    expect(await call(s, 'CertificateSigned', { certificateChain: chain })).toEqual({ status: 'Rejected' });
  });

  it('1.6 SE: CertificateSigned without a pending SignCertificate → Rejected; a chain to no installed root → Rejected and a security event', async () => {
    s = await station16();
    const other = await makeRoot('CN=unknown root');
    const otherCa = await issue(other, { subject: 'CN=unknown station CA', ca: true });
    expect(await call(s, 'CertificateSigned', { certificateChain: pki.stationCa.pem })).toEqual({ status: 'Rejected' });

    s.csms.handle('SignCertificate', () => ({ status: 'Accepted' }));
    const mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
    const sign = await s.csms.waitForCall('SignCertificate', undefined, { after: mark, timeoutMs: 10_000 });
    const chain = `${await signCsr(otherCa, sign.csr)}\n${otherCa.pem}`;
    expect(await call(s, 'CertificateSigned', { certificateChain: chain })).toEqual({ status: 'Rejected' });
    expect(s.station.certificates.chargingStationCertificate()).toBeUndefined();
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidChargePointCertificate', { after: mark });
  });

  it('1.6 SE: SignCertificate Rejected by the CSMS: the station keeps no pending request', async () => {
    s = await station16();
    s.csms.handle('SignCertificate', () => ({ status: 'Rejected' }));
    const mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' })).toEqual({ status: 'Accepted' });
    const sign = await s.csms.waitForCall('SignCertificate', undefined, { after: mark, timeoutMs: 10_000 });
    await waitFor(() => s!.station.log.recent(20).some((l) => l.text.includes('SignCertificate Rejected')), 'the refusal logged');
    const chain = `${await signCsr(pki.stationCa, sign.csr)}\n${pki.stationCa.pem}`;
    expect(await call(s, 'CertificateSigned', { certificateChain: chain })).toEqual({ status: 'Rejected' });
  });

  it('1.6 SE: ExtendedTriggerMessage StatusNotification (connector 1, connector 0), Heartbeat, BootNotification; FirmwareStatusNotification as SignedFirmwareStatusNotification; LogStatusNotification → Idle; an unknown connector → Rejected', async () => {
    s = await station16();
    let mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 1, { after: mark });
    mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 0 })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('StatusNotification', (p) => p.connectorId === 0, { after: mark });
    mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('Heartbeat', undefined, { after: mark });
    // Accepted already: F06.FR.17
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({ status: 'Rejected' });
    mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'LogStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('LogStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
    mark = s.csms.mark();
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('SignedFirmwareStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
    expect(await call(s, 'ExtendedTriggerMessage', { requestedMessage: 'MeterValues', connectorId: 9 })).toEqual({ status: 'Rejected' });
  });
});
