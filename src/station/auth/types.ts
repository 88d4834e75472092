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

/** Where an authorization decision came from. */
export type AuthSource = 'csms' | 'cache' | 'localList' | 'offlineUnknown';

export interface AuthDecision {
  idTokenInfo: IdTokenInfo;
  source: AuthSource;
  /** The token's group belongs to AuthCtrlr.MasterPassGroupId (C16). */
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
  /** True when info.groupIdToken equals AuthCtrlr.MasterPassGroupId. */
  isMasterPass(info: IdTokenInfo): boolean;
}
