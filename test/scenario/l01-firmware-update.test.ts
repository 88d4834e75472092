/** L01 Secure Firmware Update over OCPP 2.0.1, against the strict fake CSMS with local HTTP and FTP servers. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { BOOTLOADER_WRITE_MS, DOWNLOAD_STALL_MS, FIRMWARE_WRITE_MS, VIDEO_WRITE_MS } from '../../src/station/firmware/block.js';
import { type Scenario, acceptedScenario, runConsole } from '../support/scenario.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { type FileServer, startFtpFileServer, startHttpFileServer } from '../support/file-server.js';
import { detachedSignature, fwiImage, installManufacturerRoot, manufacturerPki } from '../support/firmware.js';
import { issue, makeCrl } from '../support/pki.js';
import { evse, settle, swipe } from '../support/tx-helpers.js';
import { waitFor } from '../support/wait.js';

async function firmwareStation(options: { legacy?: boolean } = {}): Promise<Scenario> {
  http = await startHttpFileServer();
  // certificates are made at real time: the station's clock starts there too, and the CSMS's time follows it
  const clock = new FakeClock(new Date().toISOString());
  const csms = await startFakeCsms({ now: () => new Date(clock.now()) });
  const s = await acceptedScenario({ clock, csms, ...options });
  await installManufacturerRoot(s);
  return s;
}

const statuses = (s: Scenario, mark = 0) => s.csms.calls.slice(mark).filter((c) => c.action === 'FirmwareStatusNotification').map((c) => c.payload.status);

async function waitStatus(s: Scenario, status: string, mark = 0): Promise<any> {
  return s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === status, { after: mark });
}

async function update(s: Scenario, location: string, bytes: Buffer | undefined, extra: Record<string, unknown> = {}, firmware: Record<string, unknown> = {}) {
  const { signer } = await manufacturerPki();
  return s.csms.call('CS001', 'UpdateFirmware', {
    requestId: 42,
    ...extra,
    firmware: {
      location,
      retrieveDateTime: new Date(s.clock.now()).toISOString(),
      signingCertificate: signer.pem,
      ...(bytes ? { signature: detachedSignature(bytes, signer) } : {}),
      ...firmware,
    },
  });
}

/** Through Installing and the flash write; resolves once the station is back and told Installed. */
async function throughInstall(s: Scenario, mark: number, writeMs = FIRMWARE_WRITE_MS): Promise<void> {
  await waitStatus(s, 'Installing', mark);
  await s.clock.advance(writeMs);
  await waitStatus(s, 'Installed', mark);
}

let http: FileServer;
async function serve(bytes: Buffer, path = '/ng9.fwi'): Promise<string> {
  http.put(path, { bytes });
  return `${http.url}${path}`;
}

