import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/lines.js';
import { defaultStateRoot, historyFile, stationDir, stationFolderName, stationSpec } from '../../../src/cli/state-dir.js';

describe('state folders', () => {
  it('follows XDG_DATA_HOME, else ~/.local/share', () => {
    expect(defaultStateRoot({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe(join('/x/data', 'ng9'));
    expect(defaultStateRoot({}, 'linux')).toMatch(/\.local[/\\]share[/\\]ng9$/);
  });

  it('gives each station its own folder, named as the station (ids are valid identities: one to one)', () => {
    expect(stationDir('/s', 'NG9-0001')).toBe(join('/s', 'NG9-0001'));
    expect(stationFolderName('a_b')).toBe('a_b');
    expect(stationFolderName('a.b~c')).toBe('a.b~c');
    for (const bad of ['../evil/id', '..', 'a/b', 'a:b', ''] ) expect(() => stationFolderName(bad), bad).toThrow(UsageError);
    expect(historyFile('/s', { id: 'A' })).toBe(join('/s', 'A', 'console_history'));
    expect(historyFile('/s', { port: '/dev/ttyUSB0' })).toBe(join('/s', 'serial_history_ttyUSB0'));
  });

  it('maps the common flags to the station to open', () => {
    expect(stationSpec({ state: '/s', id: 'CP1', csms: 'ws://h:9000', evses: 3, ocpp: '1.6' })).toEqual({
      id: 'CP1',
      stateDir: join('/s', 'CP1'),
      csmsUrl: 'ws://h:9000',
      evses: 3,
      ocppVersion: '1.6',
    });
  });
});
