import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemoBackoffice, type DemoBackoffice } from '../../../src/backoffice/demo-csms.js';
import { waitFor } from '../../support/wait.js';

interface Peer {
  ws: WebSocket;
  received: unknown[][];
  call(id: string, action: string, payload: unknown): Promise<unknown[]>;
}

function open(url: string, protocols: string[]): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const received: unknown[][] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString()) as unknown[]));
    const peer: Peer = {
      ws,
      received,
      async call(id, action, payload) {
        ws.send(JSON.stringify([2, id, action, payload]));
        return waitFor(() => received.find((f) => f[1] === id), `reply to ${id}`);
      },
    };
    ws.once('open', () => resolve(peer));
    ws.once('unexpected-response', (_q, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

const closeAll = (peers: Peer[]) =>
  Promise.all(
    peers.map(
      (p) =>
        new Promise<void>((r) => {
          if (p.ws.readyState === WebSocket.CLOSED) return r();
          p.ws.once('close', () => r());
          p.ws.close();
        }),
    ),
  );

describe('demo backoffice', () => {
  let bo: DemoBackoffice | undefined;
  const peers: Peer[] = [];
  const lines: string[] = [];
  const start = async (extra: { heartbeatInterval?: number } = {}) => {
    bo = await startDemoBackoffice({ port: 0, onLog: (l) => lines.push(l), ...extra });
    return bo;
  };
  const connect = async (url: string, protocols: string[]) => {
    const p = await open(url, protocols);
    peers.push(p);
    return p;
  };

  afterEach(async () => {
    await closeAll(peers.splice(0));
    await bo?.close();
    bo = undefined;
    lines.length = 0;
  });

  it('imports ocpp-rpc lazily', () => {
    const src = readFileSync(new URL('../../../src/backoffice/demo-csms.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^import (?!type )[^;]*'ocpp-rpc/m);
    expect(src).toMatch(/await import\('ocpp-rpc'\)/);
  });

  it('serves an OCPP 2.0.1 station on any path', async () => {
    const b = await start({ heartbeatInterval: 42 });
    expect(b.url).toBe(`ws://127.0.0.1:${b.port}/ocpp`);
    expect(b.port).toBeGreaterThan(0);
    const st = await connect(`ws://127.0.0.1:${b.port}/some/where/CS01`, ['ocpp2.0.1']);
    expect(st.ws.protocol).toBe('ocpp2.0.1');
    await waitFor(() => b.stations().includes('CS01'), 'station listed');

    const boot = await st.call('1', 'BootNotification', { reason: 'PowerUp', chargingStation: { model: 'NG9', vendorName: 'ng9', serialNumber: 'X'.repeat(25) } });
    expect(boot[0]).toBe(3);
    expect(boot[2]).toMatchObject({ status: 'Accepted', interval: 42 });
    expect(Math.abs(Date.parse((boot[2] as { currentTime: string }).currentTime) - Date.now())).toBeLessThan(5000);

    expect((await st.call('2', 'Heartbeat', {}))[2]).toHaveProperty('currentTime');
    expect((await st.call('3', 'StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: 1, connectorId: 1 }))[2]).toEqual({});
    expect((await st.call('4', 'Authorize', { idToken: { idToken: 'ANY', type: 'ISO14443' } }))[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    const tx = (extra: object) => ({ eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'T1' }, ...extra });
    expect((await st.call('5', 'TransactionEvent', tx({ idToken: { idToken: 'ANY', type: 'ISO14443' } })))[2]).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect((await st.call('6', 'TransactionEvent', tx({ eventType: 'Updated', seqNo: 1 })))[2]).toEqual({});
    expect((await st.call('7', 'MeterValues', { evseId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: 1 }] }] }))[2]).toEqual({});
    expect((await st.call('8', 'NotifyReport', { requestId: 1, generatedAt: new Date().toISOString(), seqNo: 0 }))[2]).toEqual({});
    expect((await st.call('9', 'SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: new Date().toISOString() }))[2]).toEqual({});

    // invalid and unknown messages get CALLERRORs and a log line
    const bad = await st.call('10', 'BootNotification', { reason: 'PowerUp' });
    expect(bad[0]).toBe(4);
    expect(bad[2]).toBe('OccurrenceConstraintViolation');
    expect((await st.call('11', 'Get15118EVCertificate', { iso15118SchemaVersion: 'x', action: 'Install', exiRequest: 'x' }))[2]).toBe('NotImplemented');
    expect((await st.call('12', 'Nonsense', {}))[2]).toBe('NotImplemented');

    expect(lines[0]).toBe('CS01 connected (ocpp2.0.1)');
    expect(lines[1]).toMatch(/^CS01 → BootNotification \{"reason":"PowerUp",/);
    expect(lines[1]!.length).toBeLessThanOrEqual(160);
    expect(lines.some((l) => /^CS01 ✗ invalid BootNotification/.test(l))).toBe(true);
    expect(lines.some((l) => /^CS01 ← CALLERROR NotImplemented for Nonsense/.test(l))).toBe(true);

    await closeAll(peers.splice(0));
    await waitFor(() => b.stations().length === 0, 'station gone');
    expect(lines.at(-1)).toMatch(/^CS01 disconnected/);
  });

  it('serves an OCPP 1.6 station', async () => {
    const b = await start();
    const st = await connect(`${b.url}/CP16`, ['ocpp1.6']);
    expect(st.ws.protocol).toBe('ocpp1.6');
    const now = () => new Date().toISOString();
    expect((await st.call('1', 'BootNotification', { chargePointVendor: 'ng9', chargePointModel: 'NG9' }))[2]).toMatchObject({ status: 'Accepted', interval: 60 });
    expect((await st.call('2', 'Heartbeat', {}))[2]).toHaveProperty('currentTime');
    expect((await st.call('3', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }))[2]).toEqual({});
    expect((await st.call('4', 'Authorize', { idTag: 'ANY' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    const s1 = (await st.call('5', 'StartTransaction', { connectorId: 1, idTag: 'ANY', meterStart: 0, timestamp: now() }))[2] as { transactionId: number };
    const s2 = (await st.call('6', 'StartTransaction', { connectorId: 2, idTag: 'ANY', meterStart: 0, timestamp: now() }))[2] as { transactionId: number };
    expect(s2.transactionId).toBe(s1.transactionId + 1);
    expect((await st.call('7', 'MeterValues', { connectorId: 1, transactionId: s1.transactionId, meterValue: [{ timestamp: now(), sampledValue: [{ value: '10' }] }] }))[2]).toEqual({});
    expect((await st.call('8', 'StopTransaction', { transactionId: s1.transactionId, meterStop: 10, timestamp: now(), idTag: 'ANY' }))[2]).toEqual({ idTagInfo: { status: 'Accepted' } });
    expect((await st.call('9', 'StopTransaction', { transactionId: s2.transactionId, meterStop: 10, timestamp: now() }))[2]).toEqual({});
    expect((await st.call('10', 'DataTransfer', { vendorId: 'ng9' }))[2]).toEqual({ status: 'Accepted' });
    expect((await st.call('11', 'StartTransaction', { connectorId: 1 }))[0]).toBe(4);
    expect(lines[0]).toBe('CP16 connected (ocpp1.6)');
  });

  it('lists several stations and rejects connections without a subprotocol', async () => {
    const b = await start();
    await connect(`${b.url}/A`, ['ocpp2.0.1']);
    await connect(`${b.url}/B`, ['ocpp1.6', 'ocpp2.0.1']);
    await waitFor(() => b.stations().length === 2, 'two stations');
    expect(b.stations().sort()).toEqual(['A', 'B']);
    await expect(open(`${b.url}/C`, [])).rejects.toMatchObject({ status: 400 });
    expect(lines.some((l) => /^C rejected: no supported subprotocol/.test(l))).toBe(true);
  });

  it('close() disconnects stations and frees the port', async () => {
    const b = await start();
    const st = await connect(`${b.url}/CS01`, ['ocpp2.0.1']);
    const closed = new Promise<number>((r) => st.ws.once('close', (code) => r(code)));
    await b.close();
    await closed;
    expect(b.stations()).toEqual([]);
    await expect(open(`${b.url}/CS02`, ['ocpp2.0.1'])).rejects.toThrow();
    await b.close(); // idempotent
  });
});
