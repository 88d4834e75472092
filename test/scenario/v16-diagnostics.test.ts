/** OCPP 1.6 GetDiagnostics (FirmwareManagement) and the Security Extension's GetLog through the 2.0.1 N01 block. */
import { describe, expect, it } from 'vitest';
import { UPLOAD_STALL_MS } from '../../src/station/diagnostics/block.js';
import { startFtpFileServer, startHttpUploadServer } from '../support/file-server.js';
import { type Scenario, keepStationTime } from '../support/scenario.js';
import { waitFor } from '../support/wait.js';
import { ready16 } from './v16-helpers.js';

const iso = (ms: number) => new Date(ms).toISOString();

const sent = (s: Scenario, action: string, mark: number) => s.csms.calls.slice(mark).filter((c) => c.action === action).map((c) => c.payload);

async function station16(): Promise<Scenario> {
  const s = await ready16();
  keepStationTime(s);
  return s;
}

describe('OCPP 1.6 diagnostics', () => {
  it('1.6 GetDiagnostics → fileName; DiagnosticsStatusNotification Uploading, Uploaded (no requestId); startTime / stopTime limit the station log lines posted', async () => {
    const http = await startHttpUploadServer();
    const s = await station16();
    const t0 = s.clock.now();
    for (const minute of [1, 2, 3]) {
      await s.clock.advance(60_000);
      s.station.log.info('test', `marker ${minute}`);
    }
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'GetDiagnostics', { location: `${http.url}/diag`, startTime: iso(t0 + 90_000), stopTime: iso(t0 + 150_000) });
    expect(res).toEqual({ fileName: expect.stringMatching(/^CS001-DiagnosticsLog-\d{8}T\d{6}Z\.log$/) });
    await s.csms.waitForCall('DiagnosticsStatusNotification', (p) => p.status === 'Uploaded', { after: mark });
    expect(sent(s, 'DiagnosticsStatusNotification', mark)).toEqual([{ status: 'Uploading' }, { status: 'Uploaded' }]);
    expect(sent(s, 'LogStatusNotification', mark)).toEqual([]);
    expect(http.received).toEqual([expect.objectContaining({ path: '/diag', field: 'uploadedfile', filename: res.fileName })]);
    expect(http.received[0]!.text).toBe(`${iso(t0 + 120_000)}:INFO:test:marker 2\n`);
  });

  it('1.6 GetDiagnostics to a server that answers 500, with retries / retryInterval → Uploading at each attempt, then UploadFailed', async () => {
    const http = await startHttpUploadServer();
    http.on('/fail', { status: 500 });
    const s = await station16();
    const mark = s.csms.mark();
    await s.csms.call('CS001', 'GetDiagnostics', { location: `${http.url}/fail`, retries: 1, retryInterval: 10 });
    await waitFor(() => http.attempts.get('/fail') === 1, 'first attempt');
    await waitFor(() => s.station.log.recent(5).some((l) => l.text.includes('attempt 1 of 2 failed')), 'first attempt failed');
    await s.clock.advance(10_000);
    await s.csms.waitForCall('DiagnosticsStatusNotification', (p) => p.status === 'UploadFailed', { after: mark });
    expect(sent(s, 'DiagnosticsStatusNotification', mark)).toEqual([{ status: 'Uploading' }, { status: 'Uploading' }, { status: 'UploadFailed' }]);
    expect(http.attempts.get('/fail')).toBe(2);
  });

  it('1.6 GetDiagnostics without diagnostic information (an empty window) or to an unsupported scheme → {} without fileName, nothing uploaded', async () => {
    const http = await startHttpUploadServer();
    const s = await station16();
    const mark = s.csms.mark();
    const later = iso(s.clock.now() + 3_600_000);
    expect(await s.csms.call('CS001', 'GetDiagnostics', { location: `${http.url}/diag`, startTime: later })).toEqual({});
    expect(await s.csms.call('CS001', 'GetDiagnostics', { location: 'sftp://127.0.0.1/diag/' })).toEqual({});
    await s.clock.advance(0);
    expect(http.attempts.size).toBe(0);
    expect(sent(s, 'DiagnosticsStatusNotification', mark)).toEqual([]);
  });

  it('1.6 GetDiagnostics over ftp; TriggerMessage DiagnosticsStatusNotification while it uploads → Uploading, once done → Idle', async () => {
    const ftp = await startFtpFileServer();
    ftp.on('/slow/', 'stall');
    const s = await station16();
    let mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'GetDiagnostics', { location: `${ftp.url}/slow/`, retries: 0 });
    await waitFor(() => ftp.attempts.get('/slow/') === 1, 'upload begun');
    mark = s.csms.mark();
    expect(await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' })).toEqual({ status: 'Accepted' });
    expect(await s.csms.waitForCall('DiagnosticsStatusNotification', undefined, { after: mark })).toEqual({ status: 'Uploading' });
    await s.clock.advance(UPLOAD_STALL_MS);
    await s.csms.waitForCall('DiagnosticsStatusNotification', (p) => p.status === 'UploadFailed', { after: mark });
    mark = s.csms.mark();
    const ok = await s.csms.call('CS001', 'GetDiagnostics', { location: `${ftp.url}/diag/` });
    await s.csms.waitForCall('DiagnosticsStatusNotification', (p) => p.status === 'Uploaded', { after: mark });
    expect(ftp.received).toEqual([{ path: '/diag/', filename: ok.fileName, text: expect.stringContaining(':INFO:') }]);
    expect(ok.fileName).not.toBe(res.fileName);
    mark = s.csms.mark();
    await s.csms.call('CS001', 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' });
    expect(await s.csms.waitForCall('DiagnosticsStatusNotification', undefined, { after: mark })).toEqual({ status: 'Idle' });
  });

  it('1.6 SE GetLog SecurityLog → Accepted with the filename; LogStatusNotification Uploading, Uploaded with the requestId; the security log uploaded', async () => {
    const http = await startHttpUploadServer();
    const s = await station16();
    s.station.securityEvents.raise('SettingSystemTime', 'set from the console');
    const mark = s.csms.mark();
    const res = await s.csms.call('CS001', 'GetLog', { logType: 'SecurityLog', requestId: 5, log: { remoteLocation: `${http.url}/sec` } });
    expect(res).toEqual({ status: 'Accepted', filename: expect.stringMatching(/^CS001-SecurityLog-5-/) });
    await s.csms.waitForCall('LogStatusNotification', (p) => p.status === 'Uploaded', { after: mark });
    expect(sent(s, 'LogStatusNotification', mark)).toEqual([{ status: 'Uploading', requestId: 5 }, { status: 'Uploaded', requestId: 5 }]);
    const lines = http.received[0]!.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/:CRITICAL:StartupOfTheDevice:/);
    expect(lines.at(-1)).toMatch(/:CRITICAL:SettingSystemTime:set from the console$/);
  });

  it('1.6 SE GetLog while one uploads → AcceptedCanceled (1.6 has no AcceptedCanceled status: the first just ends); ExtendedTriggerMessage LogStatusNotification → Uploading with the requestId; a bad window → Rejected', async () => {
    const http = await startHttpUploadServer();
    http.on('/stall', 'stall');
    const s = await station16();
    let mark = s.csms.mark();
    const getLog = (requestId: number, path: string, log: object = {}) =>
      s.csms.call('CS001', 'GetLog', { logType: 'DiagnosticsLog', requestId, log: { remoteLocation: `${http.url}${path}`, ...log } });
    expect((await getLog(6, '/stall')).status).toBe('Accepted');
    await waitFor(() => http.attempts.get('/stall') === 1, 'upload begun');
    expect(await s.csms.call('CS001', 'ExtendedTriggerMessage', { requestedMessage: 'LogStatusNotification' })).toEqual({ status: 'Accepted' });
    await waitFor(() => sent(s, 'LogStatusNotification', mark).length === 2, 'the triggered status');
    expect((await getLog(7, '/ok')).status).toBe('AcceptedCanceled');
    await s.csms.waitForCall('LogStatusNotification', (p) => p.status === 'Uploaded', { after: mark });
    expect(sent(s, 'LogStatusNotification', mark)).toEqual([
      { status: 'Uploading', requestId: 6 },
      { status: 'Uploading', requestId: 6 },
      { status: 'Uploading', requestId: 7 },
      { status: 'Uploaded', requestId: 7 },
    ]);
    mark = s.csms.mark();
    const now = s.clock.now();
    expect(await getLog(8, '/ok', { oldestTimestamp: iso(now), latestTimestamp: iso(now - 1000) })).toEqual({ status: 'Rejected' });
    expect(sent(s, 'LogStatusNotification', mark)).toEqual([]);
  });
});
