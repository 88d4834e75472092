#!/usr/bin/env node
// Where an idle fleet station's memory goes: boots N stations (as `ng9 sim
// fleet` does: one shared in-memory database, one OCPP connection each)
// against the CSMS of bench/fleet.mjs (a child process), then prints per
// station the RSS growth, and the JavaScript heap from two heap snapshots
// (before the stations, after boot and GC) by kind and by constructor. For
// the floor under it, the same for N bare `ws` client connections (no
// engine) in a second child process. --hibernated: the same for stations gone
// to sleep (Station.hibernate, each kept by a Sleeper as in the fleet), and
// how long a hibernate and a wake take.
//
//   node --expose-gc bench/fleet-heap.mjs [stations=1000] [--top 25] [--hibernated]
//   node --expose-gc bench/fleet-heap.mjs 10000 --bare-ws-only   # only the floor, at a scale a snapshot cannot take
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const count = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--top') ?? 1000);
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 25;
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc bench/fleet-heap.mjs');
  process.exit(2);
}
const gc = () => {
  globalThis.gc();
  globalThis.gc();
};
const kib = (bytes) => (bytes / 1024).toFixed(1);

async function startCsms() {
  const csms = fork(join(root, 'bench/fleet.mjs'), ['--csms'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => csms.once('message', resolve));
  return { csms, url: `ws://127.0.0.1:${port}/ocpp` };
}

/** Self sizes of the heap's objects, summed by kind and constructor. */
async function heapByKind() {
  gc();
  const chunks = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(chunk);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString());
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, self] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const sums = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = types[snapshot.nodes[i + type]];
    let label;
    if (kind === 'object') label = snapshot.strings[snapshot.nodes[i + name]];
    else if (kind.includes('string')) label = '(strings)';
    else if (kind === 'code') label = '(compiled code, feedback: grows while the engine warms up, not per station)';
    else if (kind === 'closure') label = '(functions: closures)';
    else if (kind === 'array') label = '(arrays: elements, Map/Set tables, properties)';
    else label = `(${kind})`;
    if (label === 'system / Context') label = '(closure contexts)';
    sums.set(label, (sums.get(label) ?? 0) + snapshot.nodes[i + self]);
  }
  return sums;
}

async function stations() {
  const { csms, url } = await startCsms();
  const { Station, SharedDatabase } = await import(pathToFileURL(join(root, 'dist/index.js')).href);
  const database = new SharedDatabase(':memory:');
  const warm = Station.open({ id: 'WARM-UP', store: database.station('WARM-UP') });
  await warm.stop();
  const before = await heapByKind();
  gc();
  const rssBefore = process.memoryUsage().rss;
  let booted = 0;
  const fleet = [];
  await new Promise((resolve) => {
    for (let i = 0; i < count; i++) {
      const id = `HEAP-${i + 1}`;
      const station = Station.open({ id, csmsUrl: url, store: database.station(id) });
      station.events.on((e) => {
        if (e.event === 'registration' && e.status === 'Accepted' && ++booted === count) resolve();
      });
      station.start();
      fleet.push(station);
    }
  });
  await new Promise((r) => setTimeout(r, 2000)); // the StatusNotifications after the boot
  let timing = '';
  if (args.includes('--hibernated')) {
    const { Sleeper } = await import(pathToFileURL(join(root, 'dist/fleet/hibernation.js')).href);
    const sleepers = [];
    const hibernateAll = () => {
      const t = performance.now();
      for (let i = 0; i < fleet.length; i++) {
        const h = fleet[i].hibernate();
        if (!h) throw new Error(`${fleet[i].id} is not idle`);
        sleepers[i] = new Sleeper(h, () => undefined);
      }
      return (performance.now() - t) / fleet.length;
    };
    const hibernateMs = hibernateAll();
    const t = performance.now();
    for (let i = 0; i < fleet.length; i++) fleet[i] = Station.wake(sleepers[i].end());
    const wakeMs = (performance.now() - t) / fleet.length;
    hibernateAll();
    fleet.length = 0;
    timing = `; a hibernate takes ${hibernateMs.toFixed(2)} ms, a wake ${wakeMs.toFixed(2)} ms (mean of ${count})`;
    globalThis.keep = sleepers;
    await new Promise((r) => setTimeout(r, 100)); // what the stations' power-down left to run (P1's stop)
    // as the fleet does once its stations have gone to sleep
    const { releaseMemory } = await import(pathToFileURL(join(root, 'dist/fleet/memory.js')).href);
    releaseMemory();
  }
  gc();
  const rss = (process.memoryUsage().rss - rssBefore) / count;
  const after = await heapByKind();
  csms.kill();
  const rows = [...after].map(([label, bytes]) => [label, (bytes - (before.get(label) ?? 0)) / count]).filter(([, b]) => b >= 1);
  return { rss, rows, timing };
}

async function bareWs() {
  const { csms, url } = await startCsms();
  const { default: WebSocket } = await import('ws');
  gc();
  const before = process.memoryUsage();
  const sockets = [];
  // 200 connecting at a time, as a fleet's ramp has them
  let next = 0;
  const connectNext = () =>
    new Promise((resolve) => {
      const i = next++;
      const ws = new WebSocket(`${url}/BARE-${i}`, ['ocpp2.0.1']);
      ws.on('open', () => ws.send(JSON.stringify([2, String(i), 'Heartbeat', {}])));
      ws.once('message', resolve);
      sockets.push(ws);
    }).then(() => (next < count ? connectNext() : undefined));
  await Promise.all(Array.from({ length: Math.min(200, count) }, connectNext));
  await new Promise((r) => setTimeout(r, 1000));
  gc();
  const after = process.memoryUsage();
  csms.kill();
  return { rss: (after.rss - before.rss) / count, heap: (after.heapUsed - before.heapUsed) / count };
}

if (args.includes('--bare-ws')) {
  process.send(await bareWs());
  process.exit(0);
}
if (args.includes('--bare-ws-only')) {
  const bare = await bareWs();
  console.log(`node ${process.version}: ${count} bare ws client connections (no engine): RSS ${kib(bare.rss)} KiB, heap ${kib(bare.heap)} KiB each`);
  process.exit(0);
}

const child = fork(fileURLToPath(import.meta.url), [String(count), '--bare-ws'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const bare = await new Promise((resolve) => child.once('message', resolve));
const { rss, rows, timing } = await stations();
const heap = rows.reduce((sum, [, b]) => sum + b, 0);
const warming = rows.filter(([label]) => label.startsWith('(compiled code')).reduce((sum, [, b]) => sum + b, 0);
console.log(`node ${process.version}, ${availableParallelism()} cores; ${count} idle stations, booted, one shared in-memory database${args.includes('--hibernated') ? ', hibernated' : ''}${timing}`);
console.log(`per station: RSS ${kib(rss)} KiB = JS heap ${kib(heap)} KiB (of it ${kib(warming)} KiB compiled code that does not grow with stations) + ${kib(rss - heap)} KiB outside the heap`);
console.log(`a bare ws client connection (no engine): RSS ${kib(bare.rss)} KiB, heap ${kib(bare.heap)} KiB`);
console.log(`\nJS heap per station, by kind and constructor (bytes):`);
for (const [label, bytes] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${String(Math.round(bytes)).padStart(8)}  ${label}`);
process.exit(0);
