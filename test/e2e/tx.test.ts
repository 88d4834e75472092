import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

beforeAll(() => ensureBuilt());
afterAll(() => cleanupTemps());

describe('ng9 tx: the sessions of a station as a table', () => {
  it('shows an offline session with its energy and EVDisconnected as stop reason (release notes)', async () => {
    const state = tempDir();
    const session = ['config set AllowOfflineTxForUnknownId true', 'plug 1', 'swipe CARD1 1', 'clock advance 60s', 'unplug 1', ''].join('\n');
    const run = await ng9(['console', '--state', state, '--id', 'TX1'], { input: session });
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const json = await ng9Json(['tx', '--state', state, '--id', 'TX1']);
    expect(json.code).toBe(0);
    const [tx] = json.data.transactions;
    expect(tx).toMatchObject({ evseId: 1, state: 'ended', stoppedReason: 'EVDisconnected', idToken: 'CARD1' });
    expect(tx.energyWh).toBeGreaterThan(300);

    const table = await ng9(['tx', '--state', state, '--id', 'TX1']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(tx.transactionId);
    expect(table.stdout).toContain('EVDisconnected');

    const queue = await ng9Json(['queue', '--state', state, '--id', 'TX1']);
    expect(queue.data.queue.map((q: { eventType: string }) => q.eventType)).toEqual(expect.arrayContaining(['Started', 'Ended']));
  });
});
