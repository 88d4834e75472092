/**
 * The one way into the station for a CSMS request: a routing table from
 * action to the block that handles it, with the registration gate
 * (registration-gate.ts) in front of it. Blocks register their actions once
 * at construction; a second registration of an action is a programming
 * error and fails at start-up.
 *
 * On a 1.6 connection the request first passes the gate under its 1.6 name,
 * then goes to the 1.6 adapter, which translates it to the 2.0.1 request the
 * blocks handle (ocpp/v16/incoming.ts) and calls `route` itself.
 */
import { errorCodes, OcppCallError, type OcppVersion } from './errors.js';
import { admit, type RegistrationStatus } from './registration-gate.js';

export type CallHandler = (payload: any) => object | Promise<object>;

/** What a block needs to answer CSMS requests. */
export interface ActionRegistry {
  register(action: string, handler: CallHandler): void;
}

/** A version adapter: answers requests of its version with the blocks' 2.0.1 handlers. */
export interface VersionAdapter {
  supports(action: string): boolean;
  handle(action: string, payload: unknown): object | Promise<object>;
}

/** Returned by dispatch when the request must get no answer at all (B03). */
export const NO_ANSWER: unique symbol = Symbol('no answer');

export interface DispatcherDeps {
  registration(): RegistrationStatus;
  /** Told what the gate kept from the blocks. */
  gated?(action: string, outcome: string): void;
}

export class Dispatcher implements ActionRegistry {
  private readonly routes = new Map<string, CallHandler>();
  private readonly adapters = new Map<OcppVersion, VersionAdapter>();

  constructor(private readonly deps: DispatcherDeps) {}

  register(action: string, handler: CallHandler): void {
    if (this.routes.has(action)) throw new Error(`OCPP action ${action} is registered twice`);
    this.routes.set(action, handler);
  }

  /** The 2.0.1 actions the blocks registered. */
  actions(): string[] {
    return [...this.routes.keys()];
  }

  /** The 2.0.1 handler of an action (for version adapters). */
  route(action: string): CallHandler | undefined {
    return this.routes.get(action);
  }

  adapt(version: OcppVersion, adapter: VersionAdapter): void {
    this.adapters.set(version, adapter);
  }

  /** Whether a request of this version is handled at all (else: CALLERROR NotSupported). */
  supports(version: OcppVersion, action: string): boolean {
    const adapter = this.adapters.get(version);
    return adapter ? adapter.supports(action) : this.routes.has(action);
  }

  /** Answer a schema-valid request: through the gate, then to its block. */
  dispatch(version: OcppVersion, action: string, payload: unknown): object | Promise<object> | typeof NO_ANSWER {
    const status = this.deps.registration();
    const admission = admit(status, version, action);
    if (admission.kind !== 'dispatch') this.deps.gated?.(action, `${admission.kind} while ${status} (${admission.requirement})`);
    switch (admission.kind) {
      case 'ignore':
        return NO_ANSWER;
      case 'refuse':
        throw new OcppCallError('SecurityError', `${action} is not allowed while the registration is ${status}`);
      case 'answer':
        return admission.payload;
    }
    const adapter = this.adapters.get(version);
    if (adapter) return adapter.handle(action, payload);
    const handler = this.routes.get(action);
    if (!handler) throw new OcppCallError(errorCodes(version).notSupported, `${action} is not supported`);
    return handler(payload);
  }
}
