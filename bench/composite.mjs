#!/usr/bin/env node
// Time to compute a K08 composite schedule from 100 installed profiles (target < 1 ms).
//
//   npm run build && node bench/composite.mjs [runs=500]
//
// Imports the built engine from dist/ (NG9_DIST=<dir> to use another build).
// 100 profiles over 2 EVSEs and the station: a daily recurring
// ChargingStationMaxProfile with 24 periods, 60 TxDefaultProfiles (stack
// levels 0..8, validity windows, 6 periods each, A and W), 30 TxProfiles of
// the transaction on EVSE 1 (Relative), 9 external constraints in W.
// Prints the median time per composite for a 24 h schedule of EVSE 1 and of
// evse 0 (which computes every EVSE), and for one `limitAt`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.NG9_DIST ?? join(root, 'dist'));
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 500);

let composite;
try {
  composite = await import(pathToFileURL(join(dist, 'station/smartcharging/composite.js')).href);
} catch (err) {
  console.error(`cannot load ${dist}/station/smartcharging/composite.js — run 'npm run build' first (${err.message})`);
  process.exit(2);
}
const { compositeSchedule, limitAt } = composite;

const T0 = Date.parse('2026-03-01T10:00:00Z');
const iso = (s) => new Date(T0 + s * 1000).toISOString();
const profiles = [];
let id = 1;
const add = (evseId, profile, transactionId) =>
  profiles.push({ evseId, profile: { id: id++, ...profile }, source: 'CSO', valid: true, installedAt: T0, ...(transactionId ? { transactionId } : {}) });

add(0, {
  stackLevel: 0,
  chargingProfilePurpose: 'ChargingStationMaxProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: [{ id: 1, startSchedule: iso(-36_000), chargingRateUnit: 'A', chargingSchedulePeriod: Array.from({ length: 24 }, (_, h) => ({ startPeriod: h * 3600, limit: 40 + (h % 5) * 4 })) }],
});
for (let i = 0; i < 60; i++) {
  const unit = i % 3 === 0 ? 'W' : 'A';
  add(i % 3, {
    stackLevel: i % 9,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    validFrom: iso(i * 1200 - 3600),
    validTo: iso(i * 1200 + 6 * 3600),
    chargingSchedule: [{
      id: 1, startSchedule: iso(i * 1200 - 1800), duration: 4 * 3600, chargingRateUnit: unit,
      chargingSchedulePeriod: Array.from({ length: 6 }, (_, p) => ({ startPeriod: p * 1800, limit: unit === 'A' ? 6 + ((i + p) % 26) : 4000 + ((i * p) % 18) * 1000 })),
    }],
  });
}
for (let i = 0; i < 30; i++) {
  add(1, {
    stackLevel: i,
    chargingProfilePurpose: 'TxProfile',
    chargingProfileKind: 'Relative',
    transactionId: 'TX1',
    chargingSchedule: [{ id: 1, duration: 3600 + i * 600, chargingRateUnit: 'A', chargingSchedulePeriod: Array.from({ length: 4 }, (_, p) => ({ startPeriod: p * 900, limit: 8 + ((i + p) % 20) })) }],
  }, 'TX1');
}
for (let i = 0; i < 9; i++) {
  add(1 + (i % 2), {
    stackLevel: i,
    chargingProfilePurpose: 'ChargingStationExternalConstraints',
    chargingProfileKind: 'Absolute',
    chargingSchedule: [{ id: 1, startSchedule: iso(i * 5400), duration: 7200, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 9000 + i * 500 }, { startPeriod: 3600, limit: 7000 }] }],
  });
}

const ctx = {
  profiles,
  evses: [
    { id: 1, phases: 3, maxCurrentA: 32, transaction: { id: 'TX1', startedAt: T0 - 1_800_000 } },
    { id: 2, phases: 3, maxCurrentA: 32 },
  ],
  supplyVoltage: 230,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

function bench(label, fn) {
  for (let i = 0; i < 50; i++) fn(i);
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    out = fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const m = median(times);
  console.log(`${label.padEnd(42)} median ${fmt(m).padStart(8)}   p90 ${fmt([...times].sort((a, b) => a - b)[Math.floor(runs * 0.9)]).padStart(8)}   ${m < 1 ? 'OK (< 1 ms)' : 'SLOW (target < 1 ms)'}`);
  return out;
}

console.log(`${profiles.length} profiles, ${runs} runs each`);
const s1 = bench('composite EVSE 1, 24 h, A', (i) => compositeSchedule(ctx, { evseId: 1, start: T0 + i * 1000, durationS: 86_400, unit: 'A' }));
bench('composite EVSE 1, 24 h, W', (i) => compositeSchedule(ctx, { evseId: 1, start: T0 + i * 1000, durationS: 86_400, unit: 'W' }));
const s0 = bench('composite evse 0 (both EVSEs), 24 h, A', (i) => compositeSchedule(ctx, { evseId: 0, start: T0 + i * 1000, durationS: 86_400, unit: 'A' }));
bench('limitAt EVSE 1 (current offered now)', (i) => limitAt(ctx, 1, T0 + i * 1000));
console.log(`periods in the result: EVSE 1 ${s1.chargingSchedulePeriod.length}, evse 0 ${s0.chargingSchedulePeriod.length}`);
