#!/usr/bin/env node
// How many stations one process holds: boots N idle ng9 stations (the fleet of
// `ng9 sim fleet`, dist/fleet/fleet.js: one database for all, one OCPP connection
// each) against a CSMS that answers at once, and prints the time until all are
// booted (BootNotification Accepted), the RSS and heap per station 2 s after the
// boot and once every idle station has hibernated (after a GC, and 15 s later
// without one), next to the start-up of `node -e 0` and the core count.
// --workers n runs the stations as `ng9 sim fleet --workers n` does: in n
// worker threads of this process, started without V8's memory reducer
// (src/fleet/memory.ts). Their heaps are not this thread's: then only the
// process's RSS is given, and the memory is what the fleet gives back itself.
//
//   node --expose-gc bench/fleet.mjs [stations=1000] [--ocpp 1.6] [--ramp 800] [--workers n] [--no-hibernate] [--state DIR] [--json]
//   node bench/fleet.mjs --csms      # only the CSMS, for `ng9 sim fleet --csms <its url>`
//   node bench/fleet.mjs --transactions [stations=1000] [--workers 4] [--state] [--ramp 100]
//        [--evses 1] [--ocpp 1.6] [--no-hibernate] [--probe-rate 20] [--probe-sec 30] [--settle 35] [--timeout 900] [--json]
//
// --transactions: `ng9 sim fleet` (the built CLI, in a child process) runs the
// stations in back-to-back sessions (one EVSE: plug, card, 1–2 min, unplug;
// the next EV within 3 s; with --evses 2 both EVSEs present the same card, and
// the second is refused a transaction while the first holds one) with meter values every 30 s (the scenario's variables:
// SampledDataCtrlr.TxUpdatedInterval = 30). Once every station is booted and
// has started a transaction, and --settle s more (the periodic meter values
// flowing), the CSMS sends GetVariables
// (OCPPCommCtrlr.HeartbeatInterval; 1.6: GetConfiguration) to random stations,
// --probe-rate per second for --probe-sec, and times each round trip; then the
// fleet is stopped (SIGINT) and its --json summary gives the event-loop lag
// and the RSS per station. --state runs the stations durable (a temporary
// folder) instead of in memory; --workers n is the fleet's, 4 by default: in
// one thread, a full collection of its 700 MiB heap (every 100 s or so) stops
// every station for 0.5–1 s; in four, each collects a quarter of the heap and
// stops a quarter of the stations (docs/fleet.md).
//
// The CSMS is this same script in a child process (`--csms`), started by the
// bench: in the stations' process its thousands of server-side sockets would
// be counted against the stations. It answers every CALL with the minimal
// valid response (BootNotification Accepted, Heartbeat, Authorize Accepted,
// empty objects otherwise). Needs a build (node scripts/ensure.mjs).
import { fork, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};

if (args[0] === '--csms') await serveCsms();
else if (args.includes('--transactions')) await benchTransactions();
else await bench();

/** The CSMS side: a plain ws server, OCPP 2.0.1 and 1.6. */
async function serveCsms() {
  const { WebSocketServer } = await import('ws');
  const now = () => new Date().toISOString();
  const answers = {
    BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: 3600 }),
    Heartbeat: () => ({ currentTime: now() }),
    Authorize: (v16) => (v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } }),
    StartTransaction: () => ({ transactionId: Math.floor(Math.random() * 1e9), idTagInfo: { status: 'Accepted' } }),
  };
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    backlog: 4096,
    handleProtocols: (offered) => (offered.has('ocpp2.0.1') ? 'ocpp2.0.1' : offered.has('ocpp1.6') ? 'ocpp1.6' : false),
  });
  const probe = args.includes('--expect') ? probing(Number(flag('--expect')), Number(flag('--probe-rate', 20)), Number(flag('--probe-sec', 30)), Number(flag('--settle', 35))) : undefined;
  server.on('connection', (socket, request) => {
    const v16 = socket.protocol === 'ocpp1.6';
    const id = decodeURIComponent(request.url.split('/').pop());
    probe?.connected(id, socket);
    socket.on('close', () => probe?.closed(id, socket));
    socket.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame[0] !== 2) {
        probe?.response(frame);
        return;
      }
      const answer = answers[frame[2]];
      const payload = answer ? answer(v16) : {};
      probe?.call(id, frame[2], frame[3], payload);
      socket.send(JSON.stringify([3, frame[1], payload]));
    });
  });
  // forked by the bench: the port over IPC; run by hand: the URL on stdout
  server.on('listening', () => (process.send ? process.send({ port: server.address().port }) : console.log(`CSMS listening on ws://127.0.0.1:${server.address().port}/ocpp`)));
}

