/**
 * The CSMS says the token of a running transaction is not valid (its
 * TransactionEventResponse carries idTokenInfo.status ≠ Accepted).
 *  - TxCtrlr.StopTxOnInvalidId true: Ended Deauthorized / DeAuthorized now.
 *  - false, MaxEnergyOnInvalidId > 0 (release notes 6.0.0): that many Wh may
 *    still be delivered, counted from the moment of invalidation; then
 *    Ended EnergyLimitReached / DeAuthorized.
 *  - false, MaxEnergyOnInvalidId 0: the contactor opens (SuspendedEVSE)
 *    until the EV leaves.
 */
import type { TransactionEngine } from './engine.js';
import type { EvseSession } from './session.js';

export async function deauthorize(engine: TransactionEngine, transactionId: string): Promise<void> {
  const s = engine.sessions.find((x) => x.tx?.id === transactionId);
  const tx = s?.tx;
  if (!s || !tx || tx.deauthorization) return;
  const { model, log } = engine.station;
  if (model.getBoolean('TxCtrlr.StopTxOnInvalidId')) {
    await engine.end(s, 'Deauthorized', 'DeAuthorized');
    return;
  }
  const limitWh = model.getNumber('TxCtrlr.MaxEnergyOnInvalidId');
  if (limitWh > 0) {
    tx.deauthorization = { kind: 'budget', fromWh: engine.hw(s.evseId).meter.read().energyWh, limitWh };
    log.info('transactions', `transaction ${tx.id} deauthorized: ${limitWh} Wh more allowed (MaxEnergyOnInvalidId)`);
    await checkEnergyBudget(engine, s);
    return;
  }
  tx.deauthorization = { kind: 'suspended' };
  log.info('transactions', `transaction ${tx.id} deauthorized: energy suspended until the EV leaves`);
  await engine.evaluate(s, 'Deauthorized');
}

/** MaxEnergyOnInvalidId: end once the allowed energy is delivered; wake up when, at the present power, it will be. */
export async function checkEnergyBudget(engine: TransactionEngine, s: EvseSession): Promise<void> {
  const tx = s.tx;
  const d = tx?.deauthorization;
  if (!tx || d?.kind !== 'budget') return;
  const clock = engine.station.clock;
  clock.clearTimeout(tx.energyTimer);
  tx.energyTimer = undefined;
  const reading = engine.hw(s.evseId).meter.read();
  const delivered = reading.energyWh - d.fromWh;
  if (delivered >= d.limitWh - 1e-6) {
    await engine.end(s, 'EnergyLimitReached', 'DeAuthorized');
    return;
  }
  if (reading.powerW <= 0) return;
  const ms = Math.ceil(((d.limitWh - delivered) / reading.powerW) * 3_600_000);
  tx.energyTimer = clock.setTimeout(() => {
    tx.energyTimer = undefined;
    void engine.serial(() => checkEnergyBudget(engine, s));
  }, ms);
}