describe('L01 Secure Firmware Update', () => {
  it('L01.FR.01: UpdateFirmware over http → every status with the requestId, reboot with reason FirmwareUpdate, FirmwareUpdated, the new firmware runs', async () => {
    const s = await firmwareStation();
    const image = await fwiImage({ firmware: '6.0.1' });
    const mark = s.csms.mark();
    expect(await update(s, await serve(image), image)).toEqual({ status: 'Accepted' });
    await throughInstall(s, mark);
    expect(statuses(s, mark)).toEqual(['Downloading', 'Downloaded', 'SignatureVerified', 'Installing', 'InstallRebooting', 'Installed']);
    expect(s.csms.calls.slice(mark).filter((c) => c.action === 'FirmwareStatusNotification').every((c) => c.payload.requestId === 42)).toBe(true);
    const boot = s.csms.calls.slice(mark).find((c) => c.action === 'BootNotification')!.payload;
    expect(boot.reason).toBe('FirmwareUpdate');
    expect(boot.chargingStation.firmwareVersion).toBe('6.0.1');
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'FirmwareUpdated', { after: mark });
    const fw = await runConsole(s, 'fw');
    expect(fw.ok && fw.reply.data).toMatchObject({ firmware: '6.0.1', slot: 'B', trial: false, otherSlot: { slot: 'A', firmware: '6.0.0' }, bootloader: '1.2.0', pending: null });
    const version = await runConsole(s, 'version');
    expect(version.ok && version.reply.data).toMatchObject({ firmware: '6.0.1', bootloader: '1.2.0' });
  });

  it('L01.FR.05 / L01.FR.20: retrieveDateTime and installDateTime in the future → DownloadScheduled, InstallScheduled, each step at its time', async () => {
    const s = await firmwareStation();
    const image = await fwiImage({ firmware: '6.0.2' });
    const url = await serve(image, '/later.fwi');
    const mark = s.csms.mark();
    const now = s.clock.now();
    await update(s, url, image, {}, { retrieveDateTime: new Date(now + 3_600_000).toISOString(), installDateTime: new Date(now + 7_200_000).toISOString() });
    await waitStatus(s, 'DownloadScheduled', mark);
    await s.clock.advance(3_599_000);
    expect(http.requests.get('/later.fwi')).toBeUndefined();
    await s.clock.advance(1_000);
    await waitStatus(s, 'InstallScheduled', mark);
    expect(statuses(s, mark)).toEqual(['DownloadScheduled', 'Downloading', 'Downloaded', 'SignatureVerified', 'InstallScheduled']);
    await s.clock.advance(3_600_000);
    await throughInstall(s, mark);
    expect(s.station.firmwareVersion).toBe('6.0.2');
  });

  it('L01.FR.02: a signing certificate that does not chain to a ManufacturerRootCertificate → InvalidCertificate and InvalidFirmwareSigningCertificate; nothing is downloaded', async () => {
    const s = await firmwareStation();
    const { stranger } = await manufacturerPki();
    const image = await fwiImage({ signer: stranger });
    const url = await serve(image, '/stranger.fwi');
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'UpdateFirmware', {
      requestId: 7,
      firmware: { location: url, retrieveDateTime: new Date(s.clock.now()).toISOString(), signingCertificate: stranger.pem, signature: detachedSignature(image, stranger) },
    });
    expect(res.status).toBe('InvalidCertificate');
    const event = await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidFirmwareSigningCertificate', { after: mark });
    expect(event.techInfo).toMatch(/ManufacturerRootCertificate/);
    await settle(s);
    expect(statuses(s, mark)).toEqual([]);
    expect(http.requests.get('/stranger.fwi')).toBeUndefined();
  });

  it('L01: a signing certificate on its issuer\'s revocation list (CRL distribution point) → RevokedCertificate; one not on it is Accepted', async () => {
    const s = await firmwareStation();
    const { root } = await manufacturerPki();
    const revoked = await issue(root, { subject: 'CN=leaked firmware key, O=NG9', crlUrls: [`${http.url}/root.crl`] });
    const good = await issue(root, { subject: 'CN=NG9 firmware signing 2, O=NG9', crlUrls: [`${http.url}/root.crl`] });
    http.put('/root.crl', { bytes: await makeCrl(root, [revoked]) });
    const image = await fwiImage({ signer: revoked });
    const url = await serve(image, '/revoked.fwi');
    const mark = s.csms.mark();
    const request = (signer: typeof good, requestId: number) =>
      s.csms.call('CS001', 'UpdateFirmware', {
        requestId,
        firmware: { location: url, retrieveDateTime: new Date(s.clock.now() + 3_600_000).toISOString(), signingCertificate: signer.pem, signature: detachedSignature(image, signer) },
      });
    const res = await request(revoked, 8);
    expect(res.status).toBe('RevokedCertificate');
    expect(res.statusInfo.additionalInfo).toMatch(/leaked firmware key.* is revoked since/);
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidFirmwareSigningCertificate', { after: mark });
    expect(s.station.firmware.job).toBeUndefined();
    expect((await request(good, 9)).status).toBe('Accepted');
    expect(http.requests.get('/root.crl')).toBe(2);
  });

  it('L01.FR.03: a signature that does not verify → InvalidSignature and InvalidFirmwareSignature; the running firmware is untouched', async () => {
    const s = await firmwareStation();
    const image = await fwiImage({ firmware: '6.6.6' });
    const other = await fwiImage({ firmware: '6.6.7' });
    const mark = s.csms.mark();
    await update(s, await serve(image, '/bad-sig.fwi'), other);
    await waitStatus(s, 'InvalidSignature', mark);
    expect(statuses(s, mark)).toEqual(['Downloading', 'Downloaded', 'InvalidSignature']);
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'InvalidFirmwareSignature', { after: mark });
    expect(s.station.firmwareVersion).toBe('6.0.0');
    expect(s.station.firmware.job).toBeUndefined();
  });

  it('bad images: unsigned → InvalidSignature; wrong platform, truncated, corrupt compression → InstallVerificationFailed; nothing installed', async () => {
    const s = await firmwareStation();
    const unsigned = await fwiImage({ signer: null });
    const wrongPlatform = await fwiImage({ platform: 'NG8xx' });
    const good = await fwiImage({ firmware: '6.0.3', compression: 'deflate' });
    const truncated = good.subarray(0, good.length - 300);
    const corrupt = Buffer.from(good);
    corrupt[Math.floor(corrupt.length / 2)]! ^= 0xff;
    for (const [name, bytes, expected] of [
      ['unsigned', unsigned, 'InvalidSignature'],
      ['platform', wrongPlatform, 'InstallVerificationFailed'],
      ['truncated', truncated, 'InstallVerificationFailed'],
      ['corrupt', corrupt, 'InvalidSignature'],
    ] as const) {
      const mark = s.csms.mark();
      // the CSMS signed what it sends: only the image itself is at fault
      await update(s, await serve(bytes, `/${name}.fwi`), bytes);
      await waitStatus(s, expected, mark);
      expect(statuses(s, mark), name).toEqual(expected === 'InvalidSignature' ? ['Downloading', 'Downloaded', 'InvalidSignature'] : ['Downloading', 'Downloaded', 'InstallVerificationFailed']);
      expect(s.station.firmwareVersion).toBe('6.0.0');
    }
    // the console says what is wrong with a local image, and changes nothing
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../support/test-end.js');
    const file = `${tempDir('ng9-fw-')}/platform.fwi`;
    writeFileSync(file, wrongPlatform);
    const local = await runConsole(s, `fw install ${file}`);
    expect(local.ok).toBe(false);
    expect(!local.ok && local.error.message).toMatch(/InstallVerificationFailed: the image is for platform NG8xx, this station is NG9xx/);
    expect(s.station.firmware.job).toBeUndefined();
  });

  it('L01.FR.30: a download that fails is tried again retries times, retryInterval apart, then DownloadFailed', async () => {
    const s = await firmwareStation();
    http.put('/gone.fwi', { status: 404 });
    const mark = s.csms.mark();
    await update(s, `${http.url}/gone.fwi`, undefined, { retries: 2, retryInterval: 30 });
    await waitFor(() => http.requests.get('/gone.fwi') === 1, 'first attempt');
    await settle(s);
    await s.clock.advance(29_000);
    expect(http.requests.get('/gone.fwi')).toBe(1);
    await s.clock.advance(1_000);
    await waitFor(() => http.requests.get('/gone.fwi') === 2, 'second attempt');
    await settle(s);
    await s.clock.advance(30_000);
    await waitStatus(s, 'DownloadFailed', mark);
    expect(http.requests.get('/gone.fwi')).toBe(3);
    expect(statuses(s, mark)).toEqual(['Downloading', 'Downloading', 'Downloading', 'DownloadFailed']);
  });

  it('a download that stalls is given up after a minute without data (station clock)', async () => {
    const s = await firmwareStation();
    const image = await fwiImage();
    http.put('/stall.fwi', { bytes: image, stallAfter: 1000 });
    const mark = s.csms.mark();
    await update(s, `${http.url}/stall.fwi`, image, { retries: 0 });
    await waitFor(() => http.requests.get('/stall.fwi') === 1, 'download started');
    await waitStatus(s, 'Downloading', mark);
    await s.clock.advance(DOWNLOAD_STALL_MS);
    await waitStatus(s, 'DownloadFailed', mark);
    expect(s.station.log.recent(20).map((l) => l.text).join('\n')).toMatch(/no data for 60 s/);
  });

  it('release notes (FTP firmware download flow): ftp:// with user and password installs; a dropped data channel → DownloadFailed', async () => {
    const ftp = await startFtpFileServer();
    const s = await firmwareStation();
    const image = await fwiImage({ firmware: '6.0.4' });
    ftp.put('/fw/ng9.fwi', { bytes: image });
    ftp.put('/fw/drop.fwi', { bytes: image, dropAfter: 2000 });
    let mark = s.csms.mark();
    await update(s, `${ftp.url}/fw/drop.fwi`, image, { retries: 0 });
    await waitStatus(s, 'DownloadFailed', mark);
    mark = s.csms.mark();
    await update(s, `${ftp.url}/fw/ng9.fwi`, image);
    await throughInstall(s, mark);
    expect(s.station.firmwareVersion).toBe('6.0.4');
  });

  it('L01.FR.24: a second UpdateFirmware before the install cancels the first → AcceptedCanceled', async () => {
    const s = await firmwareStation();
    const first = await fwiImage({ firmware: '6.1.0' });
    const url = await serve(first, '/first.fwi');
    const mark = s.csms.mark();
    await update(s, url, first, {}, { retrieveDateTime: new Date(s.clock.now() + 3_600_000).toISOString() });
    await waitStatus(s, 'DownloadScheduled', mark);
    const second = await fwiImage({ firmware: '6.1.1' });
    const res = await update(s, await serve(second, '/second.fwi'), second, { requestId: 43 });
    expect(res.status).toBe('AcceptedCanceled');
    await throughInstall(s, mark);
    expect(s.station.firmwareVersion).toBe('6.1.1');
    await s.clock.advance(3_600_000);
    expect(http.requests.get('/first.fwi')).toBeUndefined();
  });

  it('L01.FR.06: the install waits for the transaction; the idle EVSE goes Unavailable meanwhile; then it installs', async () => {
    const s = await firmwareStation();
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await waitFor(() => s.station.transactions.ongoing().length === 1, 'charging');
    const image = await fwiImage({ firmware: '6.2.0' });
    const mark = s.csms.mark();
    await update(s, await serve(image, '/tx.fwi'), image);
    await waitStatus(s, 'SignatureVerified', mark);
    await s.csms.waitForCall('StatusNotification', (p) => p.evseId === 2 && p.connectorStatus === 'Unavailable', { after: mark });
    expect(statuses(s, mark)).not.toContain('Installing');
    // a new session cannot start on the held EVSE
    evse(s, 2).plug();
    await swipe(s, 'TAG2');
    await settle(s);
    expect(s.station.transactions.ongoing()).toHaveLength(1);
    evse(s, 1).unplug();
    await throughInstall(s, mark);
    expect(s.station.firmwareVersion).toBe('6.2.0');
  });

  it('L01: with AllowNewSessionsPendingFirmwareUpdate the idle EVSE stays Available while the install waits', async () => {
    const s = await firmwareStation();
    s.station.model.setByKey('ChargingStation.AllowNewSessionsPendingFirmwareUpdate', 'true', 'console');
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await waitFor(() => s.station.transactions.ongoing().length === 1, 'charging');
    const image = await fwiImage({ firmware: '6.2.1' });
    const mark = s.csms.mark();
    await update(s, await serve(image, '/allow.fwi'), image);
    await waitStatus(s, 'SignatureVerified', mark);
    await settle(s);
    expect(s.station.connectors.status(2)).toBe('Available');
  });

  it('F06 TriggerMessage FirmwareStatusNotification: Idle with nothing to do; the current status and requestId during a job', async () => {
    const s = await firmwareStation();
    let mark = s.csms.mark();
    expect((await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' })).status).toBe('Accepted');
    expect(await s.csms.waitForCall('FirmwareStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
    const image = await fwiImage();
    await update(s, await serve(image, '/trig.fwi'), image, {}, { retrieveDateTime: new Date(s.clock.now() + 600_000).toISOString() });
    await waitStatus(s, 'DownloadScheduled', mark);
    mark = s.csms.mark();
    await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'FirmwareStatusNotification' });
    expect(await s.csms.waitForCall('FirmwareStatusNotification', undefined, { after: mark })).toEqual({ status: 'DownloadScheduled', requestId: 42 });
  });
});

