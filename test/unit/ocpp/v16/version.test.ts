import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/station/clock.js';
import { Station } from '../../../../src/station/station.js';

const opened: Station[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const open = (options: Parameters<typeof Station.open>[0]) => {
  const s = Station.open({ clock: new FakeClock('2026-03-01T10:00:00Z'), ...options });
  opened.push(s);
  return s;
};

describe('Which OCPP version a station speaks: the network profile wins, the CLI flag sets it', () => {
  it('1.6: --ocpp 1.6 with --csms writes OCPP16 into the slot-1 profile; without --ocpp the stored profile keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ng9-v16-version-'));
    dirs.push(dir);
    const first = open({ id: 'V1', stateDir: dir, csmsUrl: 'ws://127.0.0.1:9/ocpp', ocppVersion: '1.6' });
    expect(first.network.get(1)?.ocppVersion).toBe('OCPP16');
    expect(first.ocppVersion).toBe('1.6');
    expect(first.linkConfigFor(first.network.active()?.profile).version).toBe('1.6');
    await first.stop();
    opened.splice(0);

    const second = open({ id: 'V1', stateDir: dir, csmsUrl: 'ws://127.0.0.1:9/other' });
    expect(second.network.get(1)).toMatchObject({ ocppVersion: 'OCPP16', ocppCsmsUrl: 'ws://127.0.0.1:9/other' });
    expect(second.ocppVersion).toBe('1.6');
    await second.stop();
    opened.splice(0);

    // --ocpp without --csms does not overrule the profile: a warning says so.
    const third = open({ id: 'V1', stateDir: dir, ocppVersion: '2.0.1' });
    expect(third.ocppVersion).toBe('1.6');
    expect(third.log.recent(20).some((l) => l.level === 'WARN' && l.text.includes('the profile wins'))).toBe(true);
  });

  it('1.6: --ocpp 2.0.1 with --csms switches the profile back to OCPP20; no flag and no profile: 2.0.1', () => {
    const s = open({ id: 'V2', csmsUrl: 'ws://127.0.0.1:9/ocpp', ocppVersion: '2.0.1' });
    expect(s.network.get(1)?.ocppVersion).toBe('OCPP20');
    expect(s.ocppVersion).toBe('2.0.1');
    const bare = open({ id: 'V3' });
    expect(bare.ocppVersion).toBe('2.0.1');
    const asked = open({ id: 'V4', ocppVersion: '1.6' });
    expect(asked.ocppVersion).toBe('1.6');
  });

  it('1.6: a profile set to OCPP16 (network set … ocpp 1.6 / SetNetworkProfile) is the version of the next connection', () => {
    const s = open({ id: 'V5', csmsUrl: 'ws://127.0.0.1:9/ocpp' });
    expect(s.ocppVersion).toBe('2.0.1');
    s.network.useCsms('ws://127.0.0.1:9/ocpp', 'OCPP16');
    expect(s.ocppVersion).toBe('1.6');
    expect(s.linkConfigFor(s.network.active()?.profile).version).toBe('1.6');
  });
});
