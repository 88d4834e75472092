/**
 * OCPP 1.6 smart charging requests (SetChargingProfile with csChargingProfiles,
 * ClearChargingProfile, GetCompositeSchedule, all by connectorId) answered by
 * the smart charging block's K01, K10 and K08 handlers.
 */
import { OcppCallError } from '../errors.js';
import { type ChargingProfile16, toChargingProfile, toCompositeSchedule16, toPurpose, type V16ChargingProfilePurpose } from './convert.js';
import type { Call201, Handler16, IncomingContext } from './incoming.js';
import type { CompositeSchedule } from '../../smartcharging/types.js';

export function smartChargingHandlers(ctx: IncomingContext, call201: Call201): Record<string, Handler16> {
  const station = ctx.station;

  /**
   * The engine transaction a 1.6 TxProfile is for: the one the CSMS names by
   * its 1.6 id, or (1.6 allows leaving it out) the one running on the connector.
   * undefined when there is none: the block rejects a TxProfile without one.
   */
  const transactionFor = (connectorId: number, profile: ChargingProfile16): string | undefined => {
    if (profile.chargingProfilePurpose !== 'TxProfile') return undefined;
    if (profile.transactionId !== undefined) {
      const known = ctx.map.byOcpp16Id(profile.transactionId).find((t) => station.transactions.find(t.transactionId));
      return known?.transactionId;
    }
    return connectorId > 0 ? station.transactions.active(connectorId)?.transactionId : undefined;
  };

  return {
    SetChargingProfile: async (p: { connectorId: number; csChargingProfiles: ChargingProfile16 }) => {
      const profile = toChargingProfile(p.csChargingProfiles, transactionFor(p.connectorId, p.csChargingProfiles));
      try {
        const r = await call201<{ status: string }>('SetChargingProfile', { evseId: p.connectorId, chargingProfile: profile }, { status: 'Rejected' });
        return { status: r.status };
      } catch (err) {
        // Smart charging switched off: 1.6 has a status for it where 2.0.1 has a CALLERROR.
        if (err instanceof OcppCallError && err.code === 'NotSupported') return { status: 'NotSupported' };
        throw err;
      }
    },
    ClearChargingProfile: async (p: { id?: number; connectorId?: number; chargingProfilePurpose?: V16ChargingProfilePurpose; stackLevel?: number }) => {
      const req: Record<string, unknown> = {};
      if (p.id !== undefined) req.chargingProfileId = p.id;
      const criteria: Record<string, unknown> = {};
      if (p.connectorId !== undefined) criteria.evseId = p.connectorId;
      if (p.chargingProfilePurpose !== undefined) criteria.chargingProfilePurpose = toPurpose(p.chargingProfilePurpose);
      if (p.stackLevel !== undefined) criteria.stackLevel = p.stackLevel;
      if (Object.keys(criteria).length) req.chargingProfileCriteria = criteria;
      const r = await call201<{ status: string }>('ClearChargingProfile', req, { status: 'Unknown' });
      return { status: r.status === 'Accepted' ? 'Accepted' : 'Unknown' };
    },
    GetCompositeSchedule: async (p: { connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' }) => {
      const req: Record<string, unknown> = { evseId: p.connectorId, duration: p.duration };
      if (p.chargingRateUnit) req.chargingRateUnit = p.chargingRateUnit;
      const r = await call201<{ status: string; schedule?: CompositeSchedule }>('GetCompositeSchedule', req, { status: 'Rejected' });
      if (r.status !== 'Accepted' || !r.schedule) return { status: 'Rejected' };
      return toCompositeSchedule16(p.connectorId, r.schedule);
    },
  };
}
