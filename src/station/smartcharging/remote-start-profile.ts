/**
 * K05 Remote Start Transaction with Charging Profile: the chargingProfile of
 * a RequestStartTransaction is checked when the request arrives (a refusal
 * makes the whole request Rejected, nothing changes) and held for the EVSE
 * until the transaction it starts is there; it is then installed as that
 * transaction's TxProfile, before the contactor closes, so it applies from
 * the first moment of charging. Like any TxProfile it is invalidated (kept)
 * when the transaction ends, and GetChargingProfiles reports it, with the
 * transactionId the station gave it.
 *
 * - F01.FR.09: only a TxProfile (remote/remote-start.ts refuses others);
 *   F01.FR.11: its transactionId is not set by the CSMS (it cannot know it).
 * - F01.FR.12: with SmartChargingCtrlr.Enabled false the profile is ignored
 *   and the transaction starts without it.
 * - A transaction already running on the EVSE without a token (F01, cable
 *   first with TxStartPoint EVConnected) takes the profile when the remote
 *   start's token reaches it (its Updated RemoteStart).
 * What is held lives in memory only: a remote start does not survive a reboot either.
 */
import type { TransactionStationEvent, TransactionSummary } from '../transactions/types.js';
import type { ChargingProfile } from './types.js';
import type { InstallTarget, ValidationResult } from './validate.js';

export interface RemoteStartProfileHost {
  enabled(): boolean;
  /** K01 validation of the TxProfile on the EVSE, for the transaction running there or the one about to start. */
  validate(evseId: number, profile: ChargingProfile): ValidationResult;
  /** The transaction running on the EVSE now. */
  running(evseId: number): string | undefined;
  install(profile: ChargingProfile, target: InstallTarget): void;
  log(text: string): void;
}

interface Held {
  remoteStartId: number;
  profile: ChargingProfile;
  /** The transaction that already ran on the EVSE when the request came (F01 cable first). */
  runningTransactionId?: string;
}

export class RemoteStartProfiles {
  private readonly held = new Map<number, Held>();

  constructor(private readonly host: RemoteStartProfileHost) {}

  /**
   * The RequestStartTransaction hook: undefined to accept (the profile is held
   * or ignored), or the reason to reject the request.
   */
  offer(evseId: number, candidate: unknown, remoteStartId: number): string | undefined {
    const profile = candidate as ChargingProfile;
    if (profile.chargingProfilePurpose !== 'TxProfile') return 'F01.FR.09: the chargingProfile must be a TxProfile';
    if (profile.transactionId !== undefined) return 'F01.FR.11: the chargingProfile of a RequestStartTransaction has no transactionId';
    if (!this.host.enabled()) {
      this.host.log(`RequestStartTransaction ${remoteStartId}: chargingProfile ${profile.id} ignored, smart charging is disabled (F01.FR.12)`);
      return undefined;
    }
    const result = this.host.validate(evseId, profile);
    if (result.status === 'Rejected') return `${result.statusInfo.reasonCode}: ${result.statusInfo.additionalInfo ?? ''}`.trim().slice(0, 500);
    const held: Held = { remoteStartId, profile };
    const running = this.host.running(evseId);
    if (running !== undefined) held.runningTransactionId = running;
    this.held.set(evseId, held);
    this.host.log(`RequestStartTransaction ${remoteStartId}: chargingProfile ${profile.id} held for the transaction on EVSE ${evseId}`);
    return undefined;
  }

  /** A transaction started: the one the remote start asked for takes its profile; any other drops it. */
  transactionStarted(summary: TransactionSummary): void {
    const held = this.held.get(summary.evseId);
    if (!held) return;
    if (summary.remoteStartId === held.remoteStartId) this.install(summary.evseId, held, summary.transactionId);
    else this.drop(summary.evseId, held, `transaction ${summary.transactionId} started without remote start ${held.remoteStartId}`);
  }

  /** F01: the remote start's token reached the transaction that already ran (its Updated RemoteStart). */
  transactionEvent(e: TransactionStationEvent): void {
    const held = this.held.get(e.evseId);
    if (!held || e.eventType !== 'Updated' || e.triggerReason !== 'RemoteStart') return;
    this.install(e.evseId, held, e.transactionId);
  }

  transactionEnded(summary: TransactionSummary): void {
    const held = this.held.get(summary.evseId);
    if (held?.runningTransactionId === summary.transactionId) this.drop(summary.evseId, held, `transaction ${summary.transactionId} ended first`);
  }

  private install(evseId: number, held: Held, transactionId: string): void {
    this.held.delete(evseId);
    // Stored and reported with the transaction it belongs to (the CSMS could not name it).
    this.host.install({ ...held.profile, transactionId }, { evseId, transactionId });
    this.host.log(`profile ${held.profile.id} (TxProfile of RequestStartTransaction ${held.remoteStartId}) installed for transaction ${transactionId} on EVSE ${evseId}`);
  }

  private drop(evseId: number, held: Held, why: string): void {
    this.held.delete(evseId);
    this.host.log(`chargingProfile ${held.profile.id} of RequestStartTransaction ${held.remoteStartId} dropped: ${why}`);
  }
}
