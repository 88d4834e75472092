#!/usr/bin/env node
// How many stations one process holds: boots N idle ng9 stations (the library,
// dist/index.js, one database for all, one OCPP connection each) against a CSMS that
// answers at once, and prints the time until all are booted (BootNotification
// Accepted) and the RSS and heap per station after boot and a GC, next to the
// start-up of `node -e 0` and the core count.
//
//   node --expose-gc bench/fleet.mjs [stations=1000] [--ocpp 1.6] [--batch 100] [--json]
//   node bench/fleet.mjs --csms      # only the CSMS, for `ng9 sim fleet --csms <its url>`
//
// The CSMS is this same script in a child process (`--csms`), started by the
// bench: in the stations' process its thousands of server-side sockets would
// be counted against the stations. It answers every CALL with the minimal
// valid response (BootNotification Accepted, Heartbeat, Authorize Accepted,
// empty objects otherwise). Needs a build (node scripts/ensure.mjs).
import { fork, spawnSync } from 'node:child_process';
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
  server.on('connection', (socket) => {
    const v16 = socket.protocol === 'ocpp1.6';
    socket.on('message', (data) => {
      let frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        return;
      }
      if (frame[0] !== 2) return;
      const answer = answers[frame[2]];
      socket.send(JSON.stringify([3, frame[1], answer ? answer(v16) : {}]));
    });
  });
  // forked by the bench: the port over IPC; run by hand: the URL on stdout
  server.on('listening', () => (process.send ? process.send({ port: server.address().port }) : console.log(`CSMS listening on ws://127.0.0.1:${server.address().port}/ocpp`)));
}

async function bench() {
  const stations = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
  const ocppVersion = flag('--ocpp', '2.0.1');
  const batch = Number(flag('--batch', 100));
  if (typeof globalThis.gc !== 'function') {
    console.error('run with node --expose-gc bench/fleet.mjs');
    process.exit(2);
  }
  const gc = () => {
    globalThis.gc();
    globalThis.gc();
  };
  const kib = (bytes) => Math.round(bytes / 1024);

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

  const { Station, SharedDatabase } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  // as `ng9 sim fleet`: every station's state in one database, in memory or (--state DIR) a file
  const stateDir = flag('--state');
  const database = new SharedDatabase(stateDir ? join(stateDir, 'fleet.db') : ':memory:');
  // one station first: the engine's modules, schemas and validators load once
  const warm = Station.open({ id: 'WARM-UP', ocppVersion });
  await warm.stop();
  gc();
  const before = process.memoryUsage();

  const width = Math.max(4, String(stations).length);
  const fleet = [];
  let booted = 0;
  let errors = 0;
  const latencies = [];
  const began = performance.now();
  const allBooted = new Promise((resolve) => {
    const open = (from) => {
      for (let i = from; i < Math.min(stations, from + batch); i++) {
        const id = `BENCH-${String(i + 1).padStart(width, '0')}`;
        const station = Station.open({ id, csmsUrl, ocppVersion, store: database.station(id) });
        const startedAt = performance.now();
        let done = false;
        station.events.on((e) => {
          if (e.event === 'registration' && e.status === 'Accepted' && !done) {
            done = true;
            latencies.push(performance.now() - startedAt);
            if (++booted === stations) resolve();
          } else if (e.event === 'ocpp' && e.frame.startsWith('[4')) errors++;
        });
        station.start();
        fleet.push(station);
      }
      if (from + batch < stations) setImmediate(() => open(from + batch));
    };
    open(0);
  });
  const timeout = Number(flag('--timeout', 300));
  const timedOut = await Promise.race([allBooted.then(() => false), new Promise((r) => setTimeout(() => r(true), timeout * 1000).unref())]);
  const bootSec = (performance.now() - began) / 1000;
  await new Promise((r) => setTimeout(r, 2000)); // the StatusNotifications etc. after the boot
  gc();
  const after = process.memoryUsage();
  latencies.sort((a, b) => a - b);
  const p = (q) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((q / 100) * latencies.length) - 1)]) : null);

  const figures = {
    node: process.version,
    cores: availableParallelism(),
    nodeStartupMs: Math.round(nodeStart[3] * 10) / 10,
    stations,
    ocppVersion,
    booted,
    errors,
    allBootedSec: timedOut ? null : Math.round(bootSec * 100) / 100,
    bootLatencyMs: { p50: p(50), p95: p(95), p99: p(99) },
    rssPerStationKiB: Math.round((after.rss - before.rss) / 1024 / stations),
    heapPerStationKiB: Math.round((after.heapUsed - before.heapUsed) / 1024 / stations),
    externalPerStationKiB: Math.round((after.external - before.external) / 1024 / stations),
    rssBeforeMiB: Math.round(kib(before.rss) / 1024),
    rssAfterMiB: Math.round(kib(after.rss) / 1024),
  };
  if (args.includes('--json')) console.log(JSON.stringify(figures));
  else {
    console.log(`node ${figures.node}, ${figures.cores} cores; node -e 0 starts in ${figures.nodeStartupMs} ms (median of 7)`);
    console.log(`${stations} stations (OCPP ${ocppVersion}, ${stateDir ? `state in ${stateDir}/fleet.db` : "in memory"}): ${booted} booted${timedOut ? ` — NOT all within ${timeout} s` : ` in ${figures.allBootedSec} s`}; boot latency p50 ${figures.bootLatencyMs.p50} ms, p95 ${figures.bootLatencyMs.p95} ms, p99 ${figures.bootLatencyMs.p99} ms; CALLERRORs ${errors}`);
    console.log(`after boot and GC: RSS ${figures.rssPerStationKiB} KiB per station, heap ${figures.heapPerStationKiB} KiB, external ${figures.externalPerStationKiB} KiB (process RSS ${figures.rssBeforeMiB} → ${figures.rssAfterMiB} MiB)`);
  }
  const t = performance.now();
  await Promise.all(fleet.map((s) => s.stop()));
  if (!args.includes('--json')) console.log(`stopped all in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  csms.kill();
  process.exit(0);
}
