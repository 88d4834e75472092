/**
 * packages/artillery-engine-ng9 under a real `artillery run` (loopback)
 * against the strict fake CSMS: what the CSMS saw on the wire, and what
 * Artillery reported (`--output report.json`).
 *
 * Artillery 2.0.34 needs Node >= 22.18: on an older Node these tests are
 * skipped, saying so (CI runs the suite again on Node 24). Artillery is not a
 * devDependency; scripts/artillery.mjs installs it once into a cache folder
 * and points NODE_PATH at links to this checkout's ng9 and engine.
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artilleryEnv, ensureArtillery, nodeTooOld } from '../../scripts/artillery.mjs';
import { type FakeCsms, startFakeCsms } from '../support/fake-csms.js';
import { cleanupTemps, ROOT, runNode, tempDir } from './helpers.js';

afterAll(cleanupTemps);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report?: any;
}

/** `artillery run --output report.json` of a scenario written as JSON (YAML's superset). */
async function artillery(bin: string, script: object, timeoutMs = 90_000): Promise<Run> {
  const dir = tempDir('ng9-artillery-');
  const file = join(dir, 'scenario.json');
  const output = join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(script, null, 2));
  const run = await runNode([bin, 'run', '--output', output, file], { cwd: dir, env: artilleryEnv(), timeoutMs, what: 'artillery run' });
  let report: any;
  try {
    report = JSON.parse(readFileSync(output, 'utf8'));
  } catch {
    // no report: the run failed before writing one; the caller looks at the output
  }
  return { ...run, report };
}

function scenario(csms: FakeCsms, flow: unknown[], ng9: object = {}, config: object = {}) {
  return {
    config: {
      ...config,
      target: csms.url,
      phases: [{ duration: 1, arrivalCount: 5 }],
      engines: { ng9: {} },
      ng9: { evses: 1, ...ng9 },
    },
    scenarios: [{ name: 'charge once', engine: 'ng9', flow }],
  };
}

const tooOld = nodeTooOld();

// Each run starts Artillery (seconds of its own start-up on a busy machine): more than the default 20 s per test.
describe.skipIf(tooOld)(`artillery run, engine ng9${tooOld ? ` (skipped: ${tooOld})` : ''}`, { timeout: 120_000 }, () => {
  let bin: string;
  let csms: FakeCsms;
  beforeAll(async () => {
    bin = ensureArtillery();
    csms = await startFakeCsms();
  }, 300_000);
  afterAll(() => csms?.close());

  it('5 virtual users are 5 stations: boot, plug, swipe, wait, unplug; the CSMS sees each one charge, Artillery counts it', async () => {
    const flow = [{ boot: { timeout: 30 } }, { plug: 1 }, { swipe: 'TAG-0001 1' }, { wait: 2 }, { unplug: 1 }];
    const run = await artillery(bin, scenario(csms, flow, { idPrefix: 'ART-' }));
    expect(run.code, run.stderr + run.stdout).toBe(0);

    // the wire: 5 distinct stations, each booted, started and ended one transaction
    const boots = csms.calls.filter((c) => c.action === 'BootNotification');
    const ids = new Set(boots.map((c) => c.stationId));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^ART-[0-9a-f]{8}-\d+$/);
    const txEvents = (type: string) => csms.calls.filter((c) => c.action === 'TransactionEvent' && c.payload.eventType === type);
    expect(new Set(txEvents('Started').map((c) => c.stationId))).toEqual(ids);
    expect(txEvents('Ended').map((c) => c.stationId).sort()).toEqual([...ids].sort());
    expect(txEvents('Ended').every((c) => c.payload.transactionInfo.stoppedReason === 'EVDisconnected')).toBe(true);
    expect(csms.calls.some((c) => c.action === 'TransactionEvent' && c.payload.idToken?.idToken === 'TAG-0001')).toBe(true);
    for (const id of ids) await csms.waitForDisconnect(id);
    csms.assertNoViolations();

    // Artillery's report
    const { counters, summaries } = run.report.aggregate;
    expect(counters).toMatchObject({
      'vusers.created': 5,
      'vusers.completed': 5,
      'vusers.failed': 0,
      'ng9.booted': 5,
      'ng9.transactions_started': 5,
      'ng9.transactions_ended': 5,
    });
    expect(counters['ng9.ocpp_errors']).toBeUndefined();
    expect(Object.keys(counters).filter((k) => k.startsWith('errors.'))).toEqual([]);
    const frames = (direction: 'in' | 'out') => csms.frames.filter((f) => ids.has(f.stationId) && f.direction === direction).length;
    expect(counters['ng9.messages_sent']).toBe(frames('in'));
    expect(counters['ng9.messages_received']).toBe(frames('out'));
    expect(summaries['ng9.boot_latency'].count).toBe(5);
    expect(summaries['ng9.boot_latency'].min).toBeGreaterThan(0);
  });

  it('OCPP 1.6J stations (config.ng9.ocppVersion), a templated card, a console line: StartTransaction / StopTransaction on the wire', async () => {
    const flow = [{ boot: null }, { console: 'ev 1 soc 80' }, { plug: 1 }, { swipe: { idToken: '{{ card }}', evse: 1 } }, { wait: 1 }, { unplug: 1 }, 'stop'];
    const run = await artillery(bin, scenario(csms, flow, { idPrefix: 'V16-', ocppVersion: '1.6' }, { variables: { card: ['TAG-16'] } }));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const ids = new Set(csms.calls.filter((c) => c.stationId.startsWith('V16-')).map((c) => c.stationId));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(csms.protocolOf(id)).toBe('ocpp1.6');
    expect(csms.calls.filter((c) => c.action === 'StartTransaction' && ids.has(c.stationId)).map((c) => c.payload.idTag)).toEqual(Array(5).fill('TAG-16'));
    expect(csms.calls.filter((c) => c.action === 'StopTransaction' && ids.has(c.stationId))).toHaveLength(5);
    csms.assertNoViolations();
    expect(run.report.aggregate.counters).toMatchObject({ 'vusers.completed': 5, 'ng9.booted': 5, 'ng9.transactions_started': 5, 'ng9.transactions_ended': 5 });
  });

  it('a CSMS that rejects the BootNotification fails the boot step: errors.ng9.boot_rejected, vusers.failed', async () => {
    csms.handle('BootNotification', () => ({ status: 'Rejected', currentTime: new Date().toISOString(), interval: 300 }));
    try {
      const run = await artillery(bin, scenario(csms, [{ boot: null }, { plug: 1 }], { idPrefix: 'REJ-' }));
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.report.aggregate.counters).toMatchObject({ 'vusers.failed': 5, 'errors.ng9.boot_rejected': 5 });
      expect(run.report.aggregate.counters['ng9.booted']).toBeUndefined();
      expect(run.stderr + run.stdout).toMatch(/REJ-[0-9a-f]{8}-\d+: flow\[0\] boot: BootNotification Rejected by the CSMS/);
      expect(csms.calls.filter((c) => c.stationId.startsWith('REJ-') && c.action === 'StatusNotification')).toEqual([]);
    } finally {
      csms.resetHandler('BootNotification');
    }
  });

  it('a console line answered ERR fails its step: errors.ng9.console_error, the station stops', async () => {
    const run = await artillery(bin, scenario(csms, [{ boot: null }, { console: 'plug 9' }, { plug: 1 }], { idPrefix: 'ERR-' }));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.report.aggregate.counters).toMatchObject({ 'vusers.failed': 5, 'ng9.booted': 5, 'errors.ng9.console_error': 5 });
    expect(run.stderr + run.stdout).toMatch(/ERR-[0-9a-f]{8}-\d+: flow\[1\] console: 'plug 9': ERR BAD_ARGUMENT /);
    const ids = new Set(csms.calls.filter((c) => c.stationId.startsWith('ERR-')).map((c) => c.stationId));
    expect(ids.size).toBe(5);
    for (const id of ids) await csms.waitForDisconnect(id);
    // the step after the failed one never ran: no EVSE went Occupied
    expect(csms.calls.filter((c) => ids.has(c.stationId) && c.action === 'StatusNotification' && c.payload.connectorStatus === 'Occupied')).toEqual([]);
    csms.assertNoViolations();
  });

  it('an unknown step is refused before any station starts, naming the step and its index', async () => {
    const mark = csms.mark();
    const run = await artillery(bin, scenario(csms, [{ boot: null }, { plug: 1 }, { dance: 2 }]));
    expect(run.code).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/ng9 scenario "charge once", flow\[2\]: unknown step 'dance'; the steps are boot, plug, swipe/);
    expect(csms.calls.slice(mark)).toEqual([]);
  });
});

