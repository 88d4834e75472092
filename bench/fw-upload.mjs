#!/usr/bin/env node
// How much of a 115200 baud line `ng9 fw upload` turns into image bytes
// (target: >= 80 %; base64 over the text console could not pass 75 %).
//
//   node bench/fw-upload.mjs [KiB=256] [--check]
//
// A socat pty pair is the cable, `ng9 serve --serial` the charger. A pty has
// no baud rate, so the sender emulates the line: it never writes faster than
// 115200 baud 8N1 carries (11520 bytes/s, `--pace`). The time is the whole
// upload as the technician sees it: handshake, frames, acknowledgements, the
// charger's answer to `fw install`. --check exits 1 below 80 %.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'run.js');
const args = process.argv.slice(2);
const kib = Number(args.find((a) => /^\d+$/.test(a)) ?? 256);
const check = args.includes('--check');
const LINE_RATE = 115200 / 10; // 8N1: ten bits a byte

if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).status !== 0) {
  console.error('bench/fw-upload.mjs needs socat (apt-get install -y socat)');
  process.exit(2);
}
spawnSync(process.execPath, [join(root, 'scripts', 'ensure.mjs'), '--build-only'], { stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'ng9-bench-fw-'));
const a = join(dir, 'A');
const b = join(dir, 'B');
const env = { ...process.env, NO_COLOR: '1', XDG_DATA_HOME: dir };
const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
const serve = spawn(process.execPath, [bin, 'serve', '--serial', a, '--state', join(dir, 'state'), '--id', 'CP-BENCH'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
const stop = () => {
  serve.kill('SIGINT');
  socat.kill('SIGTERM');
};

try {
  let out = '';
  serve.stdout.on('data', (d) => (out += d));
  const deadline = Date.now() + 15_000;
  while (!/answering its console/.test(out) || !existsSync(b)) {
    if (Date.now() > deadline) throw new Error(`ng9 serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const file = join(dir, 'bench.fwi');
  writeFileSync(file, randomBytes(kib * 1024));
  const started = Date.now();
  const upload = spawnSync(process.execPath, [bin, 'fw', 'upload', file, '--port', b, '--json', '--pace', String(LINE_RATE)], { env, encoding: 'utf8', timeout: 120_000 });
  const wall = (Date.now() - started) / 1000;
  const result = JSON.parse(upload.stdout);
  const rate = result.sent / result.seconds;
  const percent = (100 * rate) / LINE_RATE;
  console.log(`image        ${kib} KiB (${result.bytes} bytes), resent frames ${result.resent}`);
  console.log(`upload       ${result.seconds.toFixed(2)} s (process ${wall.toFixed(2)} s with node's start-up)`);
  console.log(`line         115200 baud 8N1 = ${LINE_RATE} bytes/s`);
  console.log(`image rate   ${rate.toFixed(0)} bytes/s = ${percent.toFixed(1)} % of the line (target >= 80 %)`);
  console.log(`answer       ${JSON.stringify(result.answer)}`);
  if (check && percent < 80) process.exitCode = 1;
} finally {
  stop();
  await new Promise((r) => setTimeout(r, 300));
  rmSync(dir, { recursive: true, force: true });
}
