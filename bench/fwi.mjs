#!/usr/bin/env node
// FWI compression: size saving and pack / unpack speed of deflate and brotli
// on a firmware-like 2 MiB image (target: brotli saves ≥ 35 %, the 6.0.0
// release notes' figure).
//
//   npm run build && node bench/fwi.mjs [runs=3] [--check] [--seed=N]
//
// Imports the built engine from dist/ (NG9_DIST=<dir> to use another build).
// --check exits 1 when brotli saves less than 35 %.
//
// The payload is deterministic (a mulberry32 PRNG, seed 6000, --seed=N for
// another) and laid out as a Cortex-M flash image is; per region, its share
// and what deflate / brotli (q9) save on it alone:
//   - vector table (4 KiB): handler addresses into the code;
//   - code (60 %; 36 / 41 %): functions built from 600 Thumb-2 idioms (load,
//     store, compare, branch, arithmetic sequences, fields drawn once), picked
//     with a skew as a compiler reuses patterns, each instruction's fields
//     drawn anew 30 % of the time (register allocation, struct offsets);
//     push/pop prologues and epilogues, BL calls to earlier functions, short
//     conditional branches, and after each function a literal pool of flash,
//     RAM and peripheral addresses;
//   - log strings (12 %; 73 / 75 %): format strings of a firmware's words,
//     identifiers and printf conversions, NUL-terminated, some 4-aligned;
//   - tables (6 %; 42 / 46 %): CRC-32 and CRC-16 tables, a sine table,
//     sensor calibration curves, 8x16 / 16x24 / 24x32 fonts, configuration
//     key records (name pointer, type, flags, default, min, max);
//   - unused flash (3 %): 0xFF, as are the gaps up to each region's 4 KiB
//     boundary;
//   - incompressible data (4 %): certificates, keys and already compressed
//     images, as uniform random bytes;
//   - menu texts (15 %; 59 / 60 %): five languages made of syllables, to the
//     end of the 2 MiB slot.
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.NG9_DIST ?? join(root, 'dist'));
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const check = args.includes('--check');
const seed = Number(args.find((a) => a.startsWith('--seed='))?.slice(7) ?? 6000);
const SIZE = 2 * 1024 * 1024;
const TARGET_SAVING = 35;

let fwi;
try {
  fwi = await import(pathToFileURL(join(dist, 'station/firmware/fwi.js')).href);
} catch (err) {
  console.error(`cannot load ${dist}/station/firmware/fwi.js — run 'npm run build' first (${err.message})`);
  process.exit(2);
}

// ---- a seeded PRNG --------------------------------------------------------

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(seed);
const int = (n) => Math.floor(rnd() * n);
/** 0..n-1, small values far more likely (how often a compiler reuses a pattern, a register). */
const skewed = (n, power = 2.2) => Math.floor(n * rnd() ** power);
const pick = (list) => list[int(list.length)];

// ---- the image being written ------------------------------------------------

const image = Buffer.alloc(SIZE, 0xff);
let pos = 0;
const FLASH = 0x0800_0000;
const u8 = (v) => {
  if (pos < SIZE) image[pos] = v & 0xff;
  pos++;
};
const u16 = (v) => {
  u8(v);
  u8(v >>> 8);
};
const u32 = (v) => {
  u16(v & 0xffff);
  u16(v >>> 16);
};
const align = (n, fill = 0x00) => {
  while (pos % n) u8(fill);
};
const padTo4k = () => {
  pos = Math.min(SIZE, Math.ceil(pos / 4096) * 4096); // 0xFF already there
};

// ---- Thumb-2-like code ------------------------------------------------------

