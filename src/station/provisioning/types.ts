/** BootReasonEnumType of OCPP 2.0.1: why the station booted (BootNotification). */
export type BootReason = 'ApplicationReset' | 'FirmwareUpdate' | 'LocalReset' | 'PowerUp' | 'RemoteReset' | 'ScheduledReset' | 'Triggered' | 'Unknown' | 'Watchdog';
