import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock, SystemClock, parseDuration, settle } from '../../../src/station/clock.js';

describe('FakeClock', () => {
  it('fires timers in due order while advancing, and not before', async () => {
    const clock = new FakeClock('2026-01-01T00:00:00Z');
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@2000'), 2000);
    clock.setTimeout(() => fired.push('a@1000'), 1000);
    const c = clock.setTimeout(() => fired.push('cancelled'), 1500);
    clock.clearTimeout(c);
    await clock.advance(999);
    expect(fired).toEqual([]);
    await clock.advance(1001);
    expect(fired).toEqual(['a@1000', 'b@2000']);
    expect(clock.now()).toBe(Date.parse('2026-01-01T00:00:02Z'));
  });

  it('lets a timer schedule the next one within the same advance (a 10-hour schedule in one call)', async () => {
    const clock = new FakeClock();
    let beats = 0;
    const beat = () => {
      beats++;
      clock.setTimeout(beat, 300_000);
    };
    clock.setTimeout(beat, 300_000);
    await clock.advance(10 * 3_600_000);
    expect(beats).toBe(120);
  });

  it('setting the wall time does not move timers', async () => {
    const clock = new FakeClock('2026-01-01T00:00:00Z');
    let fired = false;
    clock.setTimeout(() => (fired = true), 60_000);
    clock.setTime(Date.parse('2030-06-01T12:00:00Z'));
    await clock.advance(59_999);
    expect(fired).toBe(false);
    await clock.advance(1);
    expect(fired).toBe(true);
    expect(new Date(clock.now()).toISOString()).toBe('2030-06-01T12:01:00.000Z');
  });
});

describe('SystemClock', () => {
  it('advance jumps wall and monotonic time and fires what fell due', async () => {
    const clock = new SystemClock();
    const before = clock.now();
    let fired = 0;
    clock.setTimeout(() => fired++, 3_600_000);
    const later = clock.setTimeout(() => fired++, 10 * 3_600_000);
    await clock.advance(2 * 3_600_000);
    expect(fired).toBe(1);
    expect(clock.now() - before).toBeGreaterThanOrEqual(2 * 3_600_000);
    expect(clock.pending).toBe(1);
    clock.clearTimeout(later);
    expect(clock.pending).toBe(0);
  });

  describe('on real time', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const fakeNodeTime = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });

    it('keeps one Node timer for the earliest due time: later timers and a cleared one do not replace it', async () => {
      fakeNodeTime();
      const clock = new SystemClock();
      const fired: string[] = [];
      clock.setTimeout(() => fired.push('heartbeat'), 60_000);
      expect(vi.getTimerCount()).toBe(1);
      const callTimeout = clock.setTimeout(() => fired.push('call timeout'), 30_000);
      clock.setTimeout(() => fired.push('later'), 90_000);
      clock.clearTimeout(callTimeout);
      expect(vi.getTimerCount()).toBe(1);
      expect(clock.pending).toBe(2);
      await vi.advanceTimersByTimeAsync(59_999);
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(fired).toEqual(['heartbeat']);
      await vi.advanceTimersByTimeAsync(30_000);
      await settle();
      expect(fired).toEqual(['heartbeat', 'later']);
      expect(clock.pending).toBe(0);
    });

    it('clearing the last timer leaves no Node timer behind (a stopped station holds nothing on the event loop)', () => {
      fakeNodeTime();
      const clock = new SystemClock();
      const a = clock.setTimeout(() => undefined, 30_000);
      const b = clock.setTimeout(() => undefined, 60_000);
      clock.clearTimeout(a);
      expect(vi.getTimerCount()).toBe(1);
      clock.clearTimeout(b);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a timer after a technician advanced the clock fires on time, not when the Node timer set before the jump would', async () => {
      fakeNodeTime();
      const clock = new SystemClock();
      const fired: string[] = [];
      clock.setTimeout(() => fired.push('10 s'), 10_000);
      clock.setTimeout(() => fired.push('20 s'), 20_000);
      await clock.advance(15_000);
      expect(fired).toEqual(['10 s']);
      await vi.advanceTimersByTimeAsync(5_000);
      await settle();
      expect(fired).toEqual(['10 s', '20 s']);
    });
  });

  it('setTime sets the wall clock', () => {
    const clock = new SystemClock();
    clock.setTime(Date.parse('2030-01-01T00:00:00Z'));
    expect(Math.abs(clock.now() - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(1000);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['90', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    ['1d', 86_400_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'abc', '-5s', '2x'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