describe('artillery-engine-ng9 step lists (no Artillery needed)', () => {
  const Engine = createRequire(import.meta.url)(join(ROOT, 'packages', 'artillery-engine-ng9'));
  const compile = (flow: unknown[], config: object = { target: 'ws://127.0.0.1:1/ocpp' }) => () => new Engine({ config }, undefined, undefined).createScenario({ name: 's', flow }, undefined);

  it('a well-formed list compiles; templated arguments wait for the run', () => {
    expect(compile([{ boot: { timeout: 5 } }, { plug: 1 }, { swipe: { idToken: 'T1', evse: 2 } }, { swipe: '{{ card }}' }, { wait: 0.5 }, { console: 'status' }, { unplug: '{{ evse }}' }, 'stop', { log: 'done' }])).not.toThrow();
  });

  it.each([
    [[{ plug: 1 }, { dance: 2 }], /ng9 scenario "s", flow\[1\]: unknown step 'dance'; the steps are boot, plug/],
    [[{ plug: 0 }], /flow\[0\] plug: expected an EVSE number \(1, 2, \.\.\.\), got 0/],
    [[{ swipe: 'A B C' }], /flow\[0\] swipe: expected '<idToken> \[evse\]', got "A B C"/],
    [[{ swipe: 'x'.repeat(37) }], /flow\[0\] swipe: idToken must be 1\.\.36 characters/],
    [[{ wait: 'soon' }], /flow\[0\] wait: wait: expected seconds/],
    [[{ boot: { timout: 5 } }], /flow\[0\] boot: expected nothing or \{timeout: seconds\}/],
    [[{ plug: 1, unplug: 1 }], /flow\[0\]: a step is one key with its argument/],
    [['stop', { plug: 1 }], /flow\[1\]: 'plug' after 'stop'/],
  ])('%j is refused: %s', (flow, message) => {
    expect(compile(flow)).toThrow(message);
  });

  it('no CSMS URL: config.target or config.ng9.csmsUrl', () => {
    expect(compile([{ boot: null }], {})).toThrow(/no CSMS URL: set config.target \(or config.ng9.csmsUrl\)/);
  });
});
