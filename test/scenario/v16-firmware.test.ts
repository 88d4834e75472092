/** OCPP 1.6 UpdateFirmware (FirmwareManagement) and SignedUpdateFirmware (Security Extension) through the 2.0.1 L01 block. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { FIRMWARE_WRITE_MS } from '../../src/station/firmware/block.js';
import { startHttpFileServer } from '../support/file-server.js';
import { detachedSignature, fwiImage, manufacturerPki } from '../support/firmware.js';
import type { Scenario } from '../support/scenario.js';
import { ready16 } from './v16-helpers.js';

async function station16(): Promise<Scenario> {
  const s = await ready16({ clock: new FakeClock(new Date().toISOString()) });
  const { root } = await manufacturerPki();
  const r = await s.csms.call('CS001', 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: root.pem });
  expect(r.status).toBe('Accepted');
  return s;
}

describe('OCPP 1.6 firmware update', () => {
  it('1.6 UpdateFirmware → {} and FirmwareStatusNotification Downloading, Downloaded, Installing, then Installed after the reboot (no requestId, 1.6 statuses only)', async () => {
    const http = await startHttpFileServer();
    const s = await station16();
    http.put('/fw.fwi', { bytes: await fwiImage({ firmware: '6.0.7' }) });
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'UpdateFirmware', { location: `${http.url}/fw.fwi`, retrieveDate: new Date(s.clock.now()).toISOString() })).toEqual({});
    await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'Installing', { after: mark });
    await s.clock.advance(FIRMWARE_WRITE_MS);
    await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'Installed', { after: mark });
    const sent = s.csms.calls.slice(mark).filter((c) => c.action === 'FirmwareStatusNotification').map((c) => c.payload);
    expect(sent).toEqual([{ status: 'Downloading' }, { status: 'Downloaded' }, { status: 'Installing' }, { status: 'Installed' }]);
    const boot = s.csms.calls.slice(mark).find((c) => c.action === 'BootNotification')!.payload;
    expect(boot.firmwareVersion).toBe('6.0.7');
  });

  it('1.6 UpdateFirmware of an unsigned image → InstallationFailed (1.6 has no InvalidSignature)', async () => {
    const http = await startHttpFileServer();
    const s = await station16();
    http.put('/unsigned.fwi', { bytes: await fwiImage({ signer: null }) });
    const mark = s.csms.mark();
    await s.csms.call('CS001', 'UpdateFirmware', { location: `${http.url}/unsigned.fwi`, retrieveDate: new Date(s.clock.now()).toISOString() });
    await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'InstallationFailed', { after: mark });
    expect(s.station.firmwareVersion).toBe('6.0.0');
  });

  it('1.6 SE SignedUpdateFirmware → Accepted and SignedFirmwareStatusNotification with the requestId, SignatureVerified and InstallRebooting included', async () => {
    const http = await startHttpFileServer();
    const s = await station16();
    const { signer } = await manufacturerPki();
    const image = await fwiImage({ firmware: '6.0.8' });
    http.put('/signed.fwi', { bytes: image });
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'SignedUpdateFirmware', {
      requestId: 9,
      firmware: { location: `${http.url}/signed.fwi`, retrieveDateTime: new Date(s.clock.now()).toISOString(), signingCertificate: signer.pem, signature: detachedSignature(image, signer) },
    });
    expect(res).toEqual({ status: 'Accepted' });
    await s.csms.waitForCall('SignedFirmwareStatusNotification', (p) => p.status === 'Installing', { after: mark });
    await s.clock.advance(FIRMWARE_WRITE_MS);
    await s.csms.waitForCall('SignedFirmwareStatusNotification', (p) => p.status === 'Installed', { after: mark });
    const sent = s.csms.calls.slice(mark).filter((c) => c.action === 'SignedFirmwareStatusNotification').map((c) => [c.payload.status, c.payload.requestId]);
    expect(sent).toEqual([['Downloading', 9], ['Downloaded', 9], ['SignatureVerified', 9], ['Installing', 9], ['InstallRebooting', 9], ['Installed', 9]]);
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'FirmwareUpdated', { after: mark });
  });

  it('1.6 SE SignedUpdateFirmware with a signing certificate from an unknown root → InvalidCertificate', async () => {
    const s = await station16();
    const { stranger } = await manufacturerPki();
    const res = await s.csms.call('CS001', 'SignedUpdateFirmware', {
      requestId: 10,
      firmware: { location: 'http://127.0.0.1:1/x.fwi', retrieveDateTime: new Date(s.clock.now()).toISOString(), signingCertificate: stranger.pem, signature: 'AAAA' },
    });
    expect(res.status).toBe('InvalidCertificate');
  });

  it('1.6 TriggerMessage FirmwareStatusNotification → Accepted, FirmwareStatusNotification Idle', async () => {
    const s = await station16();
    const mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('FirmwareStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
  });
});
