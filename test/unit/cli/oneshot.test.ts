import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/cli/lines.js';
import { type OneShotManifest, parseOneShot } from '../../../src/cli/oneshot.js';

const consoleWords = [
  { words: ['version'], confirm: false },
  { words: ['status'], confirm: false },
  { words: ['network'], confirm: false },
  { words: ['network', 'set'], confirm: false },
  { words: ['config'], confirm: false },
  { words: ['config', 'set'], confirm: false },
  { words: ['plug'], confirm: false },
  { words: ['txerase'], confirm: true },
  { words: ['console'], confirm: false },
  { words: ['lb'], confirm: false },
  { words: ['modem'], confirm: false },
  { words: ['modem', 'sim'], confirm: false },
  { words: ['log'], confirm: false },
];
const str = (name: string, more: object = {}) => ({ name, required: false, integer: false, ...more });
const manifest: OneShotManifest = {
  console: consoleWords,
  oclif: {
    version: { args: [], strict: true },
    status: { args: [], strict: true },
    modem: { args: [], strict: true },
    'modem sim': { args: [str('state', { required: true, options: ['missing', 'ok', 'pin'] }), str('code')], strict: true },
    'network set': { args: [{ ...str('slot', { required: true }), integer: true, min: 0 }, str('interface', { required: true }), str('url', { required: true })], strict: true },
    'config set': { args: [str('key', { required: true }), str('value', { required: true })], strict: true },
    lb: { args: [str('setting', { options: ['limit', 'safe', 'timeout', 'includes', 'on', 'off'] }), str('value')], strict: true },
    log: { args: [{ ...str('n'), integer: true, min: 1 }], strict: true },
  },
};
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseOneShot(argv, manifest, env);

describe('every console line is a one-shot command (the oclif-free path)', () => {
  it('takes the console words as the line, with the common flags', () => {
    expect(parse(['version'])).toEqual({ line: 'version', json: false, baud: 115200, timeoutSec: 10, id: 'NG9-0001', port: undefined, servicePassword: undefined, state: undefined });
    expect(parse(['status', '--json', '--state', '/s', '--id=CP1'])).toMatchObject({ line: 'status', json: true, state: '/s', id: 'CP1' });
    // the console's own words, as the README shows them: no flags needed
    expect(parse(['network', 'set', '2', 'Wireless0', 'wss://csms.example/ocpp', 'sp', '2', 'apn', 'internet'])?.line).toBe('network set 2 Wireless0 wss://csms.example/ocpp sp 2 apn internet');
    expect(parse(['config', 'set', 'Foo.Bar', 'two words'])?.line).toBe('config set Foo.Bar "two words"');
    expect(parse(['config', 'set', 'Foo.Bar', '-1'])?.line).toBe('config set Foo.Bar -1');
    expect(parse(['plug', '1', '--port', '/dev/ttyUSB0', '--baud', '9600'])).toMatchObject({ line: 'plug 1', port: '/dev/ttyUSB0', baud: 9600 });
    expect(parse(['modem', '--json'])).toMatchObject({ line: 'modem', json: true });
    expect(parse(['modem', 'sim', 'pin', '1234'])?.line).toBe('modem sim pin 1234');
    expect(parse(['modem', 'sim', 'lost'])).toBeUndefined(); // oclif refuses it
  });

  it('--yes stands for the trailing confirm of a destructive command; -h asks the station for its help', () => {
    expect(parse(['txerase', '--yes'])?.line).toBe('txerase confirm');
    expect(parse(['txerase', '-y'])?.line).toBe('txerase confirm');
    expect(parse(['txerase', 'confirm', '--yes'])?.line).toBe('txerase confirm');
    expect(parse(['plug', '--yes'])?.line).toBe('plug');
    expect(parse(['plug', '-h'])?.line).toBe('help plug');
  });

  it('takes NG9_PORT and NG9_SERVICE_PASSWORD as the flags do', () => {
    expect(parse(['status'], { NG9_PORT: '/dev/ttyUSB0', NG9_SERVICE_PASSWORD: 'pw' })).toMatchObject({ port: '/dev/ttyUSB0', servicePassword: 'pw' });
  });

  it('refuses what oclif would refuse the way the command refuses it: its own line builder, or oclif itself', () => {
    expect(parse(['lb', 'safe'])?.line).toEqual(new UsageError('lb safe needs a value'));
    expect(parse(['lb', 'limit', '25'])?.line).toBe('lb limit 25');
    for (const argv of [['lb', 'sideways'], ['log', '0'], ['log', 'many'], ['network', 'set', 'one', 'Wired0', 'ws://x'], ['network', 'set', '1'], ['config', 'set', 'K'], ['status', 'extra'], ['version', '--help']]) {
      expect(parse(argv), argv.join(' ')).toBeUndefined();
    }
  });

  it('leaves everything else to oclif', () => {
    for (const argv of [
      [],
      ['--help'],
      ['console'],
      ['fw', 'upload', 'ng9.fwi', '--port', '/dev/ttyUSB0'],
      ['netwrok'],
      ['network', 'set', '1', 'Wired0', 'ws://x', '--sp', '2'],
      ['status', '--json', '--json'],
      ['status', '--state'],
      ['status', '--state', '--json'],
      ['status', '--json=yes'],
      ['status', '--ocpp', '1.6'],
      ['status', '--baud', 'fast'],
      ['status', '--', 'x'],
      ['fwi', 'inspect', 'ng9.fwi', '--json'], // a local file tool, no station
    ]) {
      expect(parse(argv), argv.join(' ')).toBeUndefined();
    }
  });
});
