/**
 * A small demo CSMS that ships with ng9: accepts any station on any path and
 * answers every station-initiated message with a valid, permissive response
 * (OCPP 2.0.1 and 1.6). Built on ocpp-rpc in strict mode, so frames that do not
 * match the official schemas are refused and logged.
 *
 * ocpp-rpc compiles all its schemas on import (~300 ms), so it is imported
 * lazily inside startDemoBackoffice().
 */
import type { AddressInfo } from 'node:net';
import type * as ServerClientModule from 'ocpp-rpc/lib/server-client.js';

type RpcServerClient = ServerClientModule.default;
type Handler = (params: any) => unknown;

export interface DemoBackofficeOptions {
  /** interface to listen on (default 127.0.0.1) */
  host?: string;
  /** port (default 9000; 0 = any free port) */
  port?: number;
  /** one short line per event */
  onLog?: (line: string) => void;
  /** BootNotification interval in seconds (default 60) */
  heartbeatInterval?: number;
}

export interface DemoBackoffice {
  /** base URL; a station appends `/<stationId>` (any path is accepted) */
  url: string;
  port: number;
  close(): Promise<void>;
  /** ids of the stations connected right now */
  stations(): string[];
}

export const DEMO_PROTOCOLS = ['ocpp2.0.1', 'ocpp1.6'];
const MAX_LOG_LINE = 160;

function short(text: string, max = MAX_LOG_LINE): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function handlersFor(protocol: string, interval: number, nextTxId: () => number): Record<string, Handler> {
  const now = () => new Date().toISOString();
  const empty: Handler = () => ({});
  if (protocol === 'ocpp1.6') {
    const accepted = { idTagInfo: { status: 'Accepted' } };
    return {
      BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval }),
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: empty,
      Authorize: () => accepted,
      StartTransaction: () => ({ transactionId: nextTxId(), ...accepted }),
      StopTransaction: (p: { idTag?: string }) => (p?.idTag ? accepted : {}),
      MeterValues: empty,
      DataTransfer: () => ({ status: 'Accepted' }),
      DiagnosticsStatusNotification: empty,
      FirmwareStatusNotification: empty,
      SecurityEventNotification: empty,
      LogStatusNotification: empty,
      SignedFirmwareStatusNotification: empty,
    };
  }
  return {
    BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval }),
    Heartbeat: () => ({ currentTime: now() }),
    StatusNotification: empty,
    TransactionEvent: (p: { idToken?: unknown }) => (p?.idToken ? { idTokenInfo: { status: 'Accepted' } } : {}),
    Authorize: () => ({ idTokenInfo: { status: 'Accepted' } }),
    MeterValues: empty,
    NotifyReport: empty,
    NotifyEvent: empty,
    NotifyMonitoringReport: empty,
    SecurityEventNotification: empty,
    LogStatusNotification: empty,
    FirmwareStatusNotification: empty,
    PublishFirmwareStatusNotification: empty,
    NotifyChargingLimit: empty,
    ClearedChargingLimit: empty,
    ReservationStatusUpdate: empty,
    NotifyCustomerInformation: empty,
    NotifyDisplayMessages: empty,
    ReportChargingProfiles: empty,
    NotifyEVChargingNeeds: () => ({ status: 'Accepted' }),
    NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
    DataTransfer: () => ({ status: 'Accepted' }),
  };
}