/**
 * The CSMS's side of --transactions: counts boots and transactions per
 * station; once all `expect` stations are booted and have started a
 * transaction and `settle` seconds more have passed (the meter values flowing),
 * sends GetVariables to random stations, `rate` per second for `seconds`, and reports the round trips to the bench over IPC.
 */
function probing(expect, rate, seconds, settle) {
  const sockets = new Map();
  const booted = new Set();
  const withTx = new Set();
  const open = new Map(); // station → its transactions under way
  const pending = new Map(); // message id → sent at
  const rtts = [];
  let meterValues = 0;
  let frames = 0;
  let steadyAt;
  let seq = 0;
  const tell = (message) => process.send?.(message);
  const began = performance.now();
  const openTx = (id, tx) => {
    withTx.add(id);
    if (!open.has(id)) open.set(id, new Set());
    open.get(id).add(tx);
    check();
  };
  const check = () => {
    if (steadyAt !== undefined || booted.size < expect || withTx.size < expect) return;
    steadyAt = performance.now();
    const inTransaction = [...open.values()].reduce((n, s) => n + s.size, 0);
    tell({ type: 'steady', sec: (steadyAt - began) / 1000, inTransaction });
    // the first periodic meter values come TxUpdatedInterval after a start: probe once they flow
    setTimeout(probe, settle * 1000);
  };
  const probe = () => {
    const probeAt = performance.now();
    meterValues = 0;
    frames = 0;
    const ids = [...sockets.keys()];
    const timer = setInterval(() => {
      const id = ids[Math.floor(Math.random() * ids.length)];
      const entry = sockets.get(id);
      if (!entry) return;
      const messageId = `probe-${++seq}`;
      const request = entry.v16
        ? [2, messageId, 'GetConfiguration', { key: ['HeartbeatInterval'] }]
        : [2, messageId, 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }];
      pending.set(messageId, performance.now());
      entry.socket.send(JSON.stringify(request));
    }, 1000 / rate);
    setTimeout(() => {
      clearInterval(timer);
      const windowSec = (performance.now() - probeAt) / 1000;
      const mv = meterValues;
      const fr = frames;
      // the stragglers get up to 10 s more; what has not answered by then timed out
      const report = () => {
        const sorted = [...rtts].sort((a, b) => a - b);
        const p = (q) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)] * 10) / 10 : null);
        tell({
          type: 'probed',
          sent: seq,
          answered: rtts.length,
          timedOut: pending.size,
          rttMs: { p50: p(50), p95: p(95), p99: p(99), max: p(100) },
          meterValuesPerSec: Math.round((mv / windowSec) * 10) / 10,
          framesInPerSec: Math.round(fr / windowSec),
        });
      };
      const waitedFrom = performance.now();
      const wait = setInterval(() => {
        if (pending.size > 0 && performance.now() - waitedFrom < 10_000) return;
        clearInterval(wait);
        report();
      }, 100);
    }, seconds * 1000);
  };
  return {
    connected: (id, socket) => sockets.set(id, { socket, v16: socket.protocol === 'ocpp1.6' }),
    closed: (id, socket) => sockets.get(id)?.socket === socket && sockets.delete(id),
    response(frame) {
      const at = pending.get(frame[1]);
      if (at === undefined) return;
      pending.delete(frame[1]);
      if (frame[0] === 3) rtts.push(performance.now() - at);
    },
    call(id, action, request, response) {
      frames++;
      if (action === 'BootNotification' && response.status === 'Accepted' && !booted.has(id)) {
        booted.add(id);
        if (booted.size === expect) tell({ type: 'booted', sec: (performance.now() - began) / 1000 });
        check();
      } else if (action === 'TransactionEvent') {
        const tx = request.transactionInfo?.transactionId;
        if (request.eventType === 'Started') openTx(id, tx);
        else if (request.eventType === 'Ended') open.get(id)?.delete(tx);
        if (request.triggerReason === 'MeterValuePeriodic') meterValues++;
      } else if (action === 'StartTransaction') openTx(id, response.transactionId);
      else if (action === 'StopTransaction') open.get(id)?.delete(request.transactionId);
      else if (action === 'MeterValues') meterValues++;
    },
  };
}

