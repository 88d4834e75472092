import { describe, expect, it } from 'vitest';
import { rampBar } from '../../../src/fleet/ramp-bar.js';
import { countsLine } from '../../../src/fleet/stats.js';

describe("the ramp's progress bar", () => {
  it('fills with the stations started, full only when all are', () => {
    expect(rampBar(0, 10_000, 10)).toBe('[░░░░░░░░░░] 0/10000');
    expect(rampBar(812, 10_000, 10)).toBe('[░░░░░░░░░░] 812/10000');
    expect(rampBar(1000, 10_000, 10)).toBe('[█░░░░░░░░░] 1000/10000');
    expect(rampBar(5000, 10_000, 20)).toBe('[██████████░░░░░░░░░░] 5000/10000');
    expect(rampBar(9999, 10_000, 10)).toBe('[█████████░] 9999/10000');
    expect(rampBar(10_000, 10_000, 10)).toBe('[██████████] 10000/10000');
  });

  it('a width below one cell still draws one; no stations: full', () => {
    expect(rampBar(1, 2, 0)).toBe('[░] 1/2');
    expect(rampBar(0, 0, 4)).toBe('[████] 0/0');
  });
});

describe('the live line during the ramp', () => {
  const ramping = { stations: 2500, started: 1250, booted: 1200, connected: 1210, inTransaction: 3, hibernated: 0, sent: 0, received: 0, errors: 0 };

  it('on a terminal: a bar of the given width', () => {
    expect(countsLine(ramping, 250, 10)).toBe('booted 1200/2500  connected 1210  in transaction 3  msg/s 250  errors 0  starting [█████░░░░░] 1250/2500');
  });

  it('not a terminal (no width): the plain count, no bar', () => {
    expect(countsLine(ramping, 250)).toBe('booted 1200/2500  connected 1210  in transaction 3  msg/s 250  errors 0  (starting 1250/2500)');
  });

  it('once all have started: neither', () => {
    expect(countsLine({ ...ramping, started: 2500 }, 250, 10)).toBe('booted 1200/2500  connected 1210  in transaction 3  msg/s 250  errors 0');
  });
});
