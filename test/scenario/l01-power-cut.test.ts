/**
 * Release notes 3.1.1 and 7: power safety of a firmware install. The power
 * is cut at 50 random moments of installs (seeded); after each the station
 * must be in one of the documented states (docs/firmware.md), never a mix.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/station/clock.js';
import { BOOTLOADER_WRITE_MS, FIRMWARE_WRITE_MS } from '../../src/station/firmware/block.js';
import { acceptedScenario, runConsole, type Scenario } from '../support/scenario.js';
import { startFakeCsms } from '../support/fake-csms.js';
import { startHttpFileServer } from '../support/file-server.js';
import { detachedSignature, fwiImage, installManufacturerRoot, manufacturerPki } from '../support/firmware.js';
import { tempDir } from '../support/test-end.js';
import { waitFor } from '../support/wait.js';

/** A small seeded PRNG (mulberry32): the same 50 points on every run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = 'old' | 'new' | 'bootloader-only' | 'recovery';

describe('L01 power safety (release notes 3.1.1)', () => {
  it('a power cut at any of 50 points of firmware and minimal-firmware installs ends in a documented state; the failure is told after boot', async () => {
    const http = await startHttpFileServer();
    const { signer } = await manufacturerPki();
    const random = prng(6_000);
    const firmware = await fwiImage({ firmware: '6.0.9' });
    const minimal = await fwiImage({ kind: 'minimal', bootloader: '1.2.0', firmware: '6.0.0' });
    http.put('/fw.fwi', { bytes: firmware });
    http.put('/minimal.fwi', { bytes: minimal });
    const seen = new Map<Outcome, number>();
    for (let round = 0; round < 50; round++) {
      const legacy = round % 2 === 1;
      const image = legacy ? minimal : firmware;
      const clock = new FakeClock(new Date().toISOString());
      const csms = await startFakeCsms({ now: () => new Date(clock.now()) });
      const s = await acceptedScenario({ clock, csms, stateDir: tempDir('ng9-cut-'), legacy });
      await installManufacturerRoot(s);
      const mark = s.csms.mark();
      await s.csms.call('CS001', 'UpdateFirmware', {
        requestId: round,
        firmware: { location: `${http.url}${legacy ? '/minimal.fwi' : '/fw.fwi'}`, retrieveDateTime: new Date(s.clock.now()).toISOString(), signingCertificate: signer.pem, signature: detachedSignature(image, signer) },
      });
      await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'Installing', { after: mark });
      // anywhere in the writes, or in the trial boot before the CSMS accepted the new firmware
      const total = (legacy ? BOOTLOADER_WRITE_MS : 0) + FIRMWARE_WRITE_MS;
      const at = Math.floor(random() * (total + 1));
      await s.clock.advance(at);
      const phase = s.station.firmware.job?.phase ?? 'none';
      await s.station.restart('PowerUp', 'powerLoss');
      const outcome = classify(s);
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      const fw = await runConsole(s, 'fw');
      expect(fw.ok, `round ${round} (${phase} at ${at} ms)`).toBe(true);
      const v = fw.ok ? (fw.reply.data as any) : {};
      switch (outcome) {
        case 'recovery':
          expect(phase).toBe('WritingBootloader');
          expect(v.recovery).toBe(true);
          expect((await runConsole(s, 'status')).ok).toBe(false);
          break;
        case 'old':
        case 'bootloader-only': {
          // the firmware that ran before, and InstallationFailed once accepted
          expect(v.firmware).toBe(legacy ? '5.4.2' : '6.0.0');
          expect(v.bootloader).toBe(outcome === 'old' && legacy ? '0.1.6' : '1.2.0');
          expect(v.pending).toBeNull();
          await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'InstallationFailed' && p.requestId === round, { after: mark });
          break;
        }
        case 'new':
          expect(v.firmware).toBe(legacy ? '6.0.0' : '6.0.9');
          expect(v.bootloader).toBe('1.2.0');
          await s.csms.waitForCall('FirmwareStatusNotification', (p) => p.status === 'Installed' && p.requestId === round, { after: mark });
          break;
      }
      await s.end();
    }
    // the points fall in every phase of the writes
    expect(seen.get('old')).toBeGreaterThan(0);
    expect(seen.get('bootloader-only')).toBeGreaterThan(0);
    expect(seen.get('recovery')).toBeGreaterThan(0);
  }, 120_000);
});

function classify(s: Scenario): Outcome {
  const i = s.station.firmware.installed;
  if (i.recovery) return 'recovery';
  const running = s.station.firmwareVersion;
  if (running === '6.0.9' || (running === '6.0.0' && i.bootloader === '1.2.0' && i.slots[i.active] === '6.0.0' && i.active === 'B')) return 'new';
  if (i.bootloader === '1.2.0' && running === '5.4.2') return 'bootloader-only';
  return 'old';
}
