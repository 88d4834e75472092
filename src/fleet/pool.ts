/**
 * `ng9 sim fleet --workers n` from the main thread: n worker threads
 * (worker.ts), each running its share of the stations (shares.ts); their
 * counts summed for the live view, their figures merged for the summary,
 * console lines routed to the worker that holds the station.
 */
import { Worker } from 'node:worker_threads';
import { noSuchStation, parseFleetLine } from './console.js';
import { openFileLimit, workerErrorMessage } from './handles.js';
import { collectIncrementally } from './memory.js';
import { type FleetOptions, MAX_ERROR_SAMPLES, stationIds } from './fleet.js';
import { type Lag, worstLag } from './lag.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import type { FleetFigures, RunningFleet } from './running.js';
import { type Share, shareSize, workerOf, workerStateDir } from './shares.js';
import type { FleetCounts } from './stats.js';

const STOP_TIMEOUT_MS = 60_000;
const EXIT_GRACE_MS = 2000;

interface Thread {
  share: Share;
  worker?: Worker;
  counts: FleetCounts;
  ramped: boolean;
  /** the worker ended (or never started): why, if not asked to */
  gone?: string;
  exited?: Promise<void>;
  replies: Map<number, (message: FromWorker | undefined) => void>;
}

/** Where the worker module is: next to this one (dist/fleet/worker.js in the build). */
export const WORKER_ENTRY = new URL('./worker.js', import.meta.url);

export class WorkerFleet implements RunningFleet {
  readonly ramped: Promise<void>;
  private rampDone!: () => void;
  private readonly threads: Thread[];
  private readonly ids: string[];
  private readonly byId: Map<string, number>;
  private readonly ownErrors: string[] = [];
  private stopping?: Promise<void>;
  private seq = 0;
  /** `ulimit -n`, read at the start (once out of handles, /proc cannot be read) */
  private fileLimit?: number;

  constructor(
    private readonly options: FleetOptions,
    readonly workers: number,
    private readonly entry: URL = WORKER_ENTRY,
    private readonly reportEveryMs = 1000,
  ) {
    this.ids = stationIds(options.idPrefix, options.stations);
    this.byId = new Map(this.ids.map((id, i) => [id, i]));
    this.threads = Array.from({ length: workers }, (_, index) => {
      const share = { index, of: workers };
      const stations = shareSize(options.stations, share);
      return { share, counts: { stations, started: 0, booted: 0, connected: 0, inTransaction: 0, hibernated: 0, sent: 0, received: 0, errors: 0 }, ramped: false, replies: new Map() };
    });
    this.ramped = new Promise((resolve) => (this.rampDone = resolve));
  }

  start(): void {
    this.fileLimit = openFileLimit();
    collectIncrementally(); // before the threads: V8 reads it as it sets up their heaps
    for (const t of this.threads) this.spawn(t);
  }

