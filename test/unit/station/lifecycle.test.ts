import { describe, expect, it } from 'vitest';
import { Lifecycle, type PowerDown } from '../../../src/station/lifecycle.js';
import type { BootReason } from '../../../src/station/provisioning/boot.js';

/** A life cycle over hooks that record what happens; power-downs wait until released. */
function recorded() {
  const seen: string[] = [];
  const pending: Array<() => void> = [];
  let hold = false;
  const life = new Lifecycle({
    powerUp: (reason: BootReason) => void seen.push(`up ${reason}`),
    powerDown: async (how: PowerDown) => {
      seen.push(`down ${how}`);
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    },
    release: () => void seen.push('release'),
  });
  return {
    life,
    seen,
    holdPowerDowns: () => (hold = true),
    releaseOne: () => pending.shift()?.(),
  };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('Lifecycle', () => {
  it('start → running; restart goes down and up with the reason; stop releases once', async () => {
    const { life, seen } = recorded();
    expect(life.state).toBe('stopped');
    life.start('PowerUp');
    expect(life.state).toBe('running');
    await life.restart('RemoteReset');
    expect(life.state).toBe('running');
    await Promise.all([life.stop(), life.stop()]);
    expect(life.state).toBe('closed');
    expect(seen).toEqual(['up PowerUp', 'down orderly', 'up RemoteReset', 'down halt', 'release']);
    expect(() => life.start('PowerUp')).toThrow(/closed/);
  });

  it('a stop during a restart: the restart finishes going down but does not come up; the store is released after it', async () => {
    const t = recorded();
    t.life.start('PowerUp');
    t.holdPowerDowns();
    const restart = t.life.restart('RemoteReset');
    await settle();
    expect(t.life.state).toBe('restarting');
    const stop = t.life.stop();
    expect(t.life.state).toBe('stopping');
    t.releaseOne(); // the stop's halt
    await settle();
    expect(t.seen).not.toContain('release'); // the restart's power-down is still under way
    t.releaseOne();
    await Promise.all([restart, stop]);
    expect(t.seen).toEqual(['up PowerUp', 'down orderly', 'down halt', 'release']);
    expect(t.life.state).toBe('closed');
  });

  it('two restarts at once run one after the other, never interleaved', async () => {
    const t = recorded();
    t.life.start('PowerUp');
    t.holdPowerDowns();
    const a = t.life.restart('RemoteReset');
    const b = t.life.restart('PowerUp', 'powerLoss');
    await settle();
    expect(t.seen).toEqual(['up PowerUp', 'down orderly']);
    t.releaseOne();
    await settle();
    t.releaseOne();
    await Promise.all([a, b]);
    expect(t.seen).toEqual(['up PowerUp', 'down orderly', 'up RemoteReset', 'down powerLoss', 'up PowerUp']);
  });

  it('a restart of a station that is not running does nothing (never started, or stopped)', async () => {
    const t = recorded();
    await t.life.restart('LocalReset');
    await t.life.stop();
    await t.life.restart('LocalReset');
    expect(t.seen).toEqual(['release']);
  });

  it('a power-down that fails still comes back up, and the next restart still runs', async () => {
    const seen: string[] = [];
    let fail = true;
    const life = new Lifecycle({
      powerUp: (r) => void seen.push(`up ${r}`),
      powerDown: async () => {
        if (fail) {
          fail = false;
          throw new Error('relay stuck');
        }
      },
      release: () => undefined,
    });
    life.start('PowerUp');
    await expect(life.restart('RemoteReset')).rejects.toThrow('relay stuck');
    await life.restart('LocalReset');
    expect(seen).toEqual(['up PowerUp', 'up RemoteReset', 'up LocalReset']);
    expect(life.state).toBe('running');
  });
});