/** --transactions: the fleet CLI in back-to-back sessions, GetVariables round trips from the CSMS. */
async function benchTransactions() {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const stations = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  const workers = flag('--workers', '4');
  const ocppVersion = flag('--ocpp', '2.0.1');
  const ramp = flag('--ramp', '100');
  const evses = flag('--evses', '1');
  const durable = args.includes('--state');
  const timeout = Number(flag('--timeout', 900));
  const tmp = mkdtempSync(join(tmpdir(), 'ng9-bench-fleet-'));
  const scenarioFile = join(tmp, 'back-to-back.json');
  writeFileSync(
    scenarioFile,
    JSON.stringify({
      idTokens: ['BENCH-TAG'],
      sessions: [{ arrival: [1, 3], duration: [60, 120] }],
      variables: { 'SampledDataCtrlr.TxUpdatedInterval': 30 },
    }),
  );

  const csms = fork(fileURLToPath(import.meta.url), ['--csms', '--expect', String(stations), '--probe-rate', flag('--probe-rate', '20'), '--probe-sec', flag('--probe-sec', '30'), '--settle', flag('--settle', '35')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages = [];
  let wake;
  csms.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  const next = async (type, ms) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = messages.find((m) => m.type === type);
      if (found) return found;
      if (Date.now() > deadline) return undefined;
      await new Promise((r) => {
        wake = r;
        setTimeout(r, 1000);
      });
    }
  };
  const { port } = await next(undefined, 30_000); // its first message, the port, has no type
  const csmsUrl = `ws://127.0.0.1:${port}/ocpp`;

  const fleetArgs = ['sim', 'fleet', '--stations', String(stations), '--csms', csmsUrl, '--id-prefix', 'BENCH-', '--workers', workers, '--ramp', ramp, '--evses', evses, '--ocpp', ocppVersion, '--scenario', scenarioFile, '--json'];
  if (durable) fleetArgs.push('--state', join(tmp, 'state'));
  if (args.includes('--no-hibernate')) fleetArgs.push('--no-hibernate');
  const began = performance.now();
  const fleet = spawn(process.execPath, [join(root, 'bin/run.js'), ...fleetArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  fleet.stdout.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => fleet.on('exit', resolve));

  const booted = await next('booted', timeout * 1000);
  const steady = booted && (await next('steady', timeout * 1000 - (performance.now() - began)));
  const probed = steady && (await next('probed', (Number(flag('--settle', 35)) + Number(flag('--probe-sec', 30)) + 60) * 1000));
  fleet.kill('SIGINT');
  const code = await exited;
  csms.kill();
  rmSync(tmp, { recursive: true, force: true });
  let summary;
  try {
    summary = JSON.parse(out.trim().split('\n').at(-1));
  } catch {
    summary = undefined;
  }
  const sec = (v) => (v === undefined ? null : Math.round(v * 10) / 10);
  // the fleet's clock starts with its process (node and oclif start-up included); the CSMS's with its own
  const figures = {
    node: process.version,
    cores: availableParallelism(),
    stations,
    workers: summary?.workers ?? workers,
    ocppVersion,
    evses: Number(evses),
    state: durable ? 'durable (--state)' : 'in memory',
    ramp: Number(ramp),
    allBootedSec: sec(booted?.sec),
    allInTransactionSec: sec(steady?.sec),
    inTransactionAtProbe: steady?.inTransaction ?? null,
    getVariables: probed ? { sent: probed.sent, answered: probed.answered, timedOut: probed.timedOut, rttMs: probed.rttMs } : null,
    meterValuesPerSec: probed?.meterValuesPerSec ?? null,
    framesInPerSec: probed?.framesInPerSec ?? null,
    eventLoopLagMs: summary?.eventLoopLagMs ?? null,
    bootLatencyMs: summary?.bootLatencyMs ?? null,
    rssPerStationKiB: summary?.rssPerStationKiB ?? null,
    rssMiB: summary?.rssMiB ?? null,
    errors: summary?.errors ?? null,
    errorSamples: summary?.errorSamples ?? [],
    fleetExit: code,
  };
  if (args.includes('--json')) console.log(JSON.stringify(figures));
  else {
    const ms = (v) => (v === null || v === undefined ? '-' : `${v} ms`);
    console.log(`node ${figures.node}, ${figures.cores} cores; ${stations} stations (OCPP ${ocppVersion}, ${evses} EVSEs, ${figures.state}), ${figures.workers} worker thread(s), ramp ${ramp}/s`);
    console.log(`all booted ${booted ? `after ${figures.allBootedSec} s` : `— NOT within ${timeout} s`}; every station in a transaction ${steady ? `after ${figures.allInTransactionSec} s (${figures.inTransactionAtProbe} transactions under way)` : '— not reached'}`);
    if (probed) {
      const g = figures.getVariables;
      console.log(`GetVariables round trip (${g.answered}/${g.sent} answered, ${g.timedOut} timed out): p50 ${ms(g.rttMs.p50)}, p95 ${ms(g.rttMs.p95)}, p99 ${ms(g.rttMs.p99)}, max ${ms(g.rttMs.max)}`);
      console.log(`during it: ${figures.meterValuesPerSec} periodic meter values/s, ${figures.framesInPerSec} CALLs/s into the CSMS`);
    }
    if (summary) {
      console.log(`stations' event loop lag after the ramp p99 ${ms(summary.eventLoopLagMs.p99)}, max ${ms(summary.eventLoopLagMs.max)}; boot latency p50 ${ms(summary.bootLatencyMs.p50)}, p99 ${ms(summary.bootLatencyMs.p99)}`);
      console.log(`RSS ${summary.rssMiB} MiB, ${summary.rssPerStationKiB} KiB per station (growth, no GC); errors ${summary.errors}${summary.errorSamples.length ? `: ${summary.errorSamples.join(' | ')}` : ''}`);
    } else console.log(`the fleet printed no summary (exit ${code}): ${out.slice(-500)}`);
  }
  process.exit(0);
}

async function bench() {
  const stations = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  const ocppVersion = flag('--ocpp', '2.0.1');
  const ramp = Number(flag('--ramp', 800));
  const hibernate = !args.includes('--no-hibernate');
  if (typeof globalThis.gc !== 'function') {
    console.error('run with node --expose-gc bench/fleet.mjs');
    process.exit(2);
  }
  const gc = () => {
    globalThis.gc();
    globalThis.gc();
  };
  const kib = (bytes) => Math.round(bytes / 1024);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  const nodeStart = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStart.push(performance.now() - t);
  }
  nodeStart.sort((a, b) => a - b);

  const csms = fork(fileURLToPath(import.meta.url), ['--csms'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => csms.once('message', resolve));
  const csmsUrl = `ws://127.0.0.1:${port}/ocpp`;

  const { Station } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  const { Fleet } = await import(pathToFileURL(join(root, 'dist/fleet/fleet.js')).href);
  const workers = Number(flag('--workers', 0));
  // as `ng9 sim fleet`: every station's state in one database, in memory or (--state DIR) a file
  const stateDir = flag('--state');
  // one station first: the engine's modules, schemas and validators load once
  const warm = Station.open({ id: 'WARM-UP', ocppVersion });
  await warm.stop();
  gc();
  const before = process.memoryUsage();
  const perStation = (after) => ({
    rssPerStationKiB: Math.round((after.rss - before.rss) / 1024 / stations),
    // this thread's heap: the stations' unless they run in workers
    heapPerStationKiB: workers > 0 ? null : Math.round((after.heapUsed - before.heapUsed) / 1024 / stations),
    // the V8 heap's pages, used or not (young generation grown under load, old-space slack)
    heapTotalPerStationKiB: workers > 0 ? null : Math.round((after.heapTotal - before.heapTotal) / 1024 / stations),
    rssAfterMiB: Math.round(kib(after.rss) / 1024),
  });

  const began = performance.now();
  const cpuBefore = { process: process.cpuUsage(), thread: threadCpuMs() };
  const fleetOptions = { stations, csmsUrl, idPrefix: 'BENCH-', evses: 2, ocppVersion, ramp, stateDir, seed: 1, hibernate };
  let fleet;
  if (workers > 0) {
    const { WorkerFleet, WORKER_ENTRY } = await import(pathToFileURL(join(root, 'dist/fleet/pool.js')).href);
    fleet = new WorkerFleet(fleetOptions, workers, WORKER_ENTRY, 100); // counts every 100 ms: the boot time to a tenth
  } else fleet = new Fleet(fleetOptions);
  fleet.start();
  const timeout = Number(flag('--timeout', 300));
  let bootSec = null;
  while (performance.now() - began < timeout * 1000) {
    await sleep(50);
    if (fleet.counts().booted === stations) {
      bootSec = (performance.now() - began) / 1000;
      break;
    }
  }
  const counts = fleet.counts();
  // CPU from the start until all were booted, per station: the process's (its threads: V8's compiler
  // and collector helpers, the workers) and this thread's (Linux); the CSMS child is not counted
  const cpu = process.cpuUsage(cpuBefore.process);
  const threadMs = threadCpuMs();
  const cpuPerStationMs = {
    process: Math.round(((cpu.user + cpu.system) / 1000 / stations) * 1000) / 1000,
    mainThread: threadMs === undefined || cpuBefore.thread === undefined ? null : Math.round(((threadMs - cpuBefore.thread) / stations) * 1000) / 1000,
  };
  await sleep(2000); // the StatusNotifications etc. after the boot
  gc();
  const afterBoot = { hibernated: fleet.counts().hibernated, ...perStation(process.memoryUsage()) };
  let hibernated = null;
  if (hibernate) {
    for (let i = 0; i < 120 && fleet.counts().hibernated < stations; i++) await sleep(500);
    const asleep = fleet.counts().hibernated;
    await sleep(3000); // the fleet gives the memory of the stations gone to sleep back (fleet/memory.ts)
    gc();
    hibernated = { stations: asleep, ...perStation(process.memoryUsage()) };
    // and without a forced collection: what V8 gives back by itself after 15 s of an idle fleet
    await sleep(15_000);
    hibernated.atRestRssPerStationKiB = perStation(process.memoryUsage()).rssPerStationKiB;
  }
  // a worker fleet's boot latencies and error samples come with its figures, taken before it stops
  const workerFigures = workers > 0 ? await fleet.figures() : undefined;
  const latencies = (workerFigures?.bootLatencies ?? fleet.bootLatencies()).sort((a, b) => a - b);
  const p = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((q / 100) * latencies.length) - 1)]) : null);

  const figures = {
    node: process.version,
    cores: availableParallelism(),
    nodeStartupMs: Math.round(nodeStart[3] * 10) / 10,
    stations,
    ocppVersion,
    booted: counts.booted,
    errors: counts.errors,
    allBootedSec: bootSec === null ? null : Math.round(bootSec * 100) / 100,
    workers,
    bootLatencyMs: { p50: p(50), p95: p(95), p99: p(99) },
    cpuPerStationMs,
    afterBoot,
    hibernated,
    rssBeforeMiB: Math.round(kib(before.rss) / 1024),
  };
  if (args.includes('--json')) console.log(JSON.stringify(figures));
  else {
    const heap = (f) => (workers > 0 ? 'heaps in the worker threads' : `heap ${f.heapPerStationKiB} KiB used (${f.heapTotalPerStationKiB} KiB of heap pages)`);
    const mem = (f) => `RSS ${f.rssPerStationKiB} KiB per station, ${heap(f)}; process RSS ${figures.rssBeforeMiB} → ${f.rssAfterMiB} MiB`;
    console.log(`node ${figures.node}, ${figures.cores} cores; node -e 0 starts in ${figures.nodeStartupMs} ms (median of 7)`);
    console.log(`${stations} stations (OCPP ${ocppVersion}, ${stateDir ? `state in ${stateDir}/fleet.db` : 'in memory'}, ramp ${ramp}/s${workers > 0 ? `, ${workers} worker threads` : ''}${hibernate ? '' : ', no hibernation'}): ${counts.booted} booted${bootSec === null ? ` — NOT all within ${timeout} s` : ` in ${figures.allBootedSec} s`}; boot latency p50 ${figures.bootLatencyMs.p50} ms, p95 ${figures.bootLatencyMs.p95} ms, p99 ${figures.bootLatencyMs.p99} ms; errors ${counts.errors}`);
    console.log(`CPU until all booted: ${cpuPerStationMs.process} ms per station in the process${cpuPerStationMs.mainThread === null ? '' : `, ${cpuPerStationMs.mainThread} ms on its main thread`}`);
    console.log(`2 s after the boot, after GC (${afterBoot.hibernated} hibernated by then): ${mem(afterBoot)}`);
    if (hibernated) {
      console.log(`${hibernated.stations} hibernated, 3 s later, after GC: ${mem(hibernated)}`);
      console.log(`15 s later, no forced GC: RSS ${hibernated.atRestRssPerStationKiB} KiB per station`);
    }
  }
  const t = performance.now();
  const errorsSeen = () => workerFigures?.errorSamples ?? fleet.errorsSeen();
  await fleet.stop();
  if (!args.includes('--json')) console.log(`stopped all in ${((performance.now() - t) / 1000).toFixed(1)} s; errors ${fleet.counts().errors}${errorsSeen().length ? `: ${errorsSeen().join(' | ')}` : ''}`);
  csms.kill();
  process.exit(0);
}

/** This thread's CPU time in ms (Linux: /proc), or undefined. */
function threadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
  } catch {
    return undefined;
  }
}
