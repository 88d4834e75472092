/**
 * N stations in one process (`ng9 sim fleet`): each its own Station with its
 * own OCPP connection, opened and powered up on a ramp (stations per
 * second), counted through their events. All stations keep their state in
 * one database: in memory, or `fleet.db` in the state folder.
 */
import { join } from 'node:path';
import { Station } from '../station/station.js';
import { SharedDatabase } from '../station/store/store.js';
import { type OcppVersion, preloadSchemas } from '../station/ocpp/validator.js';
import { Behaviour } from './behaviour.js';
import { HIBERNATE_AFTER_MS, HIBERNATE_SWEEP_MS, Sleeper } from './hibernation.js';
import { ReleasePolicy, releaseMemory } from './memory.js';
import { isOutOfHandles, openFileLimit, outOfHandlesMessage } from './handles.js';
import { type Scenario, seededRandom, stationSeed } from './scenario.js';
import { inShare, type Share } from './shares.js';
import type { FleetCounts } from './stats.js';
import { applyVariables } from './variables.js';

export interface FleetOptions {
  stations: number;
  csmsUrl: string;
  idPrefix: string;
  evses: number;
  ocppVersion: OcppVersion;
  /** stations powered up per second */
  ramp: number;
  /** the fleet's database (fleet.db) goes here; none: in memory */
  stateDir?: string;
  seed: number;
  scenario?: Scenario;
  /** this Fleet's part of the stations (a worker thread's): every `of`-th from the `index`-th (0-based); none: all */
  share?: Share;
  /** put idle stations away to their socket (hibernation.ts); default true */
  hibernate?: boolean;
  /** silence on the wire before an idle station hibernates; default HIBERNATE_AFTER_MS */
  hibernateAfterMs?: number;
}

/** One station of the fleet and what the fleet knows of it. */
export interface Member {
  id: string;
  /** 1-based place in the whole fleet: its random seed, the same whichever worker runs it */
  index: number;
  /** the station, while awake */
  station?: Station;
  /** while hibernated: what keeps its socket and wakes it */
  sleeper?: Sleeper;
  /** Date.now() of its last OCPP frame, either way (it hibernates after HIBERNATE_AFTER_MS of silence) */
  lastFrameAt: number;
  behaviour?: Behaviour;
  startedAt?: number;
  bootLatencyMs?: number;
  registration: string;
  connected: boolean;
  transactions: Set<string>;
  failed?: string;
  /** ran out of file handles (said once) */
  outOfHandles?: boolean;
}

/** How many error messages a summary keeps (the rest are counted only). */
export const MAX_ERROR_SAMPLES = 5;

/** `<prefix><0001..>`: at least four digits, more when the fleet needs them. */
export function stationIds(prefix: string, count: number): string[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}

export class Fleet {
  readonly members: Member[];
  private readonly byId = new Map<string, Member>();
  private sent = 0;
  private received = 0;
  private errors = 0;
  private readonly errorSamples = new Set<string>();
  private rampTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private readonly release: ReleasePolicy;
  private next = 0;
  private stopping?: Promise<void>;
  private database?: SharedDatabase;
  /** `ulimit -n`, read at the start (once out of handles, /proc cannot be read) */
  private fileLimit?: number;
  /** resolves once every station is started (or the fleet stopped first) */
  readonly ramped: Promise<void>;
  private rampDone!: () => void;

  constructor(readonly options: FleetOptions) {
    this.members = stationIds(options.idPrefix, options.stations)
      .map((id, i): Member => ({ id, index: i + 1, registration: 'Unregistered', connected: false, transactions: new Set(), lastFrameAt: 0 }))
      .filter((m) => inShare(m.index - 1, options.share));
    for (const m of this.members) this.byId.set(m.id, m);
    this.ramped = new Promise((resolve) => (this.rampDone = resolve));
    this.release = new ReleasePolicy(this.members.length);
  }

  member(id: string): Member | undefined {
    return this.byId.get(id);
  }

  /** Power the stations up, `ramp` per second, in small batches every 20 ms. */
  start(): void {
    this.fileLimit = openFileLimit();
    try {
      // while file handles are left: the stations' sockets may take the last ones
      preloadSchemas(this.options.ocppVersion);
    } catch {
      // (no schemas: each station says so at its first message)
    }
    try {
      this.database = new SharedDatabase(this.options.stateDir ? join(this.options.stateDir, 'fleet.db') : ':memory:');
    } catch (err) {
      this.error(`cannot open the fleet's database: ${(err as Error).message}`);
      this.rampDone();
      return;
    }
    if (this.options.hibernate !== false) this.sweepTimer = setInterval(() => this.hibernateIdle(), HIBERNATE_SWEEP_MS);
    const tickMs = 20;
    const begin = Date.now();
    const tick = () => {
      const due = Math.min(this.members.length, Math.floor(((Date.now() - begin + tickMs) / 1000) * this.options.ramp) || 1);
      while (this.next < due && !this.stopping) {
        this.startMember(this.members[this.next]!);
        this.next++;
      }
      if (this.next >= this.members.length || this.stopping) {
        this.rampTimer = undefined;
        this.rampDone();
        return;
      }
      this.rampTimer = setTimeout(tick, tickMs);
    };
    tick();
  }

