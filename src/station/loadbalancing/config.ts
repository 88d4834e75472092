import type { DeviceModelApi } from '../model/types.js';

/** Device model keys of load balancing (P1SmartMeter is the vendor component of the meter, see model/catalog.ts). */
export const LB_KEYS = {
  enabled: 'P1SmartMeter.LoadBalancingEnabled',
  maxCurrent: 'P1SmartMeter.MaxCurrent',
  includesStation: 'P1SmartMeter.IncludesStation',
  safeCurrent: 'P1SmartMeter.SafeCurrent',
  dataTimeout: 'P1SmartMeter.DataTimeout',
  limitingCurrent: 'P1SmartMeter.LimitingCurrent',
  externalControl: 'SmartChargingCtrlr.ExternalControlSignalsEnabled',
  significance: 'SmartChargingCtrlr.LimitChangeSignificance',
  withSchedules: 'SmartChargingCtrlr.NotifyChargingLimitWithSchedules',
} as const;

/** Variables whose change makes load balancing look again (component → variable names). */
const WATCHED: Record<string, ReadonlySet<string>> = {
  P1SmartMeter: new Set(['LoadBalancingEnabled', 'MaxCurrent', 'IncludesStation', 'SafeCurrent', 'DataTimeout']),
  SmartChargingCtrlr: new Set(['ExternalControlSignalsEnabled']),
};

export function isLoadBalancingSetting(component: string, variable: string): boolean {
  return WATCHED[component]?.has(variable) ?? false;
}

export interface LoadBalancingConfig {
  /** P1SmartMeter.LoadBalancingEnabled. */
  enabled: boolean;
  /** SmartChargingCtrlr.ExternalControlSignalsEnabled: false = limits from outside (this one) are not applied. */
  externalControl: boolean;
  /** Per phase at the smart meter (main fuse). */
  maxCurrentA: number;
  /** The P1 currents include what the station draws itself. */
  includesStation: boolean;
  /** Per phase, all EVSEs together, while P1 data is missing. */
  safeCurrentA: number;
  dataTimeoutMs: number;
}

export function readConfig(model: Pick<DeviceModelApi, 'getBoolean' | 'getNumber'>): LoadBalancingConfig {
  return {
    enabled: model.getBoolean(LB_KEYS.enabled),
    externalControl: model.getBoolean(LB_KEYS.externalControl),
    maxCurrentA: model.getNumber(LB_KEYS.maxCurrent),
    includesStation: model.getBoolean(LB_KEYS.includesStation),
    safeCurrentA: model.getNumber(LB_KEYS.safeCurrent),
    dataTimeoutMs: model.getNumber(LB_KEYS.dataTimeout) * 1000,
  };
}

/** Load balancing limits the EVSEs only when switched on and external limits are allowed. */
export function isActive(config: LoadBalancingConfig): boolean {
  return config.enabled && config.externalControl;
}
