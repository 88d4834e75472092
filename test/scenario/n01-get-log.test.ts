/** N01 Retrieve Log Information over OCPP 2.0.1, against the strict fake CSMS with local HTTP and FTP upload servers. */
import { describe, expect, it } from 'vitest';
import { UPLOAD_STALL_MS } from '../../src/station/diagnostics/block.js';
import { formatLogLine } from '../../src/station/log.js';
import { type Scenario, acceptedScenario, keepStationTime } from '../support/scenario.js';
import { type UploadServer, startFtpFileServer, startHttpUploadServer } from '../support/file-server.js';
import { waitFor } from '../support/wait.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** `status requestId` of each LogStatusNotification from call index `mark`. */
const logStatuses = (s: Scenario, mark = 0) =>
  s.csms.calls.slice(mark).filter((c) => c.action === 'LogStatusNotification').map((c) => `${c.payload.status} ${c.payload.requestId ?? '-'}`);

async function waitStatus(s: Scenario, status: string, requestId: number, mark: number): Promise<void> {
  await s.csms.waitForCall('LogStatusNotification', (p) => p.status === status && p.requestId === requestId, { after: mark });
}

function getLog(s: Scenario, requestId: number, remoteLocation: string, extra: Record<string, unknown> = {}, log: Record<string, unknown> = {}) {
  return s.csms.call(s.station.id, 'GetLog', { logType: 'DiagnosticsLog', requestId, ...extra, log: { remoteLocation, ...log } });
}

async function station(): Promise<{ s: Scenario; http: UploadServer }> {
  const http = await startHttpUploadServer();
  const s = await acceptedScenario();
  keepStationTime(s);
  return { s, http };
}