const lowReg = () => skewed(8, 1.6);
const imm = (bits) => (rnd() < 0.7 ? skewed(Math.min(1 << bits, 32)) : int(1 << bits));
const ENCODERS = [
  () => [0x2000 | (lowReg() << 8) | imm(8)], // movs rd, #imm8
  () => [0x6800 | (imm(5) << 6) | (lowReg() << 3) | lowReg()], // ldr rt, [rn, #imm]
  () => [0x6000 | (imm(5) << 6) | (lowReg() << 3) | lowReg()], // str rt, [rn, #imm]
  () => [0x7800 | (imm(5) << 6) | (lowReg() << 3) | lowReg()], // ldrb
  () => [0x1c00 | (imm(3) << 6) | (lowReg() << 3) | lowReg()], // adds rd, rn, #imm3
  () => [0x2800 | (lowReg() << 8) | imm(8)], // cmp rn, #imm8
  () => [0x4600 | (lowReg() << 3) | lowReg()], // mov rd, rm
  () => [0x4800 | (lowReg() << 8) | imm(6)], // ldr rt, [pc, #imm] (literal pool)
  () => [0x4280 | (lowReg() << 3) | lowReg()], // cmp rn, rm
  () => [0x1800 | (lowReg() << 6) | (lowReg() << 3) | lowReg()], // adds rd, rn, rm
  () => [0x4000 | (skewed(16) << 6) | (lowReg() << 3) | lowReg()], // data processing
  () => [0xf8d0 | lowReg(), (lowReg() << 12) | (imm(12) & 0xffc)], // ldr.w rt, [rn, #imm12]
  () => [0xf8c0 | lowReg(), (lowReg() << 12) | (imm(12) & 0xffc)], // str.w
  () => [0xf040 | lowReg(), (lowReg() << 8) | imm(8)], // orr.w rd, rn, #imm
  () => [0xf020 | lowReg(), (lowReg() << 8) | imm(8)], // bic.w
  () => [0xe9cd, (lowReg() << 12) | (lowReg() << 8) | imm(8)], // strd rt, rt2, [sp, #imm]
  () => [0x9000 | (lowReg() << 8) | imm(8)], // str rt, [sp, #imm]
  () => [0x9800 | (lowReg() << 8) | imm(8)], // ldr rt, [sp, #imm]
];
const branch = () => [0xd000 | (pick([0, 1, 0, 1, 10, 11, 12, 13, 2, 3, 8]) << 8) | ((rnd() < 0.5 ? skewed(24) : 256 - 1 - skewed(24)) & 0xff)];
/**
 * The idioms: short sequences of instruction kinds with fields drawn once. A
 * use keeps each instruction as drawn or, with probability FRESH, draws its
 * fields anew (another register allocation, another struct offset).
 */
const FRESH = 0.3;
const IDIOMS = Array.from({ length: 600 }, () => {
  const n = 2 + skewed(7, 1.4);
  const kinds = [];
  for (let i = 0; i < n; i++) kinds.push(i === n - 1 && rnd() < 0.35 ? branch : pick(ENCODERS));
  return kinds.map((kind) => ({ kind, words: kind() }));
});
const useIdiom = (idiom) => idiom.flatMap(({ kind, words }) => (rnd() < FRESH ? kind() : words));
const PUSH = [0xb510, 0xb530, 0xb570, 0xb5f0, 0xb538, 0xb5f8, 0xe92d];
const functions = [];

function writeFunction() {
  align(2);
  const start = pos;
  functions.push(FLASH + start);
  const p = int(PUSH.length);
  if (PUSH[p] === 0xe92d) u32(0x4ff0e92d); // push.w {r4-r11, lr}
  else u16(PUSH[p]);
  const blocks = 2 + skewed(40, 1.8);
  let literals = 0;
  for (let b = 0; b < blocks; b++) {
    const words = useIdiom(IDIOMS[skewed(IDIOMS.length, 1.6)]);
    for (const w of words) u16(w);
    literals += words.filter((w) => (w & 0xf800) === 0x4800).length;
    if (rnd() < 0.3 && functions.length > 1) {
      // bl to an earlier function: a 32-bit pair whose fields are the offset
      const offset = (functions[functions.length - 1 - skewed(Math.min(functions.length - 1, 200))] - (FLASH + pos + 4)) >> 1;
      u16(0xf000 | ((offset >>> 11) & 0x7ff));
      u16(0xf800 | (offset & 0x7ff));
    }
  }
  if (PUSH[p] === 0xe92d) u32(0x8ff0e8bd); // pop.w {r4-r11, pc}
  else u16(PUSH[p] | 0x0800); // pop {…, pc}
  align(4, 0x00);
  for (let i = 0; i < Math.min(literals + skewed(3), 8); i++) {
    const r = rnd();
    if (r < 0.45) u32(FLASH + int(SIZE) & ~3); // a string or table in flash
    else if (r < 0.8) u32(0x2000_0000 + (skewed(0x20000) & ~3)); // a variable in RAM
    else u32(pick([0x4000_0000, 0x4000_4400, 0x4001_0800, 0x4002_1000, 0x4002_3800, 0xe000_e100]) + (skewed(64) << 2)); // a peripheral register
  }
  return pos - start;
}

