/**
 * What a card presented to the NFC reader does (C01, C09, C16, E03, E05, E07).
 *
 *  - The card of a running session (same idToken) ends it at once, without
 *    asking anyone: Ended StopAuthorized / Local (release notes 6.0.0: not
 *    AbnormalCondition). Before a transaction it withdraws the authorization.
 *  - Otherwise the authorization block decides. A master pass (C16) stops
 *    every ongoing transaction with stoppedReason MasterPass and never starts
 *    one; with nothing to stop it does nothing, and the reader simply reads
 *    the next card (release notes 6.0.0 fix).
 *  - An accepted card of the same group as a running session stops it (C09).
 *  - An accepted card authorizes an EVSE: the one it was presented at, else
 *    the only EVSE with a cable and no authorization, else the first free one.
 *  - A card that is not accepted starts nothing; a transaction that already
 *    runs without an idToken on that EVSE ends DeAuthorized (E05).
 *
 * The reader is never blocked: each card is handled on its own.
 */
import { sameIdToken } from '../auth/id-token.js';
import type { AuthApi, IdToken, IdTokenInfo } from '../auth/types.js';
import type { TokenPresented } from '../../hardware/interfaces.js';
import type { TransactionsHost } from './types.js';
import type { TransactionEngine } from './engine.js';
import type { Authorization, EvseSession } from './session.js';

export class TokenReader {
  constructor(
    private readonly station: TransactionsHost,
    private readonly engine: TransactionEngine,
    private readonly auth: () => AuthApi,
  ) {
    station.hardware.nfc.presented.on((card) => void this.presented(card).catch((err) => this.fail(card, err)));
  }

  async presented(card: TokenPresented): Promise<void> {
    if (this.engine.halted) return;
    if (!this.station.model.getBoolean('TokenReader.Enabled')) {
      this.station.log.info('transactions', `card ${card.idToken} ignored: no NFC reader configured (TokenReader.Enabled false)`);
      return;
    }
    const idToken: IdToken = { idToken: card.idToken, type: card.type };
    const inScope = (s: EvseSession) => card.evseId === undefined || s.evseId === card.evseId;
    const own = this.engine.sessions.find((s) => inScope(s) && s.authorization && sameIdToken(s.authorization.idToken, idToken));
    if (own) {
      await this.engine.serial(() => this.stopBy(own, idToken));
      return;
    }
    const auth = this.auth();
    const decision = await auth.authorize(idToken, card.evseId);
    const info = decision.idTokenInfo;
    if (decision.masterPass || (info.status === 'Accepted' && auth.isMasterPass(info))) {
      await this.engine.serial(() => this.masterPass(idToken));
      return;
    }
    const group = this.engine.sessions.find((s) => inScope(s) && s.tx && s.authorization && auth.mayStop(s.authorization, idToken, info));
    if (group) {
      await this.engine.serial(() => this.stopBy(group, idToken));
      return;
    }
    if (info.status !== 'Accepted') {
      await this.engine.serial(() => this.refused(card.evseId, idToken, info));
      return;
    }
    await this.engine.serial(() => this.accepted(card.evseId, { idToken, groupIdToken: info.groupIdToken, trigger: 'Authorized' }, info));
  }

  private async stopBy(s: EvseSession, idToken: IdToken): Promise<void> {
    if (s.tx) {
      await this.engine.end(s, 'StopAuthorized', 'Local', idToken);
    } else if (s.authorization) {
      this.station.log.info('transactions', `EVSE ${s.evseId}: card ${idToken.idToken} presented again, authorization withdrawn`);
      await this.engine.cancelAuthorization(s, 'StopAuthorized');
    }
  }

  /** C16: stop every ongoing transaction; start nothing. */
  private async masterPass(idToken: IdToken): Promise<void> {
    const running = this.engine.sessions.filter((s) => s.tx);
    if (running.length === 0) {
      this.station.log.info('transactions', `master pass ${idToken.idToken} presented: no transaction to stop`);
      return;
    }
    this.station.log.info('transactions', `master pass ${idToken.idToken} stops ${running.length} transaction(s)`);
    for (const s of running) await this.engine.end(s, 'StopAuthorized', 'MasterPass', idToken);
  }

  private async refused(evseId: number | undefined, idToken: IdToken, info: IdTokenInfo): Promise<void> {
    this.station.log.info('transactions', `card ${idToken.idToken} not accepted (${info.status}): nothing starts`);
    const waiting = this.engine.sessions.filter((s) => s.tx && !s.authorization && this.hw(s).cable.plugged);
    const target = evseId !== undefined ? this.engine.session(evseId) : waiting.length === 1 ? waiting[0] : undefined;
    if (target?.tx && !target.authorization) await this.engine.end(target, 'Deauthorized', 'DeAuthorized', idToken);
  }

  private async accepted(evseId: number | undefined, a: Authorization, info: IdTokenInfo): Promise<void> {
    if (this.engine.sessions.some((s) => s.authorization && sameIdToken(s.authorization.idToken, a.idToken))) {
      this.station.log.info('transactions', `card ${a.idToken.idToken} already holds an EVSE`);
      return;
    }
    const s = pickEvse(this.station, this.engine, evseId, a, info.evseId);
    if (!s) {
      this.station.log.warn('transactions', `card ${a.idToken.idToken} accepted but no EVSE is free for it`);
      return;
    }
    const reservation = this.engine.reservations()?.admits(s.evseId, a.idToken, a.groupIdToken).reservation;
    if (reservation) a.reservationId = reservation.id;
    await this.engine.authorize(s, a);
  }

  private hw(s: EvseSession) {
    return this.station.hardware.evses[s.evseId - 1]!;
  }

  private fail(card: TokenPresented, err: unknown): void {
    this.station.log.error('transactions', `card ${card.idToken}: ${(err as Error).stack ?? err}`);
  }
}

/**
 * The EVSE an authorization goes to: the one asked for (when it has no
 * authorization yet); else the only EVSE with a cable and no authorization;
 * else the first EVSE without cable, authorization or transaction. The EVSE
 * must be operative, not faulted, allowed by idTokenInfo.evseId and not
 * reserved for someone else (H01/H03).
 */
export function pickEvse(station: Pick<TransactionsHost, 'hardware'> & { readonly connectors: Pick<TransactionsHost['connectors'], 'isOperational' | 'isFaulted'> }, engine: TransactionEngine, evseId: number | undefined, a: Authorization, allowed?: number[]): EvseSession | undefined {
  const usable = (s: EvseSession) =>
    !s.authorization &&
    station.connectors.isOperational(s.evseId) &&
    !station.connectors.isFaulted(s.evseId) &&
    (!allowed?.length || allowed.includes(s.evseId)) &&
    (engine.reservations()?.admits(s.evseId, a.idToken, a.groupIdToken).allowed ?? true);
  const plugged = (s: EvseSession) => station.hardware.evses[s.evseId - 1]!.cable.plugged;
  if (evseId !== undefined) {
    const s = engine.session(evseId);
    return s && usable(s) ? s : undefined;
  }
  const waiting = engine.sessions.filter((s) => plugged(s) && !s.authorization);
  if (waiting.length === 1) return usable(waiting[0]!) ? waiting[0] : undefined;
  return engine.sessions.find((s) => !plugged(s) && !s.tx && usable(s));
}
