#!/usr/bin/env node
// Make the checkout ready to run, printing what it does (node builtins only):
// - `npm ci` (or `npm install` without a lockfile) when node_modules is
//   missing or older than package-lock.json;
// - `npm run build` when dist/ or oclif.manifest.json is missing, or a file
//   in src/ (or package.json / tsconfig) is newer than the last build.
//   Compiled files whose source is gone are removed first, so a deleted
//   command does not linger in dist/ and in the manifest.
//
//   node scripts/ensure.mjs [--build-only] [--quiet]
//
// Concurrent runs (parallel test workers) build once: a lock directory in
// node_modules serialises them, and each re-checks after taking it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const say = (text) => {
  if (!quiet) process.stderr.write(`ensure: ${text}\n`);
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const at = (...p) => join(root, ...p);
const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

function run(cmd, cmdArgs) {
  say(`running ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, {
    cwd: root,
    stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
    shell: process.platform === 'win32',
    // `oclif manifest` would otherwise look for a newer oclif on every build.
    env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
  });
  if (r.status !== 0) {
    process.stderr.write(`ensure: ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status || 1);
  }
}

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

/** Why node_modules must be installed, or undefined when it is fine. */
function installReason() {
  if (!existsSync(at('node_modules'))) return 'node_modules is missing';
  const lock = mtime(at('package-lock.json'));
  // npm rewrites node_modules/.package-lock.json on every install.
  const installed = mtime(at('node_modules', '.package-lock.json')) ?? mtime(at('node_modules'));
  if (lock !== undefined && installed !== undefined && installed < lock) return 'node_modules is older than package-lock.json';
  return undefined;
}

/** Why dist must be rebuilt, or undefined when it is fresh. */
function buildReason() {
  if (!existsSync(at('dist'))) return 'dist/ is missing';
  const built = mtime(at('oclif.manifest.json'));
  if (built === undefined) return 'oclif.manifest.json is missing';
  const inputs = [at('package.json'), at('tsconfig.json'), at('tsconfig.build.json'), at('rolldown.config.mjs'), at('scripts', 'oneshot-manifest.mjs'), ...walk(at('src'))];
  for (const file of inputs) {
    const m = mtime(file);
    if (m !== undefined && m > built) return `${relative(root, file)} is newer than the build`;
  }
  return undefined;
}

/** Remove dist/*.js (and maps) whose src/*.ts is gone. */
function removeOrphans() {
  for (const file of walk(at('dist'))) {
    const m = /^(.*)\.js(\.map)?$/.exec(relative(at('dist'), file));
    if (!m) continue;
    if (!existsSync(at('src', `${m[1]}.ts`)) && !existsSync(at('src', `${m[1]}.js`))) {
      say(`removing dist/${relative(at('dist'), file)} (its source is gone)`);
      rmSync(file, { force: true });
    }
  }
}

async function withLock(fn) {
  const lock = at('node_modules', '.ng9-build.lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const age = Date.now() - (mtime(lock) ?? Date.now());
      if (age > 10 * 60_000) {
        say('removing a stale build lock');
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

if (!args.has('--build-only')) {
  const why = installReason();
  if (why) {
    say(why);
    run(npm, [existsSync(at('package-lock.json')) ? 'ci' : 'install']);
  }
}

if (buildReason()) {
  await withLock(() => {
    const why = buildReason(); // another process may have built meanwhile
    if (!why) return;
    say(why);
    removeOrphans();
    run(npm, ['run', 'build', '--silent']);
  });
} else if (args.has('--verbose')) {
  say('dist/ is up to date');
}
