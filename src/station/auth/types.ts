/** OCPP 2.0.1 IdTokenType / IdTokenInfoType, as on the wire. */
export type IdTokenKind = 'Central' | 'eMAID' | 'ISO14443' | 'ISO15693' | 'KeyCode' | 'Local' | 'MacAddress' | 'NoAuthorization';

export interface IdToken {
  idToken: string;
  type: IdTokenKind;
  additionalInfo?: Array<{ additionalIdToken: string; type: string }>;
}

export type AuthorizationStatus =
  | 'Accepted'
  | 'Blocked'
  | 'ConcurrentTx'
  | 'Expired'
  | 'Invalid'
  | 'NoCredit'
  | 'NotAllowedTypeEVSE'
  | 'NotAtThisLocation'
  | 'NotAtThisTime'
  | 'Unknown';

export interface IdTokenInfo {
  status: AuthorizationStatus;
  cacheExpiryDateTime?: string;
  chargingPriority?: number;
  language1?: string;
  evseId?: number[];
  groupIdToken?: IdToken;
  language2?: string;
  personalMessage?: { format: string; language?: string; content: string };
}

/**
 * Where an authorization decision came from. `station`: decided by the
 * station's own rules without a lookup (malformed token, AuthCtrlr.Enabled
 * false, NoAuthorization/Central token, DisableRemoteAuthorization with an
 * unknown token, a CSMS that answered Authorize with a CALLERROR).
 */
export type AuthSource = 'csms' | 'cache' | 'localList' | 'offlineUnknown' | 'station';

export interface AuthDecision {
  idTokenInfo: IdTokenInfo;
  source: AuthSource;
  /** Accepted and the token's group is AuthCtrlr.MasterPassGroupId (C16): stops every transaction, starts none. */
  masterPass: boolean;
}

/**
 * The authorization block (C01, C05, C09–C16, D01, D02) as the transaction
 * block uses it.
 */
export interface AuthApi {
  /**
   * Decide on a presented token: local list and cache first when
   * LocalPreAuthorize (or offline with LocalAuthorizeOffline), else Authorize
   * at the CSMS; offline and unknown → OfflineTxForUnknownIdEnabled (C15).
   */
  authorize(idToken: IdToken, evseId?: number): Promise<AuthDecision>;
  /** What the CSMS said of a token in a TransactionEventResponse / AuthorizeResponse: update the cache (C10). */
  learned(idToken: IdToken, info: IdTokenInfo): void;
  /** True when info.groupIdToken equals AuthCtrlr.MasterPassGroupId (non-empty; case-insensitive like every idToken). */
  isMasterPass(info: IdTokenInfo): boolean;
  /**
   * C05: a token from RequestStartTransaction. AuthorizeRemoteStart false →
   * Accepted as the CSMS asked (source 'csms'); true → decided as if presented
   * locally (authorize()).
   */
  authorizeRemoteStart(idToken: IdToken, evseId?: number): Promise<AuthDecision>;
  /**
   * C09: may `presented` end the authorization of a transaction started by
   * `owner`? The same token: yes, without asking (C09.FR.03). Another token:
   * only when its decision (presentedInfo, from authorize()) is Accepted and
   * its groupIdToken equals the owner's (C09.FR.07; a Blocked card of the same
   * group does not stop, C09.FR.11).
   */
  mayStop(owner: { idToken: IdToken; groupIdToken?: IdToken }, presented: IdToken, presentedInfo?: IdTokenInfo): boolean;
}

/** An authorization decided: what the tariff display (I01, I04) reads. */
export interface AuthDecided {
  idTokenInfo: IdTokenInfo;
  evseId?: number;
}
