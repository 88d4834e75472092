import { type AuthHost, AuthBlock, type AuthOptions } from '../../../src/station/auth/auth-block.js';
import type { IdToken, IdTokenInfo } from '../../../src/station/auth/types.js';
import { FakeClock } from '../../../src/station/clock.js';
import { Listeners } from '../../../src/station/listeners.js';
import { Logger } from '../../../src/station/log.js';
import { DeviceModel } from '../../../src/station/model/device-model.js';
import type { CallHandler } from '../../../src/station/ocpp/dispatcher.js';
import type { StationEvent } from '../../../src/station/station.js';
import { Store } from '../../../src/station/store/store.js';

export interface TestHost extends AuthHost {
  connected: boolean;
  clock: FakeClock;
  handlers: Map<string, CallHandler>;
  /** CALLs the block sent to the "CSMS". */
  sent: Array<{ action: string; payload: any }>;
  /** How the "CSMS" answers Authorize (return a value or throw). */
  answer: (payload: any) => any;
  set(key: string, value: string): void;
}

/** The block over a real store and device model, with a scripted CSMS instead of a link. */
export function authHost(options: AuthOptions = {}): { host: TestHost; auth: AuthBlock } {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const store = Store.open(':memory:');
  const model = new DeviceModel(store, { evseCount: 2, clock });
  const host: TestHost = {
    model,
    store,
    clock,
    log: new Logger(store, clock),
    events: new Listeners<StationEvent>(),
    handlers: new Map(),
    actions: { register: (action, fn) => void host.handlers.set(action, fn) },
    connected: true,
    sent: [],
    answer: () => ({ idTokenInfo: { status: 'Accepted' } }),
    async send(action: string, payload: object) {
      host.sent.push({ action, payload });
      return host.answer(payload);
    },
    set(key, value) {
      const r = model.setByKey(key, value, 'csms');
      if (r.attributeStatus !== 'Accepted') throw new Error(`${key}=${value}: ${r.attributeStatus}`);
    },
  };
  return { host, auth: new AuthBlock(host, options) };
}

export const tag = (idToken: string, type: IdToken['type'] = 'ISO14443'): IdToken => ({ idToken, type });

/** Put entries in the local list through the D01 handler (Full update). */
export async function installList(host: TestHost, version: number, entries: Array<[string, IdTokenInfo]>): Promise<void> {
  const res = (await host.handlers.get('SendLocalList')!({
    versionNumber: version,
    updateType: 'Full',
    localAuthorizationList: entries.map(([id, info]) => ({ idToken: tag(id), idTokenInfo: info })),
  })) as { status: string };
  if (res.status !== 'Accepted') throw new Error(`SendLocalList ${JSON.stringify(res)}`);
}
