/**
 * One station, one process: a running `ng9 console` answers the one-shot
 * commands on its station (through its local socket), a second console on
 * the same state gets a clear error, and the lock of a killed process is
 * taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleProcess } from './console-process.js';
import { cleanupTemps, ensureBuilt, LongRunning, ng9, ng9Json, tempDir } from './helpers.js';

describe('one station, one process', () => {
  let state: string;
  let console1: ConsoleProcess;

  beforeAll(async () => {
    ensureBuilt();
    state = tempDir();
    console1 = await ConsoleProcess.start(['--state', state, '--id', 'ST1']);
  }, 120_000);

  afterAll(async () => {
    await console1?.close();
    cleanupTemps();
  });

  it('a one-shot command on a running station changes what its console shows', async () => {
    expect((await console1.send('masterpass')).data).toMatchObject({ groupId: null });
    const set = await ng9(['masterpass', 'POLICE', '--state', state, '--id', 'ST1']);
    expect(set.code).toBe(0);
    expect((await console1.send('masterpass')).data).toMatchObject({ groupId: 'POLICE' });
    // the one-shot sees the running station's live state, not a second copy of it
    await console1.send('plug 1');
    const status = await ng9Json(['status', '--state', state, '--id', 'ST1']);
    expect(status.code).toBe(0);
    const live = (await console1.send('status')).data;
    expect(status.data.evses[0].status).toBe('Occupied');
    expect({ ...status.data, time: undefined }).toEqual({ ...live, time: undefined });
  });

  it('ng9 log -f follows the running station: new lines appear as it logs them, --level filters, Ctrl-C ends it', async () => {
    const follow = new LongRunning(['log', '1', '-f', '--level', 'info', '--state', state, '--id', 'ST1']);
    await follow.waitFor(/:(INFO|WARN|ERROR):/); // connected: the last line is printed
    await console1.send('config set OCPPCommCtrlr.HeartbeatInterval 77');
    await follow.waitFor(/:INFO:console:config set OCPPCommCtrlr\.HeartbeatInterval = 77/);
    expect(await follow.stop()).toBe(0);
  });

  it('a second console on the same station gets a clear error and changes nothing', async () => {
    const second = await ng9(['console', '--state', state, '--id', 'ST1'], { input: 'masterpass clear\n' });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/open in process \d+ .*console/);
    expect((await console1.send('masterpass')).data).toMatchObject({ groupId: 'POLICE' });
  });

  it('after the process is killed, the next opener takes the station over', async () => {
    await console1.kill();
    const got = await ng9Json(['masterpass', '--state', state, '--id', 'ST1']);
    expect(got.code).toBe(0);
    expect(got.data).toMatchObject({ groupId: 'POLICE' });
    console1 = await ConsoleProcess.start(['--state', state, '--id', 'ST1']);
    expect((await console1.send('masterpass')).data).toMatchObject({ groupId: 'POLICE' });
  });
});
