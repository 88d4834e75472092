import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockStateDir, StateLockedError } from '../../../src/station/store/lock.js';
import { Store } from '../../../src/station/store/store.js';

const dir = () => mkdtempSync(join(tmpdir(), 'ng9-lock-'));

describe('state folder lock (one station, one process)', () => {
  it('a second opener of the same state gets StateLockedError naming the holder; after close it may open', () => {
    const d = dir();
    const first = Store.open(join(d, 'station.db'));
    expect(() => Store.open(join(d, 'station.db'))).toThrow(StateLockedError);
    expect(() => Store.open(join(d, 'station.db'))).toThrow(new RegExp(`open in process ${process.pid}`));
    first.close();
    expect(existsSync(join(d, 'station.lock'))).toBe(false);
    Store.open(join(d, 'station.db')).close();
  });

  it('the lock of a process that died is taken over', () => {
    const d = dir();
    writeFileSync(join(d, 'station.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, command: 'ng9 console', since: '2026-01-01T00:00:00Z' }));
    const release = lockStateDir(d);
    release();
    expect(existsSync(join(d, 'station.lock'))).toBe(false);
  });
});
