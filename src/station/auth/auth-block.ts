/**
 * The authorization block: C01, C05 (auth side), C09–C16 decisions, the
 * authorization cache (C10, C11) and the local authorization list (D01, D02).
 *
 * Decision on a presented token (authorize()):
 *  - online, LocalPreAuthorize (or DisableRemoteAuthorization): local list,
 *    then cache. Accepted → used without asking (C12, C14). Known but not
 *    Accepted → Authorize at the CSMS unless the list's / cache's
 *    DisablePostAuthorize (or DisableRemoteAuthorization) says not to.
 *  - online otherwise: Authorize; its idTokenInfo is the answer and goes into
 *    the cache (C01, C10).
 *  - offline (no connection, not registered, or Authorize failed for want of
 *    a connection or timed out): with LocalAuthorizeOffline the local list,
 *    then the cache (C13, C12); a listed token that is not Accepted stays
 *    refused (errata C13.FR.04). Unknown → Accepted only with
 *    OfflineTxForUnknownIdEnabled (C15).
 * The local list wins over the cache. Stale entries are never used.
 */
import type { Clock } from '../clock.js';
import type { DeviceModel } from '../model/device-model.js';
import { Listeners } from '../listeners.js';
import type { Logger } from '../log.js';
import type { ActionRegistry } from '../ocpp/dispatcher.js';
import { NotConnectedError, OcppTimeoutError } from '../ocpp/errors.js';
import type { StationEvent } from '../events.js';
import type { Store } from '../store/store.js';
import { AuthCache, type CacheLimits } from './auth-cache.js';
import { idTokenProblem, isPastExpiry, sameGroup, sameIdToken, wireIdToken } from './id-token.js';
import { LocalList, type LocalListLimits, type SendLocalListRequest, type SendLocalListResponse } from './local-list.js';
import type { AuthApi, AuthDecided, AuthDecision, AuthSource, IdToken, IdTokenInfo } from './types.js';

/** What the block needs of the station (a Station fits; unit tests pass a small host). */
export interface AuthHost {
  readonly model: DeviceModel;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: Listeners<StationEvent>;
  readonly actions: ActionRegistry;
  readonly connected: boolean;
  send<T = any>(action: string, payload: object): Promise<T>;
}

export interface AuthOptions {
  /** Bound of the cache in bytes (default: maxLimit of AuthCacheCtrlr.Storage). */
  cacheMaxBytes?: number;
  /** Bounds of the local list (default: the LocalAuthListCtrlr variables). */
  localList?: Partial<LocalListLimits>;
}

const DEFAULT_CACHE_BYTES = 65536;
const DEFAULT_LIST_BYTES = 262144;
const DEFAULT_LIST_ENTRIES = 1000;

export class AuthBlock implements AuthApi {
  readonly cache: AuthCache;
  readonly localList: LocalList;
  /** Every authorization of a presented or remote token, as decided (the tariff display). */
  readonly decided = new Listeners<AuthDecided>();

  constructor(
    private readonly station: AuthHost,
    private readonly options: AuthOptions = {},
  ) {
    this.cache = new AuthCache(station.store, station.clock, () => this.cacheLimits(), () => this.refreshCounters());
    this.localList = new LocalList(station.store);
    station.actions.register('ClearCache', () => this.clearCacheRequest());
    station.actions.register('SendLocalList', (req: SendLocalListRequest) => this.sendLocalListRequest(req));
    station.actions.register('GetLocalListVersion', () => ({ versionNumber: this.listEnabled() ? this.localList.version() : 0 }));
    this.refreshCounters();
    // A reboot in place forgets the live (non-persistent) counters; set them again before the CSMS can read them.
    station.events.on((e) => {
      if (e.event === 'registration' && e.status !== 'Unregistered') this.refreshCounters();
    });
  }

  /* ------------------------------ decisions ------------------------------ */

  async authorize(idToken: IdToken, evseId?: number): Promise<AuthDecision> {
    const problem = idTokenProblem(idToken);
    if (problem) {
      this.station.log.warn('auth', `token refused: ${problem}`);
      return this.decision({ status: 'Invalid' }, 'station');
    }
    const m = this.station.model;
    if (!m.getBoolean('AuthCtrlr.Enabled') || idToken.type === 'NoAuthorization' || idToken.type === 'Central') {
      // C03/C05: nothing to check for these (Central tokens come from the CSMS itself).
      return this.decision({ status: 'Accepted' }, 'station');
    }
    let decision = this.station.connected ? await this.online(idToken) : undefined;
    decision ??= this.offline(idToken);
    decision = this.forEvse(decision, evseId);
    this.station.log.info('auth', `${idToken.idToken} (${idToken.type}): ${decision.idTokenInfo.status} from ${decision.source}${decision.masterPass ? ', master pass' : ''}`);
    this.decided.emit({ idTokenInfo: decision.idTokenInfo, evseId });
    return decision;
  }

