import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { csmsError, NO_REPLY, startFakeCsms, type FakeCsms } from '../support/fake-csms.js';
import { waitFor } from '../support/wait.js';

/** A bare-bones station: a plain ws client that records every frame it receives. */
class RawStation {
  readonly received: unknown[][] = [];
  readonly texts: string[] = [];
  closeCode: number | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.texts.push(text);
      try {
        this.received.push(JSON.parse(text) as unknown[]);
      } catch {
        this.received.push([]);
      }
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static connect(url: string, protocols: string | string[] = 'ocpp2.0.1', headers: Record<string, string> = {}): Promise<RawStation> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers });
      const st = new RawStation(ws);
      ws.once('open', () => resolve(st));
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  reply(id: string): Promise<unknown[]> {
    return waitFor(() => this.received.find((f) => (f[0] === 3 || f[0] === 4) && f[1] === id), `reply to ${id}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

const boot201 = { reason: 'PowerUp', chargingStation: { model: 'NG9', vendorName: 'ng9' } };

describe('FakeCsms', () => {
  let csms: FakeCsms;
  const stations: RawStation[] = [];
  const connect = async (...args: Parameters<typeof RawStation.connect>) => {
    const st = await RawStation.connect(...args);
    stations.push(st);
    return st;
  };

  beforeEach(async () => {
    csms = await startFakeCsms({ pingIntervalMs: 0 });
  });
  afterEach(async () => {
    await Promise.all(stations.splice(0).map((s) => s.close()));
    await csms.close();
  });

  it('answers a valid BootNotification with Accepted and records it', async () => {
    expect(csms.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    const st = await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1');
    expect(st.ws.protocol).toBe('ocpp2.0.1');
    st.send([2, 'b1', 'BootNotification', boot201]);
    const res = await st.reply('b1');
    expect(res[0]).toBe(3);
    expect(res[2]).toMatchObject({ status: 'Accepted', interval: 300 });
    expect(Date.parse((res[2] as { currentTime: string }).currentTime)).not.toBeNaN();

    const payload = await csms.waitForCall('BootNotification');
    expect(payload).toEqual(boot201);
    expect(csms.callsOf('BootNotification', 'CS1')).toEqual([boot201]);
    expect(csms.calls[0]).toMatchObject({ stationId: 'CS1', action: 'BootNotification', valid: true, responded: true });
    expect(csms.frames.map((f) => f.direction)).toEqual(['in', 'out']);
    expect(csms.lastHandshake('CS1')).toMatchObject({ protocol: 'ocpp2.0.1', path: '/ocpp/CS1' });
    csms.assertNoViolations();
  });

  it('records an invalid CALL as a violation and answers with a CALLERROR (2.0.1 spelling)', async () => {
    const st = await connect(`${csms.url}/CS1`);
    st.send([2, 'bad1', 'BootNotification', { reason: 'PowerUp' }]); // chargingStation missing
    const res = await st.reply('bad1');
    expect(res[0]).toBe(4);
    expect(res[2]).toBe('OccurrenceConstraintViolation');
    st.send([2, 'bad2', 'BootNotification', { reason: 'Sometimes', chargingStation: boot201.chargingStation }]);
    expect((await st.reply('bad2'))[2]).toBe('FormatViolation');
    st.send([2, 'bad3', 'Heartbeat', { extra: 1 }]);
    expect((await st.reply('bad3'))[2]).toBe('PropertyConstraintViolation');
    st.send([2, 'bad4', 'Heartbeat', 'text']);
    expect((await st.reply('bad4'))[2]).toBe('TypeConstraintViolation');

    expect(csms.violations).toHaveLength(4);
    expect(csms.violations[0]).toMatchObject({ stationId: 'CS1', direction: 'in', kind: 'CALL', action: 'BootNotification' });
    expect(csms.calls.map((c) => c.valid)).toEqual([false, false, false, false]);
    expect(() => csms.assertNoViolations()).toThrow(/4 OCPP violation/);
  });

  it('answers unknown actions with NotImplemented and bad frames with RpcFrameworkError', async () => {
    const st = await connect(`${csms.url}/CS1`);
    st.send([2, 'u1', 'NoSuchAction', {}]);
    expect((await st.reply('u1'))[2]).toBe('NotImplemented');
    st.send('this is not json');
    const r = await st.reply('-1');
    expect(r[2]).toBe('RpcFrameworkError');
    st.received.length = 0;
    st.send([7, 'x1', 'Foo', {}]);
    // ocpp-rpc checks the type before it reads the id, so the CALLERROR carries "-1", not "x1"
    expect((await st.reply('-1'))[2]).toBe('MessageTypeNotSupported');
    // the unknown action is a violation of the station too (it is not a CALL a station may send)
    expect(csms.violations.map((v) => v.kind)).toEqual(['CALL', 'frame', 'frame']);
  });

  describe('what ocpp-rpc lets pass (it finds the handler before validating and never checks error codes)', () => {
    it('a 2.0.1 action on a 1.6 link is a violation', async () => {
      const st = await connect(`${csms.url}/CP16`, ['ocpp1.6']);
      st.send([2, 'n1', 'NotifyReport', { requestId: 1, generatedAt: new Date().toISOString(), seqNo: 0 }]);
      await st.reply('n1');
      expect(csms.violations).toMatchObject([{ stationId: 'CP16', kind: 'CALL', action: 'NotifyReport', error: expect.stringMatching(/NotifyReport is not a CALL a charging station sends in ocpp1\.6/) }]);
    });

    it('a misspelt action, and a CSMS action sent by the station, are violations', async () => {
      const st = await connect(`${csms.url}/CS1`);
      st.send([2, 'm1', 'Heartbeet', {}]);
      st.send([2, 'm2', 'Reset', { type: 'Immediate' }]);
      await st.reply('m1');
      await st.reply('m2');
      expect(csms.violations.map((v) => v.action)).toEqual(['Heartbeet', 'Reset']);
    });

    it('a CALLERROR with an invented error code is a violation (each protocol its own list)', async () => {
      const st = await connect(`${csms.url}/CS1`);
      const call = csms.call('CS1', 'ClearCache', {}).catch(() => undefined);
      const req = await waitFor(() => st.received.find((f) => f[0] === 2 && f[2] === 'ClearCache'), 'ClearCache');
      st.send([4, req[1], 'ClearCacheFailed', 'no', {}]);
      await call;
      expect(csms.violations).toMatchObject([{ kind: 'frame', error: expect.stringMatching(/CALLERROR code ClearCacheFailed does not exist in ocpp2\.0\.1/) }]);
      const st16 = await connect(`${csms.url}/CP16`, ['ocpp1.6']);
      const call16 = csms.call('CP16', 'ClearCache', {}).catch(() => undefined);
      const req16 = await waitFor(() => st16.received.find((f) => f[0] === 2 && f[2] === 'ClearCache'), 'ClearCache 1.6');
      st16.send([4, req16[1], 'RpcFrameworkError', 'a 2.0.1 code', {}]);
      await call16;
      expect(csms.violations).toHaveLength(2);
      expect(csms.violations[1]!.error).toMatch(/RpcFrameworkError does not exist in ocpp1\.6/);
    });

    it('a message id over 36 characters is a violation', async () => {
      const st = await connect(`${csms.url}/CS1`);
      const id = 'x'.repeat(37);
      st.send([2, id, 'Heartbeat', {}]);
      await st.reply(id);
      expect(csms.violations).toMatchObject([{ kind: 'CALL', messageId: id, error: expect.stringMatching(/message id of 37 characters/) }]);
      st.send([2, 'y'.repeat(36), 'Heartbeat', {}]);
      await st.reply('y'.repeat(36));
      expect(csms.violations).toHaveLength(1);
    });
  });

  it('supports ocpp1.6 with protocol-specific defaults', async () => {
    const st = await connect(`${csms.url}/CP16`, ['ocpp1.6']);
    expect(st.ws.protocol).toBe('ocpp1.6');
    st.send([2, 'b', 'BootNotification', { chargePointVendor: 'ng9', chargePointModel: 'NG9' }]);
    expect((await st.reply('b'))[2]).toMatchObject({ status: 'Accepted' });
    st.send([2, 's', 'StartTransaction', { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: new Date().toISOString() }]);
    expect((await st.reply('s'))[2]).toMatchObject({ transactionId: 1, idTagInfo: { status: 'Accepted' } });
    st.send([2, 'bad', 'BootNotification', { chargePointVendor: 'ng9' }]);
    expect((await st.reply('bad'))[2]).toBe('OccurenceConstraintViolation'); // the 1.6 spelling (OCPP-J 1.6 4.2.3, kept by errata 5)
    expect(csms.lastHandshake('CP16').protocol).toBe('ocpp1.6');
    expect(csms.violations).toHaveLength(1);
  });

  it('prefers ocpp2.0.1 and rejects a station without a supported subprotocol', async () => {
    const st = await connect(`${csms.url}/CS1`, ['ocpp1.6', 'ocpp2.0.1']);
    expect(st.ws.protocol).toBe('ocpp2.0.1');
    await expect(RawStation.connect(`${csms.url}/CS2`, [])).rejects.toMatchObject({ status: 400 });
    await expect(RawStation.connect(`${csms.url}/CS3`, ['ocpp1.5'])).rejects.toMatchObject({ status: 400 });
    expect(csms.violations.map((v) => v.kind)).toEqual(['handshake', 'handshake']);
  });

  it('handle() overrides responses for current and future connections; errors and NO_REPLY', async () => {
    const st = await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1');
    csms.handle('BootNotification', (p, id, ctx) => ({ status: 'Pending', interval: 7, currentTime: new Date().toISOString(), ...(p.reason === 'x' ? { id, ctx } : {}) }));
    st.send([2, 'b', 'BootNotification', boot201]);
    expect((await st.reply('b'))[2]).toMatchObject({ status: 'Pending', interval: 7 });

    csms.handle('Heartbeat', () => {
      throw csmsError('NotSupported', 'nope');
    });
    st.send([2, 'h', 'Heartbeat', {}]);
    expect(await st.reply('h')).toEqual([4, 'h', 'NotSupported', 'nope', {}]);

    // an invalid response from a handler is caught by strict mode: InternalError + violation
    csms.handle('StatusNotification', () => ({ bogus: true }));
    st.send([2, 's', 'StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }]);
    expect((await st.reply('s'))[2]).toBe('InternalError');
    expect(csms.violations).toMatchObject([{ direction: 'out', kind: 'CALLRESULT', action: 'StatusNotification' }]);

    csms.handle('Authorize', () => NO_REPLY);
    const mark = csms.mark();
    st.send([2, 'a', 'Authorize', { idToken: { idToken: 'T', type: 'ISO14443' } }]);
    await csms.waitForCall('Authorize', undefined, { after: mark });
    await new Promise((r) => setTimeout(r, 50));
    expect(st.received.find((f) => f[1] === 'a')).toBeUndefined();

    const st2 = await connect(`${csms.url}/CS2`);
    st2.send([2, 'b2', 'BootNotification', boot201]);
    expect((await st2.reply('b2'))[2]).toMatchObject({ status: 'Pending' });
  });

  it('waitForCall honours predicate, after and timeouts', async () => {
    const st = await connect(`${csms.url}/CS1`);
    st.send([2, '1', 'Heartbeat', {}]);
    await csms.waitForCall('Heartbeat');
    const mark = csms.mark();
    await expect(csms.waitForCall('Heartbeat', undefined, 100, { after: mark })).rejects.toThrow(/timed out after 100 ms waiting for Heartbeat/);
    const p = csms.waitForCall('StatusNotification', (x) => x.evseId === 2, { after: mark, stationId: 'CS1' });
    const sn = (evseId: number) => ({ timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId, connectorId: 1 });
    st.send([2, '2', 'StatusNotification', sn(1)]);
    await st.reply('2');
    st.send([2, '3', 'StatusNotification', sn(2)]);
    await expect(p).resolves.toMatchObject({ evseId: 2 });
    // resolved only after the response went out
    await new Promise((r) => setImmediate(r));
    expect(st.received.some((f) => f[1] === '3')).toBe(true);
    csms.assertNoViolations();
  });

  it('records a second CALL sent while the first is unanswered', async () => {
    const st = await connect(`${csms.url}/CS1`);
    csms.handle('Heartbeat', async () => {
      await new Promise((r) => setTimeout(r, 50));
      return { currentTime: new Date().toISOString() };
    });
    st.send([2, 'h1', 'Heartbeat', {}]);
    st.send([2, 'h2', 'Heartbeat', {}]);
    await st.reply('h2');
    expect(csms.violations).toMatchObject([{ kind: 'CALL', messageId: 'h2' }]);
    expect(csms.violations[0]!.error).toMatch(/still unanswered/);
  });

  it('call() reaches the station and returns its validated response', async () => {
    const st = await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1');
    st.ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as unknown[];
      if (f[0] === 2 && f[2] === 'GetVariables') st.send([3, f[1], { getVariableResult: [{ attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '300' }] }]);
      if (f[0] === 2 && f[2] === 'Reset') st.send([3, f[1], { status: 'Sometimes' }]);
      if (f[0] === 2 && f[2] === 'ChangeAvailability') st.send([4, f[1], 'NotSupported', 'no', {}]);
    });
    const res = await csms.call('CS1', 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    expect(res.getVariableResult[0].attributeValue).toBe('300');

    // invalid response from the station: recorded, call rejects
    await expect(csms.call('CS1', 'Reset', { type: 'Immediate' })).rejects.toMatchObject({ rpcErrorCode: 'FormatViolation' });
    expect(csms.violations).toMatchObject([{ direction: 'in', kind: 'CALLRESULT', action: 'Reset' }]);

    await expect(csms.call('CS1', 'ChangeAvailability', { operationalStatus: 'Inoperative' })).rejects.toMatchObject({ rpcErrorCode: 'NotSupported' });

    // invalid outbound payload: never sent, recorded
    const before = csms.frames.length;
    await expect(csms.call('CS1', 'Reset', { type: 'Sometimes' })).rejects.toThrow();
    expect(csms.frames.length).toBe(before);
    expect(csms.violations.at(-1)).toMatchObject({ direction: 'out', kind: 'CALL', action: 'Reset' });

    // timeout
    await expect(csms.call('CS1', 'ClearCache', {}, { timeoutMs: 100 })).rejects.toThrow(/timeout/i);
    await expect(csms.call('NOPE', 'ClearCache', {})).rejects.toThrow(/not connected/);
  });

  it('sendRaw reaches the station; replies to raw frames are not violations', async () => {
    const st = await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1');
    csms.sendRaw('CS1', '[2,"raw1","Reset",{"type":"Bogus"}]');
    await waitFor(() => st.texts.includes('[2,"raw1","Reset",{"type":"Bogus"}]'), 'raw frame');
    st.send([4, 'raw1', 'FormatViolation', 'bad type', {}]);
    csms.sendRaw('CS1', '{not json');
    await waitFor(() => st.texts.includes('{not json'), 'raw frame 2');
    st.send([4, '-1', 'RpcFrameworkError', 'not json', {}]);
    await waitFor(() => csms.frames.filter((f) => f.direction === 'in').length === 2, 'replies');
    await new Promise((r) => setTimeout(r, 20));
    expect(csms.frames.filter((f) => f.direction === 'out').map((f) => f.raw)).toEqual(['[2,"raw1","Reset",{"type":"Bogus"}]', '{not json']);
    csms.assertNoViolations();
    // but a reply to an id the CSMS never used is
    st.send([3, 'never-sent', {}]);
    await waitFor(() => csms.violations.length === 1, 'violation');
    expect(csms.violations[0]!.kind).toBe('frame');
  });

  it('disconnect() drops the station; reconnects are counted', async () => {
    const st = await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1');
    expect(csms.isConnected('CS1')).toBe(true);
    expect(csms.connectionCount('CS1')).toBe(1);
    await csms.disconnect('CS1', 1012);
    expect(csms.isConnected('CS1')).toBe(false);
    await waitFor(() => st.closeCode !== undefined, 'close at the station');
    expect(st.closeCode).toBe(1012);

    await connect(`${csms.url}/CS1`);
    await csms.waitForConnection('CS1', 2000, { count: 2 });
    expect(csms.connectionCount('CS1')).toBe(2);
    await csms.disconnect('CS1', 1000, { force: true });
    await csms.waitForDisconnect('CS1');
    expect(csms.connectionCount('CS1')).toBe(2);
    expect(csms.connectionCount('OTHER')).toBe(0);
  });
});

describe('FakeCsms basic auth', () => {
  it('accepts the right password and rejects a wrong or missing one with 401', async () => {
    const csms = await startFakeCsms({ basicAuth: { CS1: 's3cret:with:colons' }, pingIntervalMs: 0 });
    try {
      const auth = (id: string, pw: string) => ({ authorization: 'Basic ' + Buffer.from(`${id}:${pw}`).toString('base64') });
      await expect(RawStation.connect(`${csms.url}/CS1`, 'ocpp2.0.1', auth('CS1', 'wrong'))).rejects.toMatchObject({ status: 401 });
      await expect(RawStation.connect(`${csms.url}/CS1`)).rejects.toMatchObject({ status: 401 });
      await expect(RawStation.connect(`${csms.url}/CS2`, 'ocpp2.0.1', auth('CS2', 'x'))).rejects.toMatchObject({ status: 401 });
      expect(csms.connectionCount('CS1')).toBe(0);
      const st = await RawStation.connect(`${csms.url}/CS1`, 'ocpp2.0.1', auth('CS1', 's3cret:with:colons'));
      await csms.waitForConnection('CS1');
      expect(csms.lastHandshake('CS1').authorization).toBe(auth('CS1', 's3cret:with:colons').authorization);
      expect(csms.handshakes.filter((h) => !h.accepted).map((h) => h.rejectStatus)).toEqual([401, 401, 401]);
      csms.setBasicAuth('CS1', 'new');
      await st.close();
      await expect(RawStation.connect(`${csms.url}/CS1`, 'ocpp2.0.1', auth('CS1', 's3cret:with:colons'))).rejects.toMatchObject({ status: 401 });
      csms.assertNoViolations();
    } finally {
      await csms.close();
    }
  });
});
