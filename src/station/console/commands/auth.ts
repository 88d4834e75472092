/**
 * Local authorization list and authorization cache: `lldump`, `llerase`,
 * `wldump`, `wlerase` (the names of the NG9xx firmware console).
 */
import type { IdTokenInfo } from '../../auth/types.js';
import type { Station } from '../../station.js';
import type { Command } from '../types.js';
import { columns, dash, expectArgs, expectConfirm } from './args.js';

/** One token of `lldump` / `wldump` (JSON data). */
export interface AuthEntryView {
  idToken: string;
  type: string;
  status: string;
  groupIdToken?: string;
  cacheExpiryDateTime?: string;
}

export interface LocalListView {
  version: number;
  enabled: boolean;
  entries: AuthEntryView[];
}

export interface CacheEntryView extends AuthEntryView {
  /** ISO time the entry was last used or updated. */
  lastUsed: string;
  /** Expired (cacheExpiryDateTime passed or AuthCacheCtrlr.LifeTime elapsed): no longer used. */
  stale: boolean;
}

export interface CacheView {
  enabled: boolean;
  bytes: number;
  entries: CacheEntryView[];
}

function entryView(idToken: { idToken: string; type: string }, info: IdTokenInfo): AuthEntryView {
  const view: AuthEntryView = { idToken: idToken.idToken, type: idToken.type, status: info.status };
  if (info.groupIdToken) view.groupIdToken = info.groupIdToken.idToken;
  if (info.cacheExpiryDateTime) view.cacheExpiryDateTime = info.cacheExpiryDateTime;
  return view;
}

export function localListView(station: Station): LocalListView {
  return {
    version: station.auth.localList.version(),
    enabled: station.model.getBoolean('LocalAuthListCtrlr.Enabled'),
    entries: station.auth.localList.entries().map((e) => entryView(e.idToken, e.info)),
  };
}

export function cacheView(station: Station): CacheView {
  const now = station.clock.now();
  return {
    enabled: station.model.getBoolean('AuthCacheCtrlr.Enabled'),
    bytes: station.auth.cache.bytes(),
    entries: station.auth.cache.entries().map((e) => ({
      ...entryView(e.idToken, e.info),
      lastUsed: new Date(e.lastUsed).toISOString(),
      stale: station.auth.cache.isStale(e, now),
    })),
  };
}

const lldump: Command = {
  words: ['lldump'],
  usage: 'lldump',
  summary: 'local authorization list: version and entries',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'lldump');
    const v = localListView(station);
    const text = [`local list version ${v.version}, ${v.entries.length} ${v.entries.length === 1 ? 'entry' : 'entries'}${v.enabled ? '' : ' (LocalAuthListCtrlr disabled)'}`];
    if (v.entries.length) {
      text.push(
        ...columns([
          ['idToken', 'type', 'status', 'group', 'expires'],
          ...v.entries.map((e) => [e.idToken, e.type, e.status, dash(e.groupIdToken), dash(e.cacheExpiryDateTime)]),
        ]),
      );
    }
    return { data: v, text };
  },
};

const llerase: Command = {
  words: ['llerase'],
  usage: 'llerase confirm',
  summary: 'erase the local authorization list (version back to 0)',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'llerase');
    const entries = station.auth.eraseLocalList();
    return { data: { erased: 'localList', entries }, text: [`local list erased: ${entries} ${entries === 1 ? 'entry' : 'entries'}, version 0`] };
  },
};

const wldump: Command = {
  words: ['wldump'],
  usage: 'wldump',
  summary: 'authorization cache: token, status, group, expiry, last used',
  run({ station, args }) {
    expectArgs(args, 0, 0, 'wldump');
    const v = cacheView(station);
    const text = [`authorization cache: ${v.entries.length} ${v.entries.length === 1 ? 'entry' : 'entries'}, ${v.bytes} bytes${v.enabled ? '' : ' (AuthCacheCtrlr disabled)'}`];
    if (v.entries.length) {
      text.push(
        ...columns([
          ['idToken', 'type', 'status', 'group', 'expires', 'last used'],
          ...v.entries.map((e) => [e.idToken, e.type, e.stale ? `${e.status} (stale)` : e.status, dash(e.groupIdToken), dash(e.cacheExpiryDateTime), e.lastUsed]),
        ]),
      );
    }
    return { data: v, text };
  },
};

const wlerase: Command = {
  words: ['wlerase'],
  usage: 'wlerase confirm',
  summary: 'erase the authorization cache',
  service: true,
  run({ station, args }) {
    expectConfirm(args, 'wlerase');
    const entries = station.auth.eraseCache();
    return { data: { erased: 'cache', entries }, text: [`authorization cache erased: ${entries} ${entries === 1 ? 'entry' : 'entries'}`] };
  },
};

export const authCommands: Command[] = [lldump, llerase, wldump, wlerase];