  async authorizeRemoteStart(idToken: IdToken, evseId?: number): Promise<AuthDecision> {
    const problem = idTokenProblem(idToken);
    if (problem) return this.decision({ status: 'Invalid' }, 'station');
    if (!this.station.model.getBoolean('AuthCtrlr.AuthorizeRemoteStart')) return this.decision({ status: 'Accepted' }, 'csms');
    return this.authorize(idToken, evseId);
  }

  learned(idToken: IdToken, info: IdTokenInfo): void {
    if (!this.station.model.getBoolean('AuthCacheCtrlr.Enabled') || idTokenProblem(idToken) || !info?.status) return;
    try {
      this.cache.put(idToken, info);
      this.refreshCounters();
    } catch (err) {
      this.station.log.error('auth', `cache update for ${idToken.idToken} failed: ${(err as Error).message}`);
    }
  }

  isMasterPass(info: IdTokenInfo): boolean {
    const group = this.station.model.getString('AuthCtrlr.MasterPassGroupId');
    return group !== '' && sameGroup(info?.groupIdToken, { idToken: group, type: 'Central' });
  }

  mayStop(owner: { idToken: IdToken; groupIdToken?: IdToken }, presented: IdToken, presentedInfo?: IdTokenInfo): boolean {
    if (sameIdToken(owner.idToken, presented)) return true;
    return presentedInfo?.status === 'Accepted' && sameGroup(owner.groupIdToken, presentedInfo.groupIdToken);
  }

  /** Online: local first when allowed, else Authorize. undefined = the CSMS could not be asked (go offline). */
  private async online(idToken: IdToken): Promise<AuthDecision | undefined> {
    const m = this.station.model;
    const remoteDisabled = m.getBoolean('AuthCtrlr.DisableRemoteAuthorization');
    if (m.getBoolean('AuthCtrlr.LocalPreAuthorize') || remoteDisabled) {
      const local = this.lookup(idToken);
      if (local?.idTokenInfo.status === 'Accepted') return this.used(idToken, local);
      if (local) {
        const postAuthorize = !remoteDisabled && !m.getBoolean(local.source === 'localList' ? 'LocalAuthListCtrlr.DisablePostAuthorize' : 'AuthCacheCtrlr.DisablePostAuthorize');
        if (!postAuthorize) return this.used(idToken, local);
      }
    }
    if (remoteDisabled) return this.decision({ status: 'Unknown' }, 'station');
    try {
      const response = await this.station.send<{ idTokenInfo: IdTokenInfo }>('Authorize', { idToken: wireIdToken(idToken) });
      this.learned(idToken, response.idTokenInfo);
      return this.decision(response.idTokenInfo, 'csms');
    } catch (err) {
      if (err instanceof NotConnectedError || err instanceof OcppTimeoutError) {
        this.station.log.warn('auth', `Authorize for ${idToken.idToken} not answered (${(err as Error).message}): deciding offline`);
        return undefined;
      }
      // The CSMS answered, but not with an idTokenInfo (CALLERROR, invalid response): nothing to accept.
      this.station.log.warn('auth', `Authorize for ${idToken.idToken} failed: ${(err as Error).message}`);
      return this.decision({ status: 'Unknown' }, 'station');
    }
  }

  private offline(idToken: IdToken): AuthDecision {
    const m = this.station.model;
    if (m.getBoolean('AuthCtrlr.LocalAuthorizeOffline')) {
      const local = this.lookup(idToken);
      if (local) return this.used(idToken, local);
    }
    // C15: an id the station does not know.
    return this.decision({ status: m.getBoolean('AuthCtrlr.OfflineTxForUnknownIdEnabled') ? 'Accepted' : 'Unknown' }, 'offlineUnknown');
  }

  /** Local list (when enabled), then the cache (when enabled). */
  private lookup(idToken: IdToken): AuthDecision | undefined {
    const m = this.station.model;
    if (this.listEnabled()) {
      const info = this.localList.get(idToken);
      if (info) {
        const expired = info.status === 'Accepted' && isPastExpiry(info, this.station.clock.now());
        return this.decision(expired ? { ...info, status: 'Expired' } : info, 'localList');
      }
    }
    if (m.getBoolean('AuthCacheCtrlr.Enabled')) {
      const entry = this.cache.get(idToken);
      if (entry) return this.decision(entry.info, 'cache');
    }
    return undefined;
  }

