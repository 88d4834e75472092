export type OcppVersion = '2.0.1' | '1.6';

/**
 * A CALLERROR: one received for our CALL, or one a handler throws to answer
 * an incoming CALL with that code.
 */
export class OcppCallError extends Error {
  readonly code: string;
  readonly description: string;
  readonly details: unknown;

  constructor(code: string, description = '', details: unknown = {}) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OcppCallError';
    this.code = code;
    this.description = description;
    this.details = details;
  }
}

/** No CALLRESULT/CALLERROR within OCPPCommCtrlr.MessageTimeout. */
export class OcppTimeoutError extends Error {
  readonly action: string;

  constructor(action: string, timeoutSec: number) {
    super(`${action}: no response within ${timeoutSec} s`);
    this.name = 'OcppTimeoutError';
    this.action = action;
  }
}

/** The CSMS answered the WebSocket upgrade with HTTP 401: the Basic auth credentials were refused. */
export class CsmsAuthError extends Error {
  constructor() {
    super('CSMS refused the credentials (401)');
    this.name = 'CsmsAuthError';
  }
}

/** A CALL made, queued or in flight while there is no open connection. */
export class NotConnectedError extends Error {
  constructor(message = 'not connected to the CSMS') {
    super(message);
    this.name = 'NotConnectedError';
  }
}

/** The OCPP-J error code to use for each situation, per protocol version. */
export interface ErrorCodes {
  format: string;
  occurrence: string;
  property: string;
  type: string;
  notImplemented: string;
  notSupported: string;
  internal: string;
  /** A frame that is not JSON, not an array, or has no readable id (answered with id "-1"). */
  unreadable: string;
  /** A CALL with a readable id but the wrong shape. */
  badFrame: string;
  /** A message type number other than 2, 3 or 4. */
  messageType: string;
}

const CODES: Record<OcppVersion, ErrorCodes> = {
  '2.0.1': {
    format: 'FormatViolation',
    occurrence: 'OccurrenceConstraintViolation',
    property: 'PropertyConstraintViolation',
    type: 'TypeConstraintViolation',
    notImplemented: 'NotImplemented',
    notSupported: 'NotSupported',
    internal: 'InternalError',
    unreadable: 'RpcFrameworkError',
    badFrame: 'RpcFrameworkError',
    messageType: 'MessageTypeNotSupported',
  },
  // OCPP-J 1.6 has no RpcFrameworkError or MessageTypeNotSupported. Its table
  // (4.2.3) spells "FormationViolation" and "OccurenceConstraintViolation";
  // the OCPP-J 1.6 errata (5. "Known issues that will not be fixed") keeps
  // both spellings, as changing them would break implementations.
  '1.6': {
    format: 'FormationViolation',
    occurrence: 'OccurenceConstraintViolation',
    property: 'PropertyConstraintViolation',
    type: 'TypeConstraintViolation',
    notImplemented: 'NotImplemented',
    notSupported: 'NotSupported',
    internal: 'InternalError',
    unreadable: 'GenericError',
    // "Payload for Action is incomplete" is the closest 1.6 code for a bad frame.
    badFrame: 'ProtocolError',
    // An unknown message type asks for something the receiver does not know.
    messageType: 'NotImplemented',
  },
};

export function errorCodes(version: OcppVersion): ErrorCodes {
  return CODES[version];
}
