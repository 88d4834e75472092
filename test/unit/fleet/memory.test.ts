import { describe, expect, it } from 'vitest';
import { ReleasePolicy } from '../../../src/fleet/memory.js';

describe('ReleasePolicy: when a fleet gives the memory of its sleeping stations back', () => {
  it('once a wave of hibernations is over and most of the fleet sleeps, not during the wave', () => {
    const policy = new ReleasePolicy(10_000);
    expect(policy.afterSweep(800, 800, 1_000)).toBe(false); // the wave is small yet
    expect(policy.afterSweep(4_000, 4_800, 2_000)).toBe(false); // under nine in ten asleep
    expect(policy.afterSweep(4_000, 8_800, 3_000)).toBe(false); // still going
    expect(policy.afterSweep(50, 8_850, 4_000)).toBe(false); // over, but under nine in ten asleep
    expect(policy.afterSweep(50, 9_000, 5_000)).toBe(true); // over
    expect(policy.afterSweep(0, 9_000, 6_000)).toBe(false); // released: a new wave first
  });

  it('at most once a minute', () => {
    const policy = new ReleasePolicy(1_000);
    expect(policy.afterSweep(900, 900, 0)).toBe(false);
    expect(policy.afterSweep(5, 905, 1_000)).toBe(true);
    expect(policy.afterSweep(900, 950, 30_000)).toBe(false);
    expect(policy.afterSweep(0, 950, 60_999)).toBe(false);
    expect(policy.afterSweep(0, 950, 61_000)).toBe(true);
  });

  it('a busy fleet whose stations sleep now and then between sessions is never paused', () => {
    const policy = new ReleasePolicy(10_000);
    for (let t = 0; t < 3_600_000; t += 1_000) expect(policy.afterSweep(30, 8_500, t)).toBe(false);
  });
});
