/**
 * `ng9 sim fleet` from start to summary: the ramp, the live view (a status
 * prompt on a TTY, a plain line every few seconds otherwise), the console,
 * the end (--duration, Ctrl-C / SIGTERM, `quit`) and the summary.
 */
import { createInterface, type Interface } from 'node:readline';
import type { FleetOptions } from './fleet.js';
import { LocalFleet, type RunningFleet } from './running.js';
import { countsLine, type FleetCounts, type FleetSummary, rate, summarize, summaryLines } from './stats.js';

export interface FleetRunOptions extends FleetOptions {
  /** stop after this many seconds; none: until a signal */
  durationSec?: number;
  json: boolean;
  /** seconds between plain status lines (no TTY) */
  logEverySec?: number;
  out?: NodeJS.WriteStream;
  input?: NodeJS.ReadStream;
  /** worker threads running the stations; 1 (the default): all in this thread */
  workers?: number;
}

/** The process's RSS, bytes; undefined when it cannot be read (out of file handles: EMFILE). */
function rssNow(): number | undefined {
  try {
    return process.memoryUsage.rss();
  } catch {
    return undefined;
  }
}

export async function runFleet(options: FleetRunOptions): Promise<FleetSummary> {
  const out = options.out ?? process.stdout;
  const input = options.input ?? process.stdin;
  const workers = options.workers ?? 1;
  const fleetOptions: FleetOptions = {
    stations: options.stations,
    csmsUrl: options.csmsUrl,
    idPrefix: options.idPrefix,
    evses: options.evses,
    ocppVersion: options.ocppVersion,
    ramp: options.ramp,
    stateDir: options.stateDir,
    seed: options.seed,
    scenario: options.scenario,
    hibernate: options.hibernate,
  };
  const fleet: RunningFleet = workers > 1 ? new (await import('./pool.js')).WorkerFleet(fleetOptions, workers) : new LocalFleet(fleetOptions);
  const began = Date.now();
  const interactive = !options.json && input.isTTY === true && out.isTTY === true;
  const say = (line: string) => {
    if (options.json) return;
    if (rl) {
      out.write('\r\x1b[2K');
      out.write(`${line}\n`);
      rl.prompt(true);
    } else out.write(`${line}\n`);
  };

  let rl: Interface | undefined;
  let finish!: (why: string) => void;
  const finished = new Promise<string>((resolve) => (finish = resolve));
  const onSignal = (signal: NodeJS.Signals) => finish(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const durationTimer = options.durationSec === undefined ? undefined : setTimeout(() => finish('duration'), options.durationSec * 1000);

  say(`fleet of ${options.stations} stations (${options.idPrefix}…) against ${options.csmsUrl}, OCPP ${options.ocppVersion}, ${options.ramp}/s, ${workers > 1 ? `${workers} worker threads, ` : ''}state ${options.stateDir ? `${options.stateDir}${workers > 1 ? '/worker-<k>' : ''}` : 'in memory'}, seed ${options.seed}${interactive ? "; 'help' lists the console commands, Ctrl-C stops" : '; Ctrl-C stops'}`);

  // the live view: the prompt line on a TTY, a plain line every few seconds otherwise
  let last: { at: number; counts: FleetCounts } = { at: Date.now(), counts: fleet.counts() };
  const refresh = (bar?: number) => {
    const now = Date.now();
    const counts = fleet.counts();
    const line = countsLine(counts, rate(last.counts, counts, now - last.at), bar);
    last = { at: now, counts };
    return line;
  };
  let viewTimer: NodeJS.Timeout | undefined;
  if (interactive) {
    rl = createInterface({ input, output: out, terminal: true });
    rl.on('SIGINT', () => finish('SIGINT'));
    rl.on('close', () => finish('end of input'));
    let busy = Promise.resolve();
    rl.on('line', (line) => {
      if (/^\s*(quit|exit)\s*$/.test(line)) return finish('quit');
      busy = busy.then(async () => {
        for (const reply of await fleet.consoleLine(line)) out.write(`${reply}\n`);
        rl?.prompt();
      });
    });
    const prompt = () => {
      // the ramp's bar on the prompt line: what the terminal's width leaves of it, 10..30 cells
      rl?.setPrompt(`[${refresh(Math.max(10, Math.min(30, (out.columns || 80) - 120)))}] fleet> `);
      rl?.prompt(true);
    };
    prompt();
    viewTimer = setInterval(prompt, 1000);
  } else if (!options.json) {
    viewTimer = setInterval(() => say(`${new Date().toISOString()} ${refresh()}`), (options.logEverySec ?? 5) * 1000);
  }

  const rssBefore = process.memoryUsage.rss();
  fleet.start();
  void fleet.ramped.then(() => {
    const c = fleet.counts();
    if (c.started === c.stations) say(`all ${c.stations} stations started in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  });

  const why = await finished;
  if (durationTimer) clearTimeout(durationTimer);
  if (viewTimer) clearInterval(viewTimer);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  rl?.close();
  if (rl) out.write('\n');
  rl = undefined;
  say(`${why}: stopping ${fleet.counts().started} stations`);
  // the figures as they were running, before the links close
  const figures = await fleet.figures();
  let rss = rssNow();
  await fleet.stop();
  // out of file handles, /proc/self/stat cannot be read: once the stations let theirs go, it can
  rss ??= rssNow() ?? rssBefore;
  const summary = summarize(figures.counts, figures.bootLatencies, { now: rss, before: rssBefore }, Date.now() - began, options.seed, figures.errorSamples, { workers, lag: figures.lag });
  if (options.json) out.write(`${JSON.stringify(summary)}\n`);
  else for (const line of summaryLines(summary)) out.write(`${line}\n`);
  return summary;
}
