/**
 * B02 / B03: what may pass between station and CSMS before the CSMS has
 * accepted the station. One table for each direction, with the requirement
 * behind each line; the dispatcher (incoming) and Station.send (outgoing)
 * consult it and nothing else does.
 */
import type { OcppVersion } from './errors.js';

export type RegistrationStatus = 'Unregistered' | 'Pending' | 'Accepted' | 'Rejected';

interface PendingRule {
  /** The requirement that lets the CSMS send this while the station is Pending. */
  requirement: string;
  /** Answered with this, without being carried out. */
  answer?: object;
}

const NOT_ACCEPTED = { status: 'Rejected', statusInfo: { reasonCode: 'NotAccepted', additionalInfo: 'the CSMS has not accepted the station yet' } };

/**
 * CSMS requests a Pending station answers (B02.FR.01: the CSMS may retrieve
 * information and provision the station). The NG9xx also takes a
 * SetNetworkProfile then, so a CSMS can move a station it holds in Pending
 * to another backoffice before accepting it.
 */
const WHILE_PENDING: Readonly<Record<OcppVersion, Readonly<Record<string, PendingRule>>>> = {
  '2.0.1': {
    GetVariables: { requirement: 'B02.FR.01' },
    SetVariables: { requirement: 'B02.FR.01' },
    GetBaseReport: { requirement: 'B02.FR.01 (NotifyReport follows, B02.FR.02)' },
    // Only BootNotification is carried out while Pending: TriggerBlock (F06.FR.17 after acceptance).
    TriggerMessage: { requirement: 'B02.FR.01, B02.FR.02' },
    SetNetworkProfile: { requirement: 'B02.FR.01 (provisioning), B09' },
    RequestStartTransaction: { requirement: 'B02.FR.05', answer: NOT_ACCEPTED },
    RequestStopTransaction: { requirement: 'B02.FR.05', answer: NOT_ACCEPTED },
  },
  // OCPP 1.6 section 4.2: Pending allows configuration and TriggerMessage; remote start / stop are not allowed.
  '1.6': {
    GetConfiguration: { requirement: '1.6 §4.2 Pending' },
    ChangeConfiguration: { requirement: '1.6 §4.2 Pending' },
    TriggerMessage: { requirement: '1.6 §4.2 Pending' },
    RemoteStartTransaction: { requirement: '1.6 §4.2 Pending', answer: { status: 'Rejected' } },
    RemoteStopTransaction: { requirement: '1.6 §4.2 Pending', answer: { status: 'Rejected' } },
  },
};

/** What becomes of an incoming CALL. */
export type Admission =
  | { kind: 'dispatch' }
  /** answered with `payload`, nothing carried out */
  | { kind: 'answer'; payload: object; requirement: string }
  /** CALLERROR SecurityError, nothing carried out */
  | { kind: 'refuse'; requirement: string }
  /** no answer at all */
  | { kind: 'ignore'; requirement: string };

/**
 * The registration gate for a CSMS request.
 * - Accepted: everything is dispatched.
 * - Pending (and Unregistered: connected, BootNotification not yet answered):
 *   the WHILE_PENDING table; everything else is refused with CALLERROR
 *   SecurityError (as OCA-certified stations do; the mirror of the CSMS's
 *   B02.FR.09 / B03.FR.07).
 * - Rejected: nothing is answered until the retry interval ends (B03.FR.02:
 *   the station sends no OCPP message at all, and a CALLERROR is one; OCPP
 *   1.6 §4.2: "SHALL NOT respond to Central System initiated messages").
 */
export function admit(status: RegistrationStatus, version: OcppVersion, action: string): Admission {
  if (status === 'Accepted') return { kind: 'dispatch' };
  if (status === 'Rejected') return { kind: 'ignore', requirement: 'B03.FR.02' };
  const rule = WHILE_PENDING[version][action];
  if (!rule) return { kind: 'refuse', requirement: 'B02.FR.09' };
  return rule.answer ? { kind: 'answer', payload: rule.answer, requirement: rule.requirement } : { kind: 'dispatch' };
}

/** The actions the station answers while Pending (tests walk this table). */
export function answeredWhilePending(version: OcppVersion): ReadonlyArray<string> {
  return Object.keys(WHILE_PENDING[version]);
}

/**
 * B02.FR.02 / B03.FR.02: before Accepted the station sends only its
 * BootNotification (BootBlock times it: after `interval` when Pending or
 * Rejected) and, while Pending, the NotifyReport a GetBaseReport asked for.
 * Messages of the 2.0.1 vocabulary the blocks speak (the 1.6 adapter
 * translates after this check).
 */
export function maySend(status: RegistrationStatus, action: string): boolean {
  if (status === 'Accepted' || action === 'BootNotification') return true;
  return status !== 'Rejected' && action === 'NotifyReport';
}
