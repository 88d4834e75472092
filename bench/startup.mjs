#!/usr/bin/env node
// Start-up of every one-shot command against `node -e 0` (target: ratio <= 2),
// on the embedded station and, when socat is installed, over a serial cable.
//
//   node bench/startup.mjs [runs=15] [--check]
//
// Runs both alternately, prints the medians and the ratio, then a breakdown
// measured inside one process: what oclif costs (import, config load: the
// path every command but plain `version` takes) and what the version line
// itself costs (engine import, opening the store, the interpreter).
// --check exits 1 when the ratio is above 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 15);
const check = args.includes('--check');
const state = mkdtempSync(join(tmpdir(), 'ng9-bench-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

// network settings need the service login: a fresh station's password
const env = { ...process.env, NG9_SERVICE_PASSWORD: 'ng9service' };

function time(cmd, cmdArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', env });
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) {
    console.error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
    process.exit(2);
  }
  return elapsed;
}

const at = ['--state', state];
// Every one-shot console line a technician or a script uses, embedded (the
// station opened in the process, as without a running console).
const embedded = [
  ['version'],
  ['status'],
  ['network'],
  ['network', 'set', '3', 'Wired0', 'ws://127.0.0.1:9/ocpp'],
  ['reasons'],
  ['reasons', 'start', '0x18'],
  ['masterpass', 'POLICE'],
  ['config', 'get', 'OCPPCommCtrlr.HeartbeatInterval'],
  ['config', 'set', 'OCPPCommCtrlr.HeartbeatInterval', '300'],
  ['od', 'get', '2191_01'],
  ['p1'],
  ['tx'],
  ['queue'],
  ['lb'],
  ['log', '5'],
  ['plug', '1'],
  ['unplug', '1'],
].map((words) => ({ name: words.join(' '), args: ['bin/run.js', ...words, ...at] }));
const oclifOnly = { name: 'version --ocpp 2.0.1 (oclif)', args: ['bin/run.js', 'version', ...at, '--ocpp', '2.0.1'] };
time(process.execPath, embedded[0].args); // the first run creates the station's store: not measured

/** Median wall time of each command, all run alternately with `node -e 0`. */
function measure(commands) {
  const base = [];
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    base.push(time(process.execPath, ['-e', '0']));
    commands.forEach((c, k) => times[k].push(time(process.execPath, c.args)));
  }
  return { base: median(base), medians: times.map(median) };
}

function report(title, commands, result) {
  console.log(`\n${title}`);
  console.log(`  ${'node -e 0'.padEnd(44)} ${ms(result.base)}`);
  commands.forEach((c, k) => console.log(`  ${`ng9 ${c.name}`.padEnd(44)} ${ms(result.medians[k])}   ratio ${(result.medians[k] / result.base).toFixed(2)}`));
}

console.log(`runs: ${runs} each, alternating (node ${process.version}, ${process.platform}-${process.arch})`);
const local = measure([...embedded, oclifOnly]);
report('embedded station (target: every one-shot <= 2x node -e 0)', [...embedded, oclifOnly], local);
let worst = Math.max(...local.medians.slice(0, embedded.length)) / local.base;

// Over a serial cable: a socat pty pair with `ng9 serve` on the far end.
const socat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
if (socat) {
  const { spawn } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const a = join(state, 'ttyA');
  const b = join(state, 'ttyB');
  const pty = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  while (!existsSync(a) || !existsSync(b)) await new Promise((r) => setTimeout(r, 20));
  const serve = spawn(process.execPath, ['bin/run.js', 'serve', '--serial', a, '--state', join(state, 'charger')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => serve.stdout.on('data', (d) => /answering its console/.test(String(d)) && resolve()));
  const remote = [['version'], ['status'], ['network'], ['config', 'get', 'OCPPCommCtrlr.HeartbeatInterval'], ['masterpass', 'POLICE'], ['plug', '1']].map((words) => ({
    name: `${words.join(' ')} --port`,
    args: ['bin/run.js', ...words, '--port', b],
  }));
  const r = measure(remote);
  report('a charger on a serial cable (socat pty, ng9 serve on the far end)', remote, r);
  worst = Math.max(worst, ...r.medians.map((m) => m / r.base));
  serve.kill('SIGINT');
  await new Promise((resolve) => serve.once('exit', resolve));
  pty.kill();
} else {
  console.log('\n(socat not installed: the serial cable figures are left out)');
}
const ratio = worst;
console.log(`\nworst one-shot ratio: ${ratio.toFixed(2)} (target <= 2)`);

// Breakdown, in one fresh process per sample (module caches cold), median of 5.
const probe = `
const lap = async (fn) => { const t = performance.now(); const r = await fn(); return [performance.now() - t, r]; };
const out = {};
const dist = ${JSON.stringify(pathToFileURL(join(root, 'dist')).href)};
[out.oclifImport, ] = await lap(() => import('@oclif/core'));
const core = await import('@oclif/core');
[out.oclifConfig, ] = await lap(() => core.Config.load({ root: ${JSON.stringify(root)} }));
[out.commandModule, ] = await lap(() => import(dist + '/commands/version.js'));
[out.engineImport, ] = await lap(() => import(dist + '/station/station.js'));
const { InProcessTarget } = await import(dist + '/cli/in-process-target.js');
const { stationSpec } = await import(dist + '/cli/state-dir.js');
const [open, target] = await lap(() => InProcessTarget.open(stationSpec({ id: 'NG9-0001', state: ${JSON.stringify(state)} })));
out.stationOpen = open;
[out.versionLine, ] = await lap(() => target.request('version'));
[out.close, ] = await lap(() => target.close());
process.stdout.write(JSON.stringify(out));
`;
const samples = [];
for (let i = 0; i < 5; i++) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`breakdown probe failed:\n${r.stderr}`);
    process.exit(2);
  }
  samples.push(JSON.parse(r.stdout));
}
const part = (key) => median(samples.map((s) => s[key]));
console.log('\nbreakdown (median of 5, in-process):');
console.log('  oclif path only (console, serve, run, a command with its own flags):');
console.log(`    import @oclif/core               ${ms(part('oclifImport'))}`);
console.log(`    Config.load (manifest, package)  ${ms(part('oclifConfig'))}`);
console.log(`    import dist/commands/version.js  ${ms(part('commandModule'))}`);
console.log('  the version line (both paths):');
console.log(`    import the engine (station.js)   ${ms(part('engineImport'))}`);
console.log(`    open the station (SQLite store)  ${ms(part('stationOpen'))}`);
console.log(`    request 'version' (interpreter)  ${ms(part('versionLine'))}`);
console.log(`    close                            ${ms(part('close'))}`);

rmSync(state, { recursive: true, force: true });
if (check && ratio > 2) {
  console.error(`worst start-up ratio ${ratio.toFixed(2)} is above 2`);
  process.exit(1);
}
