/**
 * `ng9 fw upload` end to end: a socat pty pair is the cable, `ng9 serve
 * --serial A` the charger, `ng9 fw upload <file> --port B` the technician.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, ng9Json, tempDir } from './helpers.js';
import { type PtyPair, socatInstalled, startPtyPair } from './socat.js';
import { fwiImage, manufacturerPki } from '../support/firmware.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!socatInstalled('test/e2e/fw-upload.test.ts'))('ng9 fw upload over a serial cable (socat pty pair)', () => {
  let socat: PtyPair | undefined;
  let serve: LongRunning;
  let a: string;
  let b: string;
  let state: string;
  let dir: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = tempDir('ng9-fw-pty-');
    a = join(dir, 'A');
    b = join(dir, 'B');
    state = tempDir();
    // the charger trusts the manufacturer's firmware signing root (L01)
    const rootFile = join(dir, 'manufacturer-root.pem');
    writeFileSync(rootFile, (await manufacturerPki()).root.pem);
    const trusted = await ng9(['cert', 'install', 'ManufacturerRootCertificate', rootFile, '--state', state, '--id', 'CP-FWUP', '--service-password', 'ng9service']);
    expect(trusted.code, trusted.stderr).toBe(0);
    socat = await startPtyPair(a, b);
    serve = new LongRunning(['serve', '--serial', a, '--state', state, '--id', 'CP-FWUP']);
    await serve.waitFor(/answering its console/);
  }, 300_000);

  afterAll(async () => {
    await serve?.stop();
    await socat?.stop();
    cleanupTemps();
  });

  /** The image the charger wrote for `image` (fw-<sha256 prefix>.fwi in its state folder). */
  const written = (image: Buffer) => readFileSync(join(state, 'CP-FWUP', 'fw', readdirSync(join(state, 'CP-FWUP', 'fw')).find((f) => f === `fw-${sha(image).slice(0, 12)}.fwi`)!));

  it('sends the image byte for byte; the answer of `fw install` is the result; the console answers afterwards', async () => {
    const image = randomBytes(200_000);
    const file = join(dir, 'image.fwi');
    writeFileSync(file, image);
    const r = await ng9(['fw', 'upload', file, '--port', b, '--json'], { timeoutMs: 60_000 });
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ bytes: 200_000, sent: 200_000, sha256: sha(image), answer: { ok: expect.any(Boolean) } });
    expect(out.rate).toBeGreaterThan(0);
    // `fw install` checks what arrived: random bytes are no FWI image, the running firmware stays
    expect(r.code).toBe(1);
    expect(out.answer.error.message).toMatch(/^InstallVerificationFailed: not an FWI image/);
    expect(sha(written(image))).toBe(sha(image));

    const version = await ng9Json(['version', '--port', b]);
    expect(version.code).toBe(0);
    expect(version.data).toMatchObject({ firmware: '6.0.0', stationId: 'CP-FWUP' });
  });

  it('a signed FWI: the charger checks it, installs it and reboots into it (fw shows the new firmware)', async () => {
    const image = await fwiImage({ firmware: '6.0.1' });
    const file = join(dir, 'ng9-6.0.1.fwi');
    writeFileSync(file, image);
    const r = await ng9(['fw', 'upload', file, '--port', b, '--json'], { timeoutMs: 60_000 });
    const out = JSON.parse(r.stdout);
    expect(r.code, r.stderr).toBe(0);
    expect(out.answer).toMatchObject({ ok: true, data: { pending: { origin: 'local', image: { kind: 'firmware', firmware: '6.0.1' } } } });
    // 4 s of flash writing, then the reboot
    let fw: any;
    for (let i = 0; i < 40; i++) {
      fw = await ng9Json(['fw', '--port', b]);
      if (fw.data?.firmware === '6.0.1') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(fw.data).toMatchObject({ firmware: '6.0.1', slot: 'B', trial: true, otherSlot: { firmware: '6.0.0' }, pending: { phase: 'Booted' } });
    expect((await ng9Json(['forcefirmwarepermanent', '--port', b])).data).toMatchObject({ firmware: '6.0.1', trial: false, pending: null });
  }, 60_000);

  it('a cable pulled in the middle: "cable pulled — waiting", then it resumes and completes', async () => {
    const image = randomBytes(384 * 1024);
    const file = join(dir, 'resume.fwi');
    writeFileSync(file, image);
    // 64 KiB/s: six seconds on the line, pulled after two
    const upload = ng9(['fw', 'upload', file, '--port', b, '--json', '--pace', '65536'], { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await socat!.stop();
    await serve.waitFor(/waiting for the cable/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    socat = await startPtyPair(a, b);
    const r = await upload;
    expect(r.stderr).toMatch(/cable pulled — waiting/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ bytes: 384 * 1024, reconnects: 1, sha256: sha(image) });
    expect(out.resumedAt[0]).toBeGreaterThan(0); // not from the start again
    expect(sha(written(image))).toBe(sha(image));
    expect((await ng9Json(['version', '--port', b])).code).toBe(0);
  }, 60_000);

  it('without a port it is a usage error', async () => {
    const r = await ng9(['fw', 'upload', join(dir, 'image.fwi')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port <path> or NG9_PORT/);
  });
});