// ---- strings ----------------------------------------------------------------

const WORDS = `ocpp connector evse transaction meter value status error failed timeout retry boot notification heartbeat
  authorize idtoken accepted rejected blocked expired invalid charging suspended available unavailable faulted
  reserved occupied preparing finishing relay contactor rcd pwm cp pp voltage current power energy phase
  temperature sensor overheat modem sim network wireless wired tls certificate signature firmware bootloader
  update download install verify reboot reset config key value profile schedule limit load balancing p1 meter
  smart telegram parse checksum websocket connect disconnect reconnect queue message call result security
  event log display screen language card nfc reader lock unlock cable plug unplug session start stop`.split(/\s+/).filter(Boolean);
const FORMATS = ['%d', '%u', '%s', '%08x', '%ld', '%.1f', '%d.%d.%d', '0x%x', '%lu ms', '%d W', '%d A', '%d V'];
const PREFIXES = ['', '', 'E: ', 'W: ', 'I: ', 'D: ', '[ocpp] ', '[evse%d] ', '[modem] ', '[p1] ', '[fw] '];
const SYLLABLES = 'la le de ver bin dung ge scha kop sta tion lei tung an aus ein strom zäh ler den fehl er war te char ge ment bor ne re cha rge co nec tor pu is san ce ca ble ri ca ri ca men to ten sio ne cor ren te ener gia la do wa nie gniaz do moc na pię cie prąd u ka rta ko rt ut tag kab el'.split(' ');
/** A word of another language: syllables, so the menus in five languages do not repeat the English ones. */
const foreignWord = () => Array.from({ length: 1 + skewed(4, 1) }, () => SYLLABLES[int(SYLLABLES.length)]).join('');
/** An identifier as the compiler keeps it (assert texts, __func__): words joined, seldom repeated whole. */
const identifier = () => Array.from({ length: 2 + int(3) }, () => WORDS[int(WORDS.length)]).join('_');

function writeText(text) {
  for (const c of Buffer.from(text, 'latin1')) u8(c);
  u8(0);
  if (rnd() < 0.25) align(4, 0x00);
}

function writeLogString() {
  const n = 2 + skewed(9, 1.3);
  const parts = [pick(PREFIXES)];
  if (rnd() < 0.3) parts.push(`${identifier()}:`);
  for (let i = 0; i < n; i++) parts.push(rnd() < 0.18 ? pick(FORMATS) : rnd() < 0.2 ? identifier() : WORDS[skewed(WORDS.length, 1.2)]);
  const text = parts.join(' ').replace(/^ /, '');
  writeText(`${text[0].toUpperCase()}${text.slice(1)}${rnd() < 0.4 ? '\r\n' : ''}`);
}

function writeMenuString() {
  const words = Array.from({ length: 1 + skewed(6, 1.2) }, () => (rnd() < 0.15 ? pick(FORMATS) : foreignWord()));
  writeText(words.join(' '));
}

// ---- tables -----------------------------------------------------------------