export async function startDemoBackoffice(opts: DemoBackofficeOptions = {}): Promise<DemoBackoffice> {
  const { default: ocppRpc } = await import('ocpp-rpc');
  const { RPCServer } = ocppRpc;

  const host = opts.host ?? '127.0.0.1';
  const interval = opts.heartbeatInterval ?? 60;
  const log = (line: string) => {
    try {
      opts.onLog?.(line);
    } catch {
      /* a failing logger must not take the backoffice down */
    }
  };
  let txId = 0;
  const nextTxId = () => ++txId;
  const connected = new Map<string, Set<RpcServerClient>>();

  const server = new RPCServer({
    protocols: DEMO_PROTOCOLS,
    strictMode: true,
    callTimeoutMs: 30_000,
    pingIntervalMs: 30_000,
  });

  server.auth((accept, reject, handshake) => {
    const id = handshake.identity;
    const protocol = DEMO_PROTOCOLS.find((p) => handshake.protocols.has(p));
    if (!id) {
      log(`rejected a connection without a station id (${handshake.request.url ?? ''})`);
      return reject(400, 'Station id missing from the URL');
    }
    if (!protocol) {
      // ocpp-rpc would otherwise accept with no subprotocol and validate nothing
      log(`${id} rejected: no supported subprotocol offered (${[...handshake.protocols].join(', ') || 'none'})`);
      return reject(400, `Supported subprotocols: ${DEMO_PROTOCOLS.join(', ')}`);
    }
    accept({}, protocol);
  });

  server.on('error', (err: Error) => log(`server error: ${err.message}`));

  server.on('client', (client: RpcServerClient) => {
    const id = client.identity ?? '?';
    const protocol = client.protocol ?? '';
    let set = connected.get(id);
    if (!set) connected.set(id, (set = new Set()));
    set.add(client);
    log(`${id} connected (${protocol})`);

    // OCPP 2.0.1 spells it OccurrenceConstraintViolation; ocpp-rpc only corrects its "Occurence" on ocpp1.6
    if (protocol === 'ocpp2.0.1') {
      const send = client.sendRaw.bind(client);
      client.sendRaw = (message: string) => send(String(message).replace(/^(\[4,"(?:[^"\\]|\\.)*",")OccurenceConstraintViolation"/, '$1OccurrenceConstraintViolation"'));
    }

    client.on('call', ({ outbound, payload }: { outbound: boolean; payload: unknown[] }) => {
      if (!outbound) log(short(`${id} → ${String(payload[2])} ${JSON.stringify(payload[3]) ?? ''}`));
    });
    client.on('callError', ({ outbound, method, error }: { outbound: boolean; method: string; error: Error & { rpcErrorCode?: string } }) => {
      if (!outbound) log(short(`${id} ← CALLERROR ${error.rpcErrorCode ?? 'GenericError'} for ${method}: ${error.message}`));
    });
    client.on('strictValidationFailure', ({ outbound, isCall, method, error }: { outbound: boolean; isCall: boolean; method: string; error: Error }) => {
      if (!outbound) log(short(`${id} ✗ invalid ${method}${isCall ? '' : ' response'}: ${error.message}`));
    });
    client.on('badMessage', ({ buffer, error }: { buffer: Buffer | string; error: Error }) => {
      log(short(`${id} ✗ bad frame (${error.message}): ${buffer.toString()}`));
    });
    client.on('socketError', (err: Error) => log(`${id} socket error: ${err.message}`));
    client.on('error', (err: Error) => log(`${id} error: ${err.message}`));
    client.on('close', ({ code }: { code?: number }) => {
      set.delete(client);
      if (set.size === 0) connected.delete(id);
      log(`${id} disconnected${code ? ` (${code})` : ''}`);
    });

    const handlers = handlersFor(protocol, interval, nextTxId);
    for (const [action, fn] of Object.entries(handlers)) {
      client.handle(action, async ({ params }: { params?: unknown }) => fn(params) as Record<string, unknown>);
    }
    // No wildcard handler on purpose: ocpp-rpc then answers any other action with NotImplemented
    // before validating (a wildcard would make unknown actions fail schema lookup: ProtocolError).
  });

  const http = await server.listen(opts.port ?? 9000, host);
  const port = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;

  return {
    url: `ws://${urlHost}:${port}/ocpp`,
    port,
    stations: () => [...connected.keys()],
    async close() {
      if (closed) return;
      closed = true;
      await server.close({ code: 1001, force: true });
      // RPCServer.close() does not wait for its clients; wait for them so callers can rely on it
      const deadline = Date.now() + 2000;
      while (connected.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    },
  };
}
