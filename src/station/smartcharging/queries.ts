/**
 * Which installed profiles a K09 GetChargingProfiles or a K10
 * ClearChargingProfile request is about. Pure filters over the rows.
 */
import type { ChargingLimitSource, ChargingProfile, ChargingProfilePurpose, InstalledProfile } from './types.js';

export interface GetChargingProfilesRequest {
  requestId: number;
  evseId?: number;
  chargingProfile: {
    chargingProfilePurpose?: ChargingProfilePurpose;
    stackLevel?: number;
    chargingProfileId?: number[];
    chargingLimitSource?: ChargingLimitSource[];
  };
}

export interface ClearChargingProfileRequest {
  chargingProfileId?: number;
  chargingProfileCriteria?: {
    evseId?: number;
    chargingProfilePurpose?: ChargingProfilePurpose;
    stackLevel?: number;
  };
}

/**
 * K09: the valid profiles matching every given criterion. evseId 0 means the
 * profiles installed on the station itself, an EVSE id the ones on that EVSE,
 * no evseId every profile.
 */
export function profilesToReport(rows: readonly InstalledProfile[], req: GetChargingProfilesRequest): InstalledProfile[] {
  const c = req.chargingProfile;
  return rows.filter(
    (row) =>
      row.valid &&
      (req.evseId === undefined || row.evseId === req.evseId) &&
      (c.chargingProfileId === undefined || c.chargingProfileId.includes(row.profile.id)) &&
      (c.chargingProfilePurpose === undefined || row.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
      (c.stackLevel === undefined || row.profile.stackLevel === c.stackLevel) &&
      (c.chargingLimitSource === undefined || c.chargingLimitSource.includes(row.source)),
  );
}

/** ReportChargingProfiles parts: one per EVSE and source, the profiles as they were set. */
export function reportParts(rows: readonly InstalledProfile[]): Array<{ evseId: number; chargingLimitSource: ChargingLimitSource; chargingProfile: ChargingProfile[] }> {
  const parts = new Map<string, { evseId: number; chargingLimitSource: ChargingLimitSource; chargingProfile: ChargingProfile[] }>();
  for (const row of rows) {
    const key = `${row.evseId}|${row.source}`;
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { evseId: row.evseId, chargingLimitSource: row.source, chargingProfile: [] }));
    part.chargingProfile.push(row.profile);
  }
  return [...parts.values()];
}

/**
 * K10: the valid profiles a ClearChargingProfile removes from use. A
 * chargingProfileId selects by id alone; otherwise every given criterion must
 * match (none given: all). ChargingStationExternalConstraints come from an
 * external system and are never cleared by the CSMS.
 */
export function profilesToClear(rows: readonly InstalledProfile[], req: ClearChargingProfileRequest): InstalledProfile[] {
  return rows.filter((row) => {
    if (!row.valid || row.profile.chargingProfilePurpose === 'ChargingStationExternalConstraints') return false;
    if (req.chargingProfileId !== undefined) return row.profile.id === req.chargingProfileId;
    const c = req.chargingProfileCriteria ?? {};
    return (
      (c.evseId === undefined || row.evseId === c.evseId) &&
      (c.chargingProfilePurpose === undefined || row.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
      (c.stackLevel === undefined || row.profile.stackLevel === c.stackLevel)
    );
  });
}