  private startMember(m: Member): void {
    const random = seededRandom(stationSeed(this.options.seed, m.index));
    let station: Station;
    try {
      const store = this.database!.station(m.id);
      station = Station.open({ id: m.id, csmsUrl: this.options.csmsUrl, evses: this.options.evses, ocppVersion: this.options.ocppVersion, store, random });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      m.failed = e.message;
      if (isOutOfHandles(e)) this.outOfHandles(m, 'open', e);
      else this.error(`${m.id}: cannot open: ${e.message}`);
      return;
    }
    this.watch(m, station);
    for (const problem of applyVariables(station.model, this.options.scenario?.variables ?? {})) this.error(`${m.id}: ${problem}`);
    m.startedAt = Date.now();
    station.start();
    if (this.options.scenario) {
      m.behaviour = new Behaviour(() => this.awake(m)!, this.options.scenario, random, { error: (message) => this.error(`${m.id}: ${message}`) });
      m.behaviour.start();
    }
  }

  /** The member's station, woken first when it hibernates; undefined when it never started. */
  awake(m: Member): Station | undefined {
    if (m.sleeper) {
      const hibernation = m.sleeper.end();
      m.sleeper = undefined;
      this.watch(m, Station.wake(hibernation));
    }
    return m.station;
  }

  /** Every idle station that is awake goes to sleep (Station.hibernate). */
  private hibernateIdle(): void {
    const now = Date.now();
    const quietMs = this.options.hibernateAfterMs ?? HIBERNATE_AFTER_MS;
    let asleep = 0;
    let sleeping = 0;
    for (const m of this.members) {
      if (m.sleeper) sleeping++;
      if (!m.station || now - m.lastFrameAt < quietMs) continue;
      const hibernation = m.station.hibernate();
      if (!hibernation) continue;
      m.station = undefined;
      m.sleeper = new Sleeper(hibernation, () => this.awake(m));
      asleep++;
      sleeping++;
    }
    if (this.release.afterSweep(asleep, sleeping, now)) releaseMemory();
  }

  /** Follow a station (started, or woken) through its events. */
  private watch(m: Member, station: Station): void {
    m.station = station;
    // the station retries on its back-off and logs each failure; the fleet says it once
    station.link.on('connectError', (err: NodeJS.ErrnoException) => {
      if (isOutOfHandles(err)) this.outOfHandles(m, 'connect', err);
    });
    station.events.on((e) => {
      switch (e.event) {
        case 'ocpp':
          m.lastFrameAt = Date.now();
          if (e.direction === 'out') this.sent++;
          else this.received++;
          if (e.frame.startsWith('[4')) this.error(`${m.id}: CALLERROR ${e.direction === 'out' ? 'sent' : 'received'}: ${e.frame.slice(0, 160)}`);
          break;
        case 'registration':
          m.registration = e.status;
          if (e.status === 'Accepted' && m.bootLatencyMs === undefined) m.bootLatencyMs = Date.now() - m.startedAt!;
          if (e.status === 'Rejected') this.error(`${m.id}: BootNotification Rejected`);
          break;
        case 'link':
          m.connected = e.connected;
          break;
        case 'transaction':
          if (e.eventType === 'Ended') m.transactions.delete(e.transactionId);
          else m.transactions.add(e.transactionId);
          m.behaviour?.transactionChanged(e.evseId);
          break;
      }
    });
  }

  /** A station without a file handle for its socket (or its store): one error per station, naming the limit. */
  private outOfHandles(m: Member, what: string, err: NodeJS.ErrnoException): void {
    if (m.outOfHandles) return;
    m.outOfHandles = true;
    this.error(outOfHandlesMessage(m.id, what, err, this.fileLimit));
  }

  private error(message: string): void {
    this.errors++;
    if (this.errorSamples.size < MAX_ERROR_SAMPLES) this.errorSamples.add(message);
  }

  counts(): FleetCounts {
    let started = 0;
    let booted = 0;
    let connected = 0;
    let inTransaction = 0;
    let hibernated = 0;
    for (const m of this.members) {
      if (m.station || m.sleeper) started++;
      if (m.sleeper) hibernated++;
      if (m.bootLatencyMs !== undefined) booted++;
      if (m.connected) connected++;
      inTransaction += m.transactions.size;
    }
    return { stations: this.members.length, started, booted, connected, inTransaction, hibernated, sent: this.sent, received: this.received, errors: this.errors };
  }

  bootLatencies(): number[] {
    return this.members.flatMap((m) => (m.bootLatencyMs === undefined ? [] : [m.bootLatencyMs]));
  }

  errorsSeen(): string[] {
    return [...this.errorSamples];
  }

  /** Stop the ramp, the scenarios and every station (links closed, stores closed). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.rampTimer) clearTimeout(this.rampTimer);
      clearInterval(this.sweepTimer);
      this.rampDone();
      for (const m of this.members) m.behaviour?.stop();
      await Promise.all(
        this.members.map(async (m) => {
          try {
            await m.sleeper?.close();
            await m.station?.stop();
          } catch (err) {
            this.error(`${m.id}: stop: ${(err as Error).message}`);
          }
        }),
      );
      this.database?.close();
    })();
    return this.stopping;
  }
}
