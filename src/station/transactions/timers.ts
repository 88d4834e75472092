/** The timers of a session: E03 EV connection timeout and J02 periodic meter values. */
import type { Clock } from '../clock.js';
import type { TransactionEngine } from './engine.js';
import { PERIODIC_METER } from './event-writer.js';
import type { EvseSession, RunningTransaction } from './session.js';

/** E03: without a cable within EVConnectionTimeOut the authorization (or the transaction it started) ends. */
export function armConnectTimeout(engine: TransactionEngine, s: EvseSession): void {
  const { clock, model, log } = engine.station;
  clock.clearTimeout(s.connectTimer);
  const sec = model.getNumber('TxCtrlr.EVConnectionTimeOut');
  if (sec <= 0) return;
  s.connectTimer = clock.setTimeout(() => {
    s.connectTimer = undefined;
    void engine.serial(async () => {
      if (engine.hw(s.evseId).cable.plugged) return;
      if (s.tx) await engine.end(s, 'EVConnectTimeout', 'Timeout');
      else if (s.authorization) {
        log.info('transactions', `EVSE ${s.evseId}: no cable within ${sec} s, authorization of ${s.authorization.idToken.idToken} expired`);
        await engine.cancelAuthorization(s, 'EVConnectTimeout');
      }
    });
  }, sec * 1000);
}

/** J02: an Updated MeterValuePeriodic every SampledDataCtrlr.TxUpdatedInterval seconds. */
export function armPeriodic(engine: TransactionEngine, s: EvseSession): void {
  const tx = s.tx!;
  const sec = engine.station.model.getNumber('SampledDataCtrlr.TxUpdatedInterval');
  if (sec <= 0) return;
  tx.periodicTimer = engine.station.clock.setTimeout(() => {
    void engine.serial(async () => {
      if (s.tx !== tx) return;
      tx.periodicTimer = undefined;
      // Catch what changed without an event (an EV taking less, a new limit) first.
      await engine.evaluate(s, 'ChargingStateChanged');
      if (s.tx !== tx) return;
      engine.report(s, 'MeterValuePeriodic', PERIODIC_METER);
      if (!tx.periodicTimer) armPeriodic(engine, s);
    });
  }, sec * 1000);
}

export function clearTxTimers(clock: Clock, tx: RunningTransaction): void {
  clock.clearTimeout(tx.periodicTimer);
  clock.clearTimeout(tx.energyTimer);
  tx.periodicTimer = undefined;
  tx.energyTimer = undefined;
}
