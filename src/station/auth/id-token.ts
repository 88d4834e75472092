/**
 * IdToken rules shared by the authorization block and its callers.
 *
 * OCPP 2.0.1: "IdToken is case insensitive" — comparisons ignore case (the
 * store tables use COLLATE NOCASE for the same reason).
 */
import type { IdToken, IdTokenInfo, IdTokenKind } from './types.js';

/** Release notes 6.0.0: tags are 1..36 characters (the minimum was 6 before). */
export const ID_TOKEN_MIN_LENGTH = 1;
export const ID_TOKEN_MAX_LENGTH = 36;

const KINDS: ReadonlySet<string> = new Set<IdTokenKind>(['Central', 'eMAID', 'ISO14443', 'ISO15693', 'KeyCode', 'Local', 'MacAddress', 'NoAuthorization']);

/** Why a token cannot be used, or undefined when it is well-formed. */
export function idTokenProblem(token: IdToken | undefined): string | undefined {
  if (!token || typeof token.idToken !== 'string') return 'no idToken';
  if (!KINDS.has(token.type)) return `unknown idToken type ${JSON.stringify(token.type)}`;
  const n = token.idToken.length;
  if (n < ID_TOKEN_MIN_LENGTH || n > ID_TOKEN_MAX_LENGTH) return `idToken must be ${ID_TOKEN_MIN_LENGTH}..${ID_TOKEN_MAX_LENGTH} characters, got ${n}`;
  return undefined;
}

/** Same idToken (case-insensitive) and the same type. */
export function sameIdToken(a: IdToken, b: IdToken): boolean {
  return a.type === b.type && a.idToken.toLowerCase() === b.idToken.toLowerCase();
}

/**
 * Same group: group tokens are compared by their idToken only. CSMSs are not
 * consistent about the type of a groupIdToken (Central, Local, ...) while the
 * group id itself is what identifies the group.
 */
export function sameGroup(a: IdToken | undefined, b: IdToken | undefined): boolean {
  return !!a && !!b && a.idToken !== '' && a.idToken.toLowerCase() === b.idToken.toLowerCase();
}

/** The IdToken as it goes on the wire: only the schema's fields. */
export function wireIdToken(token: IdToken): IdToken {
  const out: IdToken = { idToken: token.idToken, type: token.type };
  if (token.additionalInfo?.length) out.additionalInfo = token.additionalInfo.map((a) => ({ additionalIdToken: a.additionalIdToken, type: a.type }));
  return out;
}

/** Epoch ms of cacheExpiryDateTime, undefined when absent or unreadable. */
export function expiryOf(info: IdTokenInfo): number | undefined {
  if (!info.cacheExpiryDateTime) return undefined;
  const ms = Date.parse(info.cacheExpiryDateTime);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `cacheExpiryDateTime: Date and Time after which the token must be considered invalid.` */
export function isPastExpiry(info: IdTokenInfo, now: number): boolean {
  const expiry = expiryOf(info);
  return expiry !== undefined && expiry <= now;
}
