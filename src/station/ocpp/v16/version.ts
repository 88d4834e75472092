/**
 * Which OCPP version a connection speaks. A network connection profile says
 * it (`ocppVersion` OCPP20 / OCPP16, as SetNetworkProfile writes it), so the
 * version on the wire is the version of the profile the station connects
 * with: a CSMS can move a station to 1.6 with SetNetworkProfile, and a
 * fallback profile (B10) may speak another version than the first. The CLI
 * flag `--ocpp` is how a technician sets it: together with `--csms` it is
 * written into the slot-1 profile; without a profile it is the version used.
 */
import type { NetworkConnectionProfile } from '../../network/validate.js';
import type { OcppVersion } from '../errors.js';

export type ProfileOcppVersion = 'OCPP20' | 'OCPP16';

/** The wire version a profile asks for; undefined without a profile. */
export function versionOfProfile(profile: Pick<NetworkConnectionProfile, 'ocppVersion'> | undefined): OcppVersion | undefined {
  if (!profile) return undefined;
  return profile.ocppVersion === 'OCPP16' ? '1.6' : '2.0.1';
}

/** How a wire version is spelled in a network profile. */
export function profileVersionOf(version: OcppVersion): ProfileOcppVersion {
  return version === '1.6' ? 'OCPP16' : 'OCPP20';
}