function writeTables() {
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    u32(c >>> 0);
  }
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
    u16(c & 0xffff);
  }
  for (let i = 0; i < 1024; i++) u16(Math.round(Math.sin((2 * Math.PI * i) / 1024) * 32767) & 0xffff);
  for (let curve = 0; curve < 96; curve++) {
    // sensor calibration: slowly rising values with noise in the low bits
    let v = int(4000);
    for (let i = 0; i < 256; i++) u16((v += skewed(40)) & 0xffff);
  }
  for (const [width, height, glyphs] of [
    [8, 16, 224],
    [16, 24, 224],
    [24, 32, 160],
  ]) {
    for (let g = 0; g < glyphs; g++) {
      // a glyph: a few horizontal and vertical strokes on a bitmap
      const rows = new Array(height).fill(0);
      for (let s = 0; s < 3 + int(5); s++) {
        if (rnd() < 0.5) {
          const from = int(width - 2);
          const span = 2 + int(width - from - 1);
          const row = 2 + int(height - 4);
          for (let r = row; r < row + 1 + int(height / 8); r++) rows[Math.min(r, height - 1)] |= ((2 ** span - 1) * 2 ** from) >>> 0;
        } else {
          const bit = 2 ** int(width);
          for (let r = 2 + int(height / 4); r < height - 2 - int(height / 4); r++) rows[r] = (rows[r] | bit) >>> 0;
        }
      }
      for (const r of rows) for (let b = 0; b < width / 8; b++) u8(r >>> (8 * b));
    }
  }
  for (let key = 0; key < 2000; key++) {
    u32(FLASH + 0x180000 + key * 48); // name
    u8(skewed(6)); // type
    u8(skewed(16)); // flags
    u16(skewed(64)); // component
    u32(rnd() < 0.6 ? skewed(100) : int(0x10000)); // default
    u32(rnd() < 0.5 ? 0 : skewed(3600)); // min
    u32(rnd() < 0.5 ? 0xffffffff : skewed(86400)); // max
  }
}

function writeRandom(bytes) {
  for (let i = 0; i < bytes; i++) u8(int(256));
}

// ---- the layout -------------------------------------------------------------

function buildImage() {
  // vector table: stack top, then handlers (filled in after the code exists)
  u32(0x2002_0000);
  const vectors = pos;
  pos += 127 * 4;
  padTo4k();
  while (pos < SIZE * 0.6) writeFunction();
  const saved = pos;
  pos = vectors;
  for (let i = 0; i < 127; i++) u32((rnd() < 0.6 ? functions[0] : pick(functions)) | 1);
  pos = saved;
  padTo4k();
  while (pos < SIZE * 0.72) writeLogString();
  padTo4k();
  writeTables();
  padTo4k();
  // unused flash before the resource area, erased
  pos += 64 * 1024;
  // certificates, keys, compressed images
  writeRandom(SIZE * 0.04);
  padTo4k();
  // the display texts in five languages, to the end of the slot
  while (pos < SIZE) writeMenuString();
  return { image: image.subarray(0, SIZE), layout: { functions: functions.length } };
}

// ---- measuring --------------------------------------------------------------

const { image: firmware, layout } = buildImage();
const counts = new Map();
for (const b of firmware) counts.set(b, (counts.get(b) ?? 0) + 1);
const entropy = -[...counts.values()].reduce((s, c) => s + (c / firmware.length) * Math.log2(c / firmware.length), 0);
console.log(`payload: ${(firmware.length / 1048576).toFixed(2)} MiB firmware-like image (seed ${seed}, ${layout.functions} functions, order-0 entropy ${entropy.toFixed(2)} bits/byte)`);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (bytes, ms) => ((bytes / 1e6) / (ms / 1000)).toFixed(1);

let brotliSaving = 0;
console.log('compression  packed size     saving   pack MB/s  unpack MB/s');
for (const compression of ['none', 'deflate', 'brotli']) {
  const input = { kind: 'firmware', sections: [{ name: 'firmware', version: '6.0.0', data: firmware, compression }] };
  const packTimes = [];
  const unpackTimes = [];
  let bytes;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    bytes = fwi.packFwi(input);
    packTimes.push(performance.now() - t);
    t = performance.now();
    const back = fwi.unpackSection(bytes, 'firmware');
    unpackTimes.push(performance.now() - t);
    if (!back.equals(firmware)) throw new Error(`${compression}: the unpacked section differs`);
  }
  const saving = (1 - bytes.length / firmware.length) * 100;
  if (compression === 'brotli') brotliSaving = saving;
  console.log(
    `${compression.padEnd(11)}  ${String(bytes.length).padStart(9)} B  ${saving.toFixed(1).padStart(7)} %  ${mbps(firmware.length, median(packTimes)).padStart(9)}  ${mbps(firmware.length, median(unpackTimes)).padStart(11)}`,
  );
}
console.log(`(whole .fwi file against the unpacked payload; MB/s of unpacked bytes, median of ${runs} runs; brotli target ≥ ${TARGET_SAVING} %: ${brotliSaving >= TARGET_SAVING ? 'met' : 'NOT met'})`);
if (check && brotliSaving < TARGET_SAVING) process.exit(1);
