#!/usr/bin/env node
// Start-up of `ng9 version` against `node -e 0` (target: ratio <= 2).
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

function time(cmd, cmdArgs) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8' });
  const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) {
    console.error(`${cmd} ${cmdArgs.join(' ')} failed (${r.status}):\n${r.stderr}`);
    process.exit(2);
  }
  return elapsed;
}

const ng9 = ['bin/run.js', 'version', '--state', state];
const ng9Oclif = ['bin/run.js', 'version', '--state', state, '--ocpp', '2.0.1']; // a flag the fast path leaves to oclif
time(process.execPath, ng9); // first run creates the station's store: not measured

const node0 = [];
const version = [];
const versionOclif = [];
for (let i = 0; i < runs; i++) {
  node0.push(time(process.execPath, ['-e', '0']));
  version.push(time(process.execPath, ng9));
  versionOclif.push(time(process.execPath, ng9Oclif));
}
const base = median(node0);
const v = median(version);
const vo = median(versionOclif);
const ratio = v / base;

console.log(`runs: ${runs} each, alternating (node ${process.version}, ${process.platform}-${process.arch})`);
console.log(`node -e 0                          ${ms(base)}`);
console.log(`ng9 version                        ${ms(v)}   ratio ${ratio.toFixed(2)}  (target <= 2)`);
console.log(`ng9 version --ocpp 2.0.1 (oclif)   ${ms(vo)}   ratio ${(vo / base).toFixed(2)}`);

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
console.log('  oclif path only (every command except plain `ng9 version`):');
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
  console.error(`start-up ratio ${ratio.toFixed(2)} is above 2`);
  process.exit(1);
}
