/**
 * F01/F02 RequestStartTransaction and F03 RequestStopTransaction.
 *
 * Start: Rejected while the registration is not Accepted (B02), for an empty
 * idToken (release notes 6.0.0: tags are 1..36 characters, so one character
 * is fine), for an unknown, unavailable or faulted EVSE, or one that already
 * holds an authorization (a transaction of another token). Otherwise
 * Accepted — with the transactionId when a transaction already runs on that
 * EVSE without a token (F01, cable first) — and after the reply the token is
 * authorized (AuthorizeRemoteStart true: Authorize first; false: as the CSMS
 * asked) and the EVSE acts on it with triggerReason RemoteStart (release
 * notes 6.0.0 fix: never Authorized), `remoteStartId` on its first event.
 *
 * Stop: unknown transaction → Rejected; else Accepted, then Ended with
 * RemoteStop / Remote.
 */
import { idTokenProblem } from '../auth/id-token.js';
import type { IdToken } from '../auth/types.js';
import type { StationBase, OcppHost } from '../host.js';
import type { AuthBlock } from '../auth/auth-block.js';
import type { ConnectorStatusBlock } from '../availability/connectors.js';
import type { TransactionsBlock } from '../transactions/block.js';
import type { Authorization, EvseSession } from '../transactions/session.js';
import { pickEvse } from '../transactions/token-reader.js';

interface RequestStartTransactionRequest {
  evseId?: number;
  idToken: IdToken;
  groupIdToken?: IdToken;
  remoteStartId: number;
  chargingProfile?: RemoteStartChargingProfile;
}

interface StartResponse {
  status: 'Accepted' | 'Rejected';
  statusInfo?: { reasonCode: string; additionalInfo?: string };
  transactionId?: string;
}

import type { RemoteStartChargingProfile } from '../transactions/types.js';

/** What this block needs of the station. */
export interface RemoteStartHost extends Pick<StationBase, 'hardware' | 'log'>, Pick<OcppHost, 'actions' | 'afterReply'> {
  readonly auth: Pick<AuthBlock, 'authorizeRemoteStart'>;
  readonly connectors: Pick<ConnectorStatusBlock, 'isOperational' | 'isFaulted'>;
  readonly transactions: Pick<TransactionsBlock, 'engine' | 'active' | 'remoteStartChargingProfile' | 'stop' | 'find'>;
}

export type { RemoteStartChargingProfile, RemoteStartChargingProfileHook } from '../transactions/types.js';

function rejected(reasonCode: string, additionalInfo: string): StartResponse {
  return { status: 'Rejected', statusInfo: { reasonCode, additionalInfo } };
}

export class RemoteStartBlock {
  constructor(private readonly station: RemoteStartHost) {
    station.actions.register('RequestStartTransaction', (req: RequestStartTransactionRequest) => this.start(req));
    station.actions.register('RequestStopTransaction', (req: { transactionId: string }) => this.stop(req.transactionId));
  }

  private get transactions(): RemoteStartHost['transactions'] {
    return this.station.transactions;
  }

  private start(req: RequestStartTransactionRequest): StartResponse {
    const station = this.station;
    const problem = idTokenProblem(req.idToken);
    if (problem) return rejected('InvalidIdToken', problem);
    const engine = this.transactions.engine;
    if (req.evseId !== undefined && !engine.session(req.evseId)) return rejected('UnknownEvse', `EVSE ${req.evseId} does not exist`);
    const a: Authorization = { idToken: req.idToken, trigger: 'RemoteStart', remoteStartId: req.remoteStartId };
    if (req.groupIdToken) a.groupIdToken = req.groupIdToken;
    const s = pickEvse(station, engine, req.evseId, a);
    if (!s) return rejected(...this.whyNot(req.evseId));
    if (req.chargingProfile) {
      if (req.chargingProfile.chargingProfilePurpose !== 'TxProfile') return rejected('InvalidProfile', 'chargingProfile must be a TxProfile (K05)');
      const hook = this.transactions.remoteStartChargingProfile;
      const refusal = hook?.(s.evseId, req.chargingProfile, req.remoteStartId);
      if (refusal) return rejected('InvalidProfile', refusal);
      if (!hook) station.log.warn('transactions', `RequestStartTransaction ${req.remoteStartId}: chargingProfile ${req.chargingProfile.id} ignored (K05 not wired)`);
    }
    station.afterReply(() => void this.authorizeRemotely(s, a));
    const response: StartResponse = { status: 'Accepted' };
    if (s.tx) response.transactionId = s.tx.id;
    return response;
  }

  private whyNot(evseId: number | undefined): [string, string] {
    if (evseId === undefined) return ['NoEvseAvailable', 'no EVSE is free'];
    const c = this.station.connectors;
    if (!c.isOperational(evseId)) return ['Unavailable', `EVSE ${evseId} is unavailable`];
    if (c.isFaulted(evseId)) return ['Faulted', `EVSE ${evseId} is faulted`];
    return ['Occupied', `EVSE ${evseId} is in use or reserved`];
  }

  /** After the Accepted went out: the token's decision, then the EVSE acts on it. */
  private async authorizeRemotely(s: EvseSession, a: Authorization): Promise<void> {
    const station = this.station;
    try {
      const decision = await station.auth.authorizeRemoteStart(a.idToken, s.evseId);
      const info = decision.idTokenInfo;
      if (info.status !== 'Accepted' || decision.masterPass) {
        station.log.info('transactions', `RequestStartTransaction ${a.remoteStartId}: ${a.idToken.idToken} ${decision.masterPass ? 'is a master pass' : info.status}, nothing starts`);
        return;
      }
      if (!a.groupIdToken && info.groupIdToken) a.groupIdToken = info.groupIdToken;
      const engine = this.transactions.engine;
      await engine.serial(async () => {
        if (s.authorization) {
          station.log.warn('transactions', `RequestStartTransaction ${a.remoteStartId}: EVSE ${s.evseId} was taken meanwhile`);
          return;
        }
        const reservation = engine.reservations()?.admits(s.evseId, a.idToken, a.groupIdToken).reservation;
        if (reservation) a.reservationId = reservation.id;
        await engine.authorize(s, a);
      });
    } catch (err) {
      station.log.error('transactions', `RequestStartTransaction ${a.remoteStartId} failed: ${(err as Error).stack ?? err}`);
    }
  }

  private stop(transactionId: string): StartResponse {
    const engine = this.transactions.engine;
    const s = engine.sessions.find((x) => x.tx?.id === transactionId);
    if (!s) return rejected('UnknownTransaction', `no ongoing transaction ${transactionId}`);
    this.station.afterReply(
      () =>
        void engine.serial(async () => {
          if (s.tx?.id === transactionId) await engine.end(s, 'RemoteStop', 'Remote');
        }),
    );
    return { status: 'Accepted' };
  }
}