  /** A local entry decided: a cache entry becomes the most recently used. */
  private used(idToken: IdToken, decision: AuthDecision): AuthDecision {
    if (decision.source === 'cache') this.cache.touch(idToken);
    return decision;
  }

  /** IdTokenInfo.evseId limits a token to those EVSEs. */
  private forEvse(decision: AuthDecision, evseId: number | undefined): AuthDecision {
    const allowed = decision.idTokenInfo.evseId;
    if (evseId === undefined || decision.idTokenInfo.status !== 'Accepted' || !allowed?.length || allowed.includes(evseId)) return decision;
    return this.decision({ ...decision.idTokenInfo, status: 'NotAllowedTypeEVSE' }, decision.source);
  }

  private decision(idTokenInfo: IdTokenInfo, source: AuthSource): AuthDecision {
    return { idTokenInfo, source, masterPass: idTokenInfo.status === 'Accepted' && this.isMasterPass(idTokenInfo) };
  }

  /* --------------------------- CSMS requests ----------------------------- */

  /** C11 ClearCache. */
  private clearCacheRequest(): object {
    if (!this.station.model.getBoolean('AuthCacheCtrlr.Enabled')) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'NotEnabled', additionalInfo: 'AuthCacheCtrlr.Enabled is false' } };
    }
    const n = this.cache.clear();
    this.refreshCounters();
    this.station.log.info('auth', `authorization cache cleared by the CSMS (${n} entries)`);
    return { status: 'Accepted' };
  }

  /** D01 SendLocalList. */
  private sendLocalListRequest(req: SendLocalListRequest): SendLocalListResponse {
    if (!this.listEnabled()) return { status: 'Failed', statusInfo: { reasonCode: 'NotEnabled', additionalInfo: 'LocalAuthListCtrlr.Enabled is false' } };
    const result = this.localList.apply(req, this.listLimits());
    const what = `SendLocalList ${req.updateType} version ${req.versionNumber} (${req.localAuthorizationList?.length ?? 0} entries)`;
    if (result.status === 'Accepted') {
      this.refreshCounters();
      this.station.log.info('auth', `${what}: Accepted, list holds ${this.localList.count()} entries`);
    } else {
      this.station.log.warn('auth', `${what}: ${result.status}${result.statusInfo ? ` ${result.statusInfo.reasonCode}: ${result.statusInfo.additionalInfo ?? ''}` : ''}`);
    }
    return result;
  }

  /* ------------------------------ console -------------------------------- */

  /** Console `llerase`. */
  eraseLocalList(): number {
    const n = this.localList.erase();
    this.refreshCounters();
    this.station.log.warn('auth', `local authorization list erased (${n} entries)`);
    return n;
  }

  /** Console `wlerase`. */
  eraseCache(): number {
    const n = this.cache.clear();
    this.refreshCounters();
    this.station.log.warn('auth', `authorization cache erased (${n} entries)`);
    return n;
  }

  /* ------------------------------ internals ------------------------------ */

  private listEnabled(): boolean {
    return this.station.model.getBoolean('LocalAuthListCtrlr.Enabled');
  }

  private cacheLimits(): CacheLimits {
    const m = this.station.model;
    return {
      lifetimeSec: m.getNumber('AuthCacheCtrlr.LifeTime'),
      maxBytes: this.options.cacheMaxBytes ?? m.definition('AuthCacheCtrlr.Storage')?.maxLimit ?? DEFAULT_CACHE_BYTES,
    };
  }

  private listLimits(): LocalListLimits {
    const m = this.station.model;
    return {
      itemsPerMessage: this.options.localList?.itemsPerMessage ?? m.getNumber('LocalAuthListCtrlr.ItemsPerMessage'),
      maxEntries: this.options.localList?.maxEntries ?? m.definition('LocalAuthListCtrlr.Entries')?.maxLimit ?? DEFAULT_LIST_ENTRIES,
      maxBytes: this.options.localList?.maxBytes ?? m.definition('LocalAuthListCtrlr.Storage')?.maxLimit ?? DEFAULT_LIST_BYTES,
    };
  }

  /** The ReadOnly live counters of the device model: LocalAuthListCtrlr.Entries / Storage, AuthCacheCtrlr.Storage. */
  private refreshCounters(): void {
    const set = (key: string, value: number) => {
      try {
        this.station.model.setInternal(key, value);
      } catch (err) {
        this.station.log.error('auth', `cannot report ${key} = ${value}: ${(err as Error).message}`);
      }
    };
    set('LocalAuthListCtrlr.Entries', this.localList.count());
    set('LocalAuthListCtrlr.Storage', this.localList.bytes());
    set('AuthCacheCtrlr.Storage', this.cache.bytes());
  }
}