  private spawn(t: Thread): void {
    const { share } = t;
    const setup: WorkerSetup = {
      options: { ...this.options, share, ramp: this.options.ramp / this.workers, stateDir: workerStateDir(this.options.stateDir, share) },
      reportEveryMs: this.reportEveryMs,
    };
    const worker = new Worker(this.entry, { workerData: setup, stdout: false, stderr: false });
    t.worker = worker;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'counts':
          t.counts = message.counts;
          break;
        case 'ramped':
          t.counts = message.counts;
          t.ramped = true;
          this.checkRamped();
          break;
        case 'reply':
        case 'figures':
          t.replies.get(message.seq)?.(message);
          t.replies.delete(message.seq);
          break;
        case 'stopped':
          t.replies.get(-1)?.(message);
          break;
      }
    });
    worker.on('error', (err) => this.lose(t, workerErrorMessage(share.index + 1, err, this.fileLimit)));
    t.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (!this.stopping) this.lose(t, `worker ${share.index + 1} exited (code ${code})`);
        resolve();
      }),
    );
  }

  /** A worker that ended on its own: its stations are gone; say so once. */
  private lose(t: Thread, why: string): void {
    if (t.gone) return;
    t.gone = why;
    this.ownErrors.push(why);
    t.ramped = true;
    for (const reply of t.replies.values()) reply(undefined);
    t.replies.clear();
    this.checkRamped();
  }

  private checkRamped(): void {
    if (this.threads.every((t) => t.ramped)) this.rampDone();
  }

  private ask(t: Thread, message: ToWorker & { seq: number }): Promise<FromWorker | undefined> {
    if (t.gone || !t.worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      t.replies.set(message.seq, resolve);
      t.worker!.postMessage(message);
    });
  }

  counts(): FleetCounts {
    const sum: FleetCounts = { stations: 0, started: 0, booted: 0, connected: 0, inTransaction: 0, hibernated: 0, sent: 0, received: 0, errors: this.ownErrors.length };
    for (const { counts } of this.threads) {
      for (const key of Object.keys(sum) as (keyof FleetCounts)[]) sum[key] += counts[key];
    }
    return sum;
  }

  async figures(): Promise<FleetFigures> {
    const answers = await Promise.all(this.threads.map((t) => this.ask(t, { type: 'figures', seq: ++this.seq })));
    const bootLatencies: number[] = [];
    const samples = new Set(this.ownErrors.slice(0, MAX_ERROR_SAMPLES));
    const lags: Lag[] = [];
    answers.forEach((answer, i) => {
      if (answer?.type !== 'figures') return;
      const { figures } = answer;
      this.threads[i]!.counts = figures.counts;
      bootLatencies.push(...figures.bootLatencies);
      for (const e of figures.errorSamples) if (samples.size < MAX_ERROR_SAMPLES) samples.add(e);
      lags.push(figures.lag);
    });
    return { counts: this.counts(), bootLatencies, errorSamples: [...samples], lag: worstLag(lags) };
  }

  async consoleLine(line: string): Promise<string[]> {
    const parsed = parseFleetLine(line);
    if (parsed.kind === 'reply') return parsed.lines;
    if (parsed.kind === 'stations') {
      const answers = await Promise.all(this.threads.map((t) => this.ask(t, { type: 'console', seq: ++this.seq, line: 'stations' })));
      const lines = answers.flatMap((a, i) => (a?.type === 'reply' ? a.lines : [`worker ${i + 1}: ${this.threads[i]!.gone ?? 'no answer'}`]));
      return lines.sort();
    }
    const i = this.byId.get(parsed.id);
    if (i === undefined) return noSuchStation(parsed.id, this.ids[0], this.ids.at(-1));
    const t = this.threads[workerOf(i, this.workers)]!;
    const answer = await this.ask(t, { type: 'console', seq: ++this.seq, line });
    return answer?.type === 'reply' ? answer.lines : [`${parsed.id}: its worker ${t.share.index + 1} is gone (${t.gone ?? 'no answer'})`];
  }

  /** Stop every worker's stations, then the workers (terminated if one does not end in time). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.rampDone();
      await Promise.all(
        this.threads.map(async (t) => {
          if (!t.worker || t.gone) return;
          const stopped = new Promise<unknown>((resolve) => t.replies.set(-1, resolve));
          t.worker.postMessage({ type: 'stop' } satisfies ToWorker);
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
          const outcome = await Promise.race([stopped, late]);
          clearTimeout(timer);
          if (outcome === 'late') this.lose(t, `worker ${t.share.index + 1} did not stop its stations in ${STOP_TIMEOUT_MS / 1000} s; terminated`);
          // its stations are stopped (links and stores closed): a handle left behind must not hold the process
          const exitLate = setTimeout(() => void t.worker?.terminate(), outcome === 'late' ? 0 : EXIT_GRACE_MS);
          await t.exited;
          clearTimeout(exitLate);
        }),
      );
    })();
    return this.stopping;
  }
}
