import { describe, expect, it } from 'vitest';
import { parseFastVersion } from '../../../src/cli/fast-path.js';

describe('the oclif-free `version` path', () => {
  it('takes plain version invocations', () => {
    expect(parseFastVersion(['version'], {})).toEqual({ json: false, id: 'NG9-0001' });
    expect(parseFastVersion(['version', '--json', '--state', '/s', '--id=CP1'], {})).toEqual({ json: true, state: '/s', id: 'CP1' });
    expect(parseFastVersion(['version', '--state=/s'], {})).toEqual({ json: false, state: '/s', id: 'NG9-0001' });
  });

  it('leaves everything else to oclif', () => {
    for (const argv of [
      ['status'],
      ['version', '--port', '/dev/ttyUSB0'],
      ['version', '--help'],
      ['version', '-h'],
      ['version', '--json', '--json'],
      ['version', '--state'],
      ['version', '--state', '--json'],
      ['version', '--json=yes'],
      ['version', 'extra'],
      ['version', '--ocpp', '1.6'],
    ]) {
      expect(parseFastVersion(argv, {}), argv.join(' ')).toBeUndefined();
    }
    expect(parseFastVersion(['version'], { NG9_SERVICE_PASSWORD: 'pw' })).toBeUndefined();
    expect(parseFastVersion(['version'], { NG9_PORT: '/dev/ttyUSB0' })).toBeUndefined(); // the charger on the cable answers, not the embedded station
  });
});
