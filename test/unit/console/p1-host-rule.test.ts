/** Issue 8: one validation for the P1 telnet host, whether written as `p1 host`, `od set 2191_02` or `config set`. */
import { afterEach, describe, expect, it } from 'vitest';
import { type Console, openConsole } from './harness.js';

let c: Console;
afterEach(() => c?.close());

describe('the P1 host, one rule', () => {
  it('an empty or malformed host is refused the same way through p1 host, od set 2191_02 and config set; a good one is taken by all', async () => {
    c = openConsole();
    for (const line of ['p1 host ""', 'od set 2191_02 ""', 'config set P1SmartMeter.Host ""', 'od set 2191_02 1.2.3', 'config set P1SmartMeter.Host -bad-']) {
      expect(await c.err(line), line).toMatch(/^ERR BAD_ARGUMENT .*not (a valid|an) IP/);
    }
    expect(c.station.model.getString('P1SmartMeter.Host')).toBe('');
    await c.ok('od set 2191_02 192.168.1.40');
    expect(c.station.model.getString('P1SmartMeter.Host')).toBe('192.168.1.40');
    await c.ok('p1 host p1.local');
    expect(c.station.model.getString('P1SmartMeter.Host')).toBe('p1.local');
  });
});