describe('N01 Retrieve Log Information', () => {
  it('N01.FR.01 / N01.FR.02 / N01.FR.04 / N01.FR.07-09 / N01.FR.19: GetLog DiagnosticsLog over http → Accepted with the filename; Uploading, Uploaded with the requestId; the station log posted as the multipart part "uploadedfile"', async () => {
    const { s, http } = await station();
    const expected = s.station.log.recent(10_000).map(formatLogLine);
    const mark = s.csms.mark();
    const res = await getLog(s, 42, `${http.url}/logs`);
    // the time of the request, to the second (the CSMS set the station clock at boot)
    const stamp = iso(s.clock.now()).replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    expect(res).toEqual({ status: 'Accepted', filename: `CS001-DiagnosticsLog-42-${stamp}.log` });
    await waitStatus(s, 'Uploaded', 42, mark);
    expect(logStatuses(s, mark)).toEqual(['Uploading 42', 'Uploaded 42']);
    expect(http.received).toHaveLength(1);
    const got = http.received[0]!;
    expect(got).toMatchObject({ path: '/logs', field: 'uploadedfile', filename: res.filename, contentType: 'application/octet-stream' });
    expect(got.text.trimEnd().split('\n')).toEqual(expected);
    expect(got.text).toMatch(/:INFO:ocpp:|BootNotification|Accepted/);
    expect(s.station.diagnostics.ongoing).toBeUndefined();
  });

  it('N01.FR.04: oldestTimestamp / latestTimestamp → only the station log lines of that window, both ends included', async () => {
    const { s, http } = await station();
    const t0 = s.clock.now();
    for (const minute of [1, 2, 3, 4]) {
      await s.clock.advance(60_000);
      s.station.log.info('test', `marker ${minute}`);
    }
    const mark = s.csms.mark();
    await getLog(s, 7, `${http.url}/window`, {}, { oldestTimestamp: iso(t0 + 120_000), latestTimestamp: iso(t0 + 180_000) });
    await waitStatus(s, 'Uploaded', 7, mark);
    const lines = http.received[0]!.text.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes(':test:'))).toEqual([`${iso(t0 + 120_000)}:INFO:test:marker 2`, `${iso(t0 + 180_000)}:INFO:test:marker 3`]);
    for (const line of lines) {
      const at = Date.parse(line.slice(0, 24));
      expect(at).toBeGreaterThanOrEqual(t0 + 120_000);
      expect(at).toBeLessThanOrEqual(t0 + 180_000);
    }
  });

  it('N01.FR.03: GetLog SecurityLog → the durable security log of the window (StartupOfTheDevice and what was raised since)', async () => {
    const { s, http } = await station();
    const t0 = s.clock.now();
    await s.clock.advance(60_000);
    s.station.securityEvents.raise('SettingSystemTime', 'clock set by the technician');
    await s.clock.advance(60_000);
    s.station.securityEvents.raise('InvalidMessages', 'a frame that is no JSON');
    const mark = s.csms.mark();
    const all = await s.csms.call('CS001', 'GetLog', { logType: 'SecurityLog', requestId: 8, log: { remoteLocation: `${http.url}/sec` } });
    expect(all.filename).toMatch(/^CS001-SecurityLog-8-/);
    await waitStatus(s, 'Uploaded', 8, mark);
    const lines = http.received[0]!.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z:CRITICAL:StartupOfTheDevice:boot reason PowerUp$/);
    expect(lines.slice(-2)).toEqual([`${iso(t0 + 60_000)}:CRITICAL:SettingSystemTime:clock set by the technician`, `${iso(t0 + 120_000)}:CRITICAL:InvalidMessages:a frame that is no JSON`]);
    // the window: only the one raised at t0 + 1 min
    await s.csms.call('CS001', 'GetLog', { logType: 'SecurityLog', requestId: 9, log: { remoteLocation: `${http.url}/sec`, oldestTimestamp: iso(t0 + 30_000), latestTimestamp: iso(t0 + 90_000) } });
    await waitStatus(s, 'Uploaded', 9, mark);
    expect(http.received[1]!.text).toBe(`${iso(t0 + 60_000)}:CRITICAL:SettingSystemTime:clock set by the technician\n`);
  });

  it('N01.FR.10: HTTP 500 → tried again `retries` times `retryInterval` s apart (Uploading at each attempt), then UploadFailure', async () => {
    const { s, http } = await station();
    http.on('/fail', { status: 500 });
    const mark = s.csms.mark();
    expect((await getLog(s, 11, `${http.url}/fail`, { retries: 2, retryInterval: 30 })).status).toBe('Accepted');
    await waitFor(() => s.station.log.recent(5).some((l) => l.text.includes('attempt 1 of 3 failed: POST')), 'first attempt failed');
    await s.clock.advance(29_000);
    expect(http.attempts.get('/fail')).toBe(1);
    await s.clock.advance(1_000);
    await waitFor(() => s.station.log.recent(5).some((l) => l.text.includes('attempt 2 of 3 failed')), 'second attempt failed');
    expect(http.attempts.get('/fail')).toBe(2);
    await s.clock.advance(30_000);
    await waitStatus(s, 'UploadFailure', 11, mark);
    expect(http.attempts.get('/fail')).toBe(3);
    expect(logStatuses(s, mark)).toEqual(['Uploading 11', 'Uploading 11', 'Uploading 11', 'UploadFailure 11']);
    expect(s.station.log.recent(10).map((l) => l.text).join('\n')).toMatch(/HTTP 500/);
  });

  it('release notes (error handling for multipart content): a 302 redirect, a connection closed mid-upload, a server that never answers → each a clean UploadFailure; the station carries on', async () => {
    const { s, http } = await station();
    http.on('/redirect', { redirect: '/elsewhere' });
    http.on('/drop', 'drop');
    http.on('/stall', 'stall');
    let mark = s.csms.mark();
    await getLog(s, 21, `${http.url}/redirect`, { retries: 0 });
    await waitStatus(s, 'UploadFailure', 21, mark);
    expect(http.attempts.get('/elsewhere')).toBeUndefined();
    expect(s.station.log.recent(5).map((l) => l.text).join('\n')).toMatch(/HTTP 302 redirect to \/elsewhere not followed/);

    mark = s.csms.mark();
    await getLog(s, 22, `${http.url}/drop`, { retries: 0 });
    await waitStatus(s, 'UploadFailure', 22, mark);

    mark = s.csms.mark();
    await getLog(s, 23, `${http.url}/stall`, { retries: 0 });
    await waitFor(() => http.attempts.get('/stall') === 1, 'the stalled upload begun');
    await waitStatus(s, 'Uploading', 23, mark);
    await s.clock.advance(UPLOAD_STALL_MS);
    await waitStatus(s, 'UploadFailure', 23, mark);
    expect(s.station.log.recent(5).map((l) => l.text).join('\n')).toMatch(/nothing done for 60 s/);

    mark = s.csms.mark();
    await getLog(s, 24, `${http.url}/ok`);
    await waitStatus(s, 'Uploaded', 24, mark);
    expect(http.received.map((r) => r.path)).toEqual(['/ok']);
    expect(s.station.connected).toBe(true);
  });

  it('N01.FR.17: user and password in an http location → Basic authorization, not in the path; HTTP 401 → PermissionDenied', async () => {
    const { s, http } = await station();
    http.on('/locked', { status: 401 });
    const url = new URL(http.url);
    let mark = s.csms.mark();
    await getLog(s, 31, `http://logs:s3cret@${url.host}/auth`);
    await waitStatus(s, 'Uploaded', 31, mark);
    expect(http.received[0]!.authorization).toBe(`Basic ${Buffer.from('logs:s3cret').toString('base64')}`);
    expect(s.station.log.recent(20).map((l) => l.text).join('\n')).not.toMatch(/s3cret/);
    mark = s.csms.mark();
    await getLog(s, 32, `${http.url}/locked`, { retries: 0 });
    await waitStatus(s, 'PermissionDenied', 32, mark);
  });

  it('N01.FR.02 over ftp: STOR of the file into the folder of the location; a refused STOR or a dropped data channel → UploadFailure; a wrong password → PermissionDenied', async () => {
    const ftp = await startFtpFileServer();
    const { s } = await station();
    ftp.on('/denied/', 'deny');
    ftp.on('/drop/', 'drop');
    let mark = s.csms.mark();
    const res = await getLog(s, 41, `${ftp.url}/logs/`);
    await waitStatus(s, 'Uploaded', 41, mark);
    expect(ftp.received).toEqual([{ path: '/logs/', filename: res.filename, text: expect.stringContaining(':INFO:') }]);
    for (const [requestId, folder] of [[42, 'denied'], [43, 'drop']] as const) {
      mark = s.csms.mark();
      await getLog(s, requestId, `${ftp.url}/${folder}`, { retries: 0 });
      await waitStatus(s, 'UploadFailure', requestId, mark);
    }
    expect(ftp.attempts.get('/drop/')).toBe(1);
    mark = s.csms.mark();
    await getLog(s, 44, `${ftp.url.replace(':secret@', ':wrong@')}/logs/`, { retries: 0 });
    await waitStatus(s, 'PermissionDenied', 44, mark);
    expect(ftp.received).toHaveLength(1);
  });

  it('N01.FR.12 / N01.FR.20: a second GetLog while the first uploads → AcceptedCanceled; the first ends with AcceptedCanceled, the second uploads', async () => {
    const { s, http } = await station();
    http.on('/stall', 'stall');
    const mark = s.csms.mark();
    expect((await getLog(s, 51, `${http.url}/stall`)).status).toBe('Accepted');
    await waitFor(() => http.attempts.get('/stall') === 1, 'the first upload begun');
    const second = await getLog(s, 52, `${http.url}/ok`);
    expect(second).toEqual({ status: 'AcceptedCanceled', filename: expect.stringMatching(/^CS001-DiagnosticsLog-52-/) });
    await waitStatus(s, 'Uploaded', 52, mark);
    expect(logStatuses(s, mark)).toEqual(['Uploading 51', 'AcceptedCanceled 51', 'Uploading 52', 'Uploaded 52']);
    // nothing more of the first, also not when its stall time would have come
    await s.clock.advance(UPLOAD_STALL_MS);
    expect(logStatuses(s, mark)).toHaveLength(4);
  });

  it('N01.FR.05: an unsupported protocol, a location that is no URL, oldestTimestamp after latestTimestamp, a window without entries → Rejected; nothing is uploaded and an upload under way goes on', async () => {
    const { s, http } = await station();
    http.on('/stall', 'stall');
    const mark = s.csms.mark();
    await getLog(s, 60, `${http.url}/stall`);
    await waitFor(() => http.attempts.get('/stall') === 1, 'upload begun');
    const now = s.clock.now();
    const rejected = [
      await getLog(s, 61, 'sftp://127.0.0.1/logs/'),
      await getLog(s, 62, 'no url at all'),
      await getLog(s, 63, `${http.url}/x`, {}, { oldestTimestamp: iso(now), latestTimestamp: iso(now - 60_000) }),
      await getLog(s, 64, `${http.url}/x`, {}, { oldestTimestamp: iso(now + 3_600_000) }),
    ];
    expect(rejected.map((r) => [r.status, r.statusInfo.reasonCode, r.filename])).toEqual([
      ['Rejected', 'UnsupportedProtocol', undefined],
      ['Rejected', 'InvalidURL', undefined],
      ['Rejected', 'InvalidValue', undefined],
      ['Rejected', 'NoLogAvailable', undefined],
    ]);
    expect(s.station.diagnostics.ongoing).toBe(60);
    expect(http.attempts.get('/x')).toBeUndefined();
    expect(logStatuses(s, mark)).toEqual(['Uploading 60']);
  });

  it('F06 / N01.FR.13: TriggerMessage LogStatusNotification → Idle without a requestId; while an upload is under way → Uploading with its requestId', async () => {
    const { s, http } = await station();
    let mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'LogStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('LogStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
    http.on('/stall', 'stall');
    await getLog(s, 70, `${http.url}/stall`);
    await waitFor(() => http.attempts.get('/stall') === 1, 'upload begun');
    mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'LogStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('LogStatusNotification', undefined, { after: mark })).toEqual({ status: 'Uploading', requestId: 70 });
  });

  it('N01: a reboot during an upload drops it without a further status; the station boots and uploads again on request', async () => {
    const { s, http } = await station();
    http.on('/stall', 'stall');
    const mark = s.csms.mark();
    await getLog(s, 80, `${http.url}/stall`);
    await waitFor(() => http.attempts.get('/stall') === 1, 'upload begun');
    await s.station.restart('RemoteReset');
    await s.csms.waitForCall('SecurityEventNotification', (p) => p.type === 'ResetOrReboot', { after: mark });
    expect(s.station.diagnostics.ongoing).toBeUndefined();
    await getLog(s, 81, `${http.url}/ok`);
    await waitStatus(s, 'Uploaded', 81, mark);
    expect(logStatuses(s, mark)).toEqual(['Uploading 80', 'Uploading 81', 'Uploaded 81']);
  });
});
