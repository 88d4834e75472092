#!/usr/bin/env node
// Artillery for packages/artillery-engine-ng9: its e2e test and local runs.
// Not a devDependency: artillery 2.0.34 is 468 packages, about 470 MB and a
// minute to install, and it needs Node >= 22.18 while `npm ci` must stay lean
// on Node 20. So it is installed on demand, once, into a cache folder
// (NG9_ARTILLERY_DIR, default <tmp>/ng9-artillery-<version>), with
// --ignore-scripts: the only install script in its tree downloads a
// Playwright browser, which the ng9 engine does not use.
//
//   node scripts/artillery.mjs                       install if needed, print where
//   node scripts/artillery.mjs run scenario.yml      install if needed, then `artillery run ...`
//
// ng9 and the engine are found through NODE_PATH: a folder in the cache, one
// per checkout, holding the links `ng9` → the checkout and
// `artillery-engine-ng9` → its packages/artillery-engine-ng9 (artilleryEnv()).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARTILLERY_VERSION = '2.0.34';
/** What artillery's own package.json asks for (engines.node). */
export const ARTILLERY_MIN_NODE = [22, 18];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const artilleryDir = process.env.NG9_ARTILLERY_DIR || join(tmpdir(), `ng9-artillery-${ARTILLERY_VERSION}`);
const bin = join(artilleryDir, 'node_modules', 'artillery', 'bin', 'run');
const modules = join(artilleryDir, 'links', createHash('sha256').update(root).digest('hex').slice(0, 16));

/** Why artillery cannot run on this Node, or undefined when it can. */
export function nodeTooOld(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  const [needMajor, needMinor] = ARTILLERY_MIN_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `artillery ${ARTILLERY_VERSION} needs Node >= ${needMajor}.${needMinor}, this is ${version}`;
}

/** Install artillery into the cache folder unless it is there; returns the path of its bin/run. */
export function ensureArtillery({ quiet = false } = {}) {
  const tooOld = nodeTooOld();
  if (tooOld) throw new Error(tooOld);
  if (!existsSync(bin)) {
    // Into a fresh folder renamed at the end: an interrupted install is never taken for a finished one.
    const partial = `${artilleryDir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    if (!quiet) process.stderr.write(`artillery: installing artillery@${ARTILLERY_VERSION} into ${artilleryDir} (about a minute, once)\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['install', '--prefix', partial, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `artillery@${ARTILLERY_VERSION}`], {
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(`npm install artillery@${ARTILLERY_VERSION} failed (exit ${r.status ?? r.signal})`);
    }
    if (existsSync(bin)) rmSync(partial, { recursive: true, force: true }); // another process finished first
    else renameSync(partial, artilleryDir);
  }
  mkdirSync(modules, { recursive: true });
  for (const [name, target] of [['ng9', root], ['artillery-engine-ng9', join(root, 'packages', 'artillery-engine-ng9')]]) {
    const link = join(modules, name);
    if (linkTarget(link) === target) continue;
    rmSync(link, { force: true });
    symlinkSync(target, link, 'dir');
  }
  return bin;
}

function linkTarget(path) {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Environment for running artillery with the ng9 engine of this checkout (no telemetry: runs are often offline). */
export function artilleryEnv(env = process.env) {
  return { ...env, NODE_PATH: env.NODE_PATH ? `${modules}:${env.NODE_PATH}` : modules, ARTILLERY_DISABLE_TELEMETRY: 'true' };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let run;
  try {
    run = ensureArtillery();
  } catch (err) {
    process.stderr.write(`artillery: ${err.message}\n`);
    process.exit(1);
  }
  if (process.argv.length <= 2) {
    process.stdout.write(`artillery ${ARTILLERY_VERSION}: ${run}\n`);
    process.exit(0);
  }
  const r = spawnSync(process.execPath, [run, ...process.argv.slice(2)], { stdio: 'inherit', env: artilleryEnv() });
  process.exit(r.status ?? 1);
}
