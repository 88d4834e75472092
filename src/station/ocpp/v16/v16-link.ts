/**
 * The station's OCPP link with the version adapter in it. To the blocks it
 * is the OcppLink they know — `call` with 2.0.1 actions and payloads, the
 * dispatcher's 2.0.1 handlers for requests, the same events — whatever the connection
 * speaks. On a 2.0.1 connection everything passes straight through. On a
 * 1.6 connection (the network profile's ocppVersion is OCPP16) what the
 * blocks send is translated to 1.6 messages and the answers back
 * (outgoing.ts, transaction-events.ts), 1.6 requests are translated to the
 * blocks' 2.0.1 handlers (incoming.ts), and the 1.6 connector statuses are
 * derived (status.ts). The blocks hold the behaviour once.
 *
 * The version of a connection is the one configured when it was opened:
 * OcppLink takes `version` from its configuration at each connect, and the
 * configuration only changes between connection attempts.
 */
import type { Clock } from '../../clock.js';
import type { V16Host } from './host.js';
import type { Dispatcher } from '../dispatcher.js';
import type { OcppVersion } from '../errors.js';
import { type LinkConfig, OcppLink } from '../link.js';
import { V16Incoming } from './incoming.js';
import { V16Outgoing } from './outgoing.js';
import { V16ConnectorStatus } from './status.js';
import { V16TransactionEvents } from './transaction-events.js';
import { V16TransactionMap } from './tx-map.js';

export class V16Link extends OcppLink {
  /** The OCPP 1.6 transaction ids of the engine's transactions (durable). */
  readonly transactions16: V16TransactionMap;
  private configuredVersion: OcppVersion;
  private connectionVersion: OcppVersion;
  private readonly outgoing: V16Outgoing;
  private readonly status: V16ConnectorStatus;

  constructor(config: LinkConfig, deps: { clock: Clock; random?: () => number; incoming: Dispatcher }, station: V16Host) {
    super(config, deps);
    this.configuredVersion = config.version;
    this.connectionVersion = config.version;
    // First listener: the version is known before anyone acts on the new connection.
    this.on('open', () => {
      this.connectionVersion = this.configuredVersion;
    });
    const send16 = <T>(action: string, payload: object): Promise<T> => super.call<T>(action, payload);
    this.transactions16 = new V16TransactionMap(station.store);
    const status = (this.status = new V16ConnectorStatus(station, () => this.ocppVersion === '1.6'));
    const events = new V16TransactionEvents(station, this.transactions16, send16);
    this.outgoing = new V16Outgoing(station, send16, status, events, this.transactions16);
    deps.incoming.adapt(
      '1.6',
      new V16Incoming({
        station,
        map: this.transactions16,
        status,
        handler201: (action) => deps.incoming.route(action),
        triggeredAs: (action201, message16) => this.outgoing.triggeredAs(action201, message16),
      }),
    );
  }

  /** The OCPP version of the connection (of the configured one while none is open yet). */
  get ocppVersion(): OcppVersion {
    return this.connectionVersion;
  }

  /** Quiet: nothing queued, and the CSMS has every connector's status (a woken station takes that as told). */
  override get busy(): boolean {
    return super.busy || (this.connectionVersion === '1.6' && !this.status.settled());
  }

  override adopt(ws: Parameters<OcppLink['adopt']>[0]): void {
    super.adopt(ws);
    this.connectionVersion = this.configuredVersion;
    if (this.connectionVersion === '1.6') this.status.assumeTold();
  }

  override configure(partial: Partial<LinkConfig>): void {
    super.configure(partial);
    if (partial.version) this.configuredVersion = partial.version;
  }

  /** Send a 2.0.1 CALL; on a 1.6 connection it goes out as the 1.6 message(s) and the answer comes back as 2.0.1. */
  override call<T = unknown>(action: string, payload: object): Promise<T> {
    if (this.connectionVersion !== '1.6') return super.call<T>(action, payload);
    return this.outgoing.call(action, payload) as Promise<T>;
  }
}
