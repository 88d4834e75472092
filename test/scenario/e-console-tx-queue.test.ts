import { describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/station/console/session.js';
import type { Scenario } from '../support/scenario.js';
import { delivered, evse, settle, setVar, swipe, txEvents, txStation } from '../support/tx-helpers.js';

/** A console session on the scenario station; `send` returns the lines written for the request. */
function consoleOn(sc: Scenario) {
  const lines: string[] = [];
  const session = new ConsoleSession(sc.station, (l) => lines.push(l));
  return {
    lines,
    session,
    async send(line: string): Promise<string[]> {
      const start = lines.length;
      await session.handleLine(line);
      return lines.slice(start);
    },
  };
}

describe('console tx / queue / txerase', () => {
  it('tx lists open and recent transactions with id, EVSE, state, seqNo, energy, start and stop reason', async () => {
    const s = await txStation();
    const c = consoleOn(s);
    expect(await c.send('tx')).toEqual(['no transactions', 'OK']);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    await s.clock.advance(3_600_000);
    const id = txEvents(s)[0].transactionInfo.transactionId;
    const open = await c.send('tx');
    expect(open[0]).toMatch(/^id\s+evse\s+state\s+seqNo\s+energy\s+started\s+stop reason$/);
    expect(open[1]).toMatch(new RegExp(`^${id}\\s+1\\s+Charging\\s+1\\s+22.08 kWh\\s+\\S+Z\\s+-$`));
    expect(open.at(-1)).toBe('OK');
    c.session.state.json = true;
    const json = JSON.parse((await c.send(`tx ${id}`)).at(-1)!);
    expect(json).toMatchObject({ ok: true, data: { transaction: { transactionId: id, evseId: 1, state: 'open', chargingState: 'Charging', seqNo: 1, energyWh: 22080, idToken: 'TAG1', queued: 0 } } });
  });

  it('tx <unknown id> is a BAD_ARGUMENT', async () => {
    const s = await txStation();
    const c = consoleOn(s);
    expect((await c.send('tx nope')).at(-1)).toMatch(/^ERR BAD_ARGUMENT no transaction 'nope'/);
  });

  it('queue shows what waits for the CSMS: action, transaction, seqNo, attempts, age', async () => {
    const s = await txStation();
    setVar(s, 'TxCtrlr.TxStartPoint', 'EVConnected');
    const c = consoleOn(s);
    expect(await c.send('queue')).toEqual(['queue empty', 'OK']);
    await s.station.setLinkWanted(false);
    evse(s, 1).plug();
    await settle(s);
    await s.clock.advance(90_000);
    const out = await c.send('queue');
    expect(out[0]).toMatch(/^#\s+action\s+tx\s+seqNo\s+attempts\s+age$/);
    expect(out[1]).toMatch(/^\d+\s+TransactionEvent\(Started\)\s+\S+\s+0\s+0\s+90 s$/);
    c.session.state.json = true;
    const json = JSON.parse((await c.send('queue')).at(-1)!);
    expect(json.data.queue).toEqual([expect.objectContaining({ action: 'TransactionEvent', seqNo: 0, eventType: 'Started', attempts: 0, ageSec: 90 })]);
  });

  it('txerase needs the service login and confirm, refuses while a transaction runs, then erases records and queue', async () => {
    const s = await txStation();
    const c = consoleOn(s);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect((await c.send('txerase confirm')).at(-1)).toMatch(/^ERR DENIED/);
    await c.send('login service ng9service');
    expect((await c.send('txerase')).at(-1)).toMatch(/^ERR BAD_ARGUMENT/);
    expect((await c.send('txerase confirm')).at(-1)).toMatch(/^ERR BUSY/);
    evse(s, 1).unplug();
    await delivered(s, 3);
    expect(await c.send('txerase confirm')).toEqual(['erased 1 transactions and 0 queued messages', 'OK']);
    expect(await c.send('tx')).toEqual(['no transactions', 'OK']);
  });

  it('JSON mode: every stored TransactionEvent is a {"event":"transaction"} line', async () => {
    const s = await txStation();
    const c = consoleOn(s);
    c.session.state.json = true;
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    evse(s, 1).unplug();
    await delivered(s, 3);
    const events = c.lines.map((l) => JSON.parse(l)).filter((e) => e.event === 'transaction');
    expect(events.map((e) => [e.eventType, e.triggerReason, e.seqNo, e.chargingState, e.stoppedReason ?? null])).toEqual([
      ['Started', 'Authorized', 0, 'EVConnected', null],
      ['Updated', 'ChargingStateChanged', 1, 'Charging', null],
      ['Ended', 'EVCommunicationLost', 2, 'Idle', 'EVDisconnected'],
    ]);
    expect(events[0]).toMatchObject({ evseId: 1, offline: false, transactionId: txEvents(s)[0].transactionInfo.transactionId });
  });

  it('ev <evse> suspend|resume drives the simulated EV: SuspendedEV and back', async () => {
    const s = await txStation();
    const c = consoleOn(s);
    evse(s, 1).plug();
    await swipe(s, 'TAG1');
    await delivered(s, 2);
    expect((await c.send('ev 1 suspend')).at(-1)).toBe('OK');
    await delivered(s, 3);
    expect((await c.send('ev 1 resume')).at(-1)).toBe('OK');
    await delivered(s, 4);
    expect(txEvents(s).slice(2).map((e) => e.transactionInfo.chargingState)).toEqual(['SuspendedEV', 'Charging']);
  });
});