describe('release notes 3: the two-stage bootloader, the minimal firmware, resources', () => {
  it('a pre-6.0 charger (bootloader 0.1.6) refuses firmware 6 and names the minimal firmware; the minimal firmware brings bootloader 1.2.0 and firmware 6.0.0', async () => {
    const s = await firmwareStation({ legacy: true });
    expect(s.station.firmwareVersion).toBe('5.4.2');
    expect(s.csms.callsOf('BootNotification')[0].chargingStation.firmwareVersion).toBe('5.4.2');
    const six = await fwiImage({ firmware: '6.0.0' });
    let mark = s.csms.mark();
    await update(s, await serve(six, '/six.fwi'), six);
    await waitStatus(s, 'InstallVerificationFailed', mark);
    expect(s.station.log.recent(30).map((l) => l.text).join('\n')).toMatch(/bootloader 0\.1\.6 does not recognise firmware 6\.0\.0: install the minimal firmware/);
    const minimal = await fwiImage({ kind: 'minimal', bootloader: '1.2.0', firmware: '6.0.0', compression: 'brotli' });
    mark = s.csms.mark();
    await update(s, await serve(minimal, '/minimal.fwi'), minimal);
    await waitStatus(s, 'Installing', mark);
    await s.clock.advance(BOOTLOADER_WRITE_MS);
    await throughInstall(s, mark);
    const fw = await runConsole(s, 'fw');
    expect(fw.ok && fw.reply.data).toMatchObject({ firmware: '6.0.0', bootloader: '1.2.0' });
  });

  it('a bootloader FWI updates stage 2 only: 1.2.0 with stage 2 version 2.1 → 1.2.1; the firmware stays', async () => {
    const s = await firmwareStation();
    const image = await fwiImage({ kind: 'bootloader', bootloader: '2.1' });
    const mark = s.csms.mark();
    await update(s, await serve(image, '/bl.fwi'), image);
    await throughInstall(s, mark, BOOTLOADER_WRITE_MS);
    expect(s.station.firmware.installed.bootloader).toBe('1.2.1');
    expect(s.station.firmwareVersion).toBe('6.0.0');
  });

  it('release notes 4 (video resource FWI): installed without a reboot, shown by fw', async () => {
    const s = await firmwareStation();
    const image = await fwiImage({ video: '2.3' });
    const mark = s.csms.mark();
    await update(s, await serve(image, '/video.fwi'), image);
    await waitStatus(s, 'Installing', mark);
    await s.clock.advance(VIDEO_WRITE_MS);
    await waitStatus(s, 'Installed', mark);
    expect(statuses(s, mark)).not.toContain('InstallRebooting');
    expect(s.csms.calls.slice(mark).some((c) => c.action === 'BootNotification')).toBe(false);
    const fw = await runConsole(s, 'fw');
    expect(fw.ok && fw.reply.data).toMatchObject({ video: '2.3', firmware: '6.0.0' });
  });

  it('trial rule: a local install without a backoffice runs on trial; a reboot goes back to the firmware before; forcefirmwarepermanent keeps it', async () => {
    const s = await firmwareStation();
    await s.station.setLinkWanted(false);
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../support/test-end.js');
    const file = `${tempDir('ng9-fw-')}/ng9-6.0.5.fwi`;
    writeFileSync(file, await fwiImage({ firmware: '6.0.5' }));
    const install = async () => {
      const r = await runConsole(s, `fw install ${file}`);
      expect(r.ok && r.reply.text).toEqual(['ng9-6.0.5.fwi: firmware 6.0.5 (firmware image), signature verified; installing (the station reboots)']);
      await waitFor(() => s.station.firmware.job?.phase === 'Installing', 'installing');
      await s.clock.advance(FIRMWARE_WRITE_MS);
      await waitFor(() => s.station.firmwareVersion === '6.0.5' && s.station.lifecycle.running, 'booted into 6.0.5');
    };
    await install();
    expect(s.station.firmware.installed.trial).toBe(true);
    await s.station.restart('PowerUp', 'powerLoss');
    expect(s.station.firmwareVersion).toBe('6.0.0');
    expect(s.station.firmware.installed.trial).toBe(false);
    await install();
    const kept = await runConsole(s, 'forcefirmwarepermanent');
    expect(kept.ok && kept.reply.text).toEqual(['firmware 6.0.5 is permanent']);
    await s.station.restart('PowerUp', 'powerLoss');
    expect(s.station.firmwareVersion).toBe('6.0.5');
    expect(s.station.firmware.job).toBeUndefined();
  });

  it('release notes 3.1.1: a power cut while the bootloader is written leaves a station that only answers recovery; fw install of the minimal firmware brings it back', async () => {
    const s = await firmwareStation({ legacy: true });
    const minimal = await fwiImage({ kind: 'minimal', bootloader: '1.2.0', firmware: '6.0.0' });
    const mark = s.csms.mark();
    await update(s, await serve(minimal, '/minimal.fwi'), minimal);
    await waitFor(() => s.station.firmware.job?.phase === 'WritingBootloader', 'writing the bootloader');
    const fw = await runConsole(s, 'fw');
    expect(fw.ok && fw.reply.text![0]).toBe('WRITING THE BOOTLOADER: do not switch the power off (release notes 3.1.1)');
    const cut = await runConsole(s, 'power cut');
    expect(cut.ok && cut.reply.text).toEqual(['power cut while the bootloader was written: the station does not boot (release notes 3.1.1); recovery: fw install <minimal firmware FWI>']);
    const status = await runConsole(s, 'status');
    expect(!status.ok && status.error.message).toMatch(/bootloader recovery .* only fw, fw install, version/);
    await settle(s);
    expect(s.csms.calls.slice(mark).some((c) => c.action === 'BootNotification')).toBe(false);
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('../support/test-end.js');
    const file = `${tempDir('ng9-fw-')}/minimal.fwi`;
    writeFileSync(file, await fwiImage({ firmware: '6.0.1' }));
    const refused = await runConsole(s, `fw install ${file}`);
    expect(!refused.ok && refused.error.message).toMatch(/only an image with a bootloader/);
    writeFileSync(file, minimal);
    expect((await runConsole(s, `fw install ${file}`)).ok).toBe(true);
    await waitFor(() => s.station.firmware.job?.phase === 'WritingBootloader', 'writing the bootloader again');
    await s.clock.advance(BOOTLOADER_WRITE_MS);
    await waitFor(() => s.station.firmware.job?.phase === 'Installing', 'writing the firmware');
    await s.clock.advance(FIRMWARE_WRITE_MS);
    await waitFor(() => s.station.registration === 'Accepted' && s.station.firmwareVersion === '6.0.0', 'booted 6.0.0 and accepted');
    expect(s.station.firmware.installed).toMatchObject({ bootloader: '1.2.0', recovery: false, trial: false });
  });
});
