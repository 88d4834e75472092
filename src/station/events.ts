/** What a station tells the world (console `trace`, JSON events, the CLI). */
import type { P1Event } from './p1/types.js';
import type { RegistrationStatus } from './ocpp/registration-gate.js';
import type { TransactionStationEvent } from './transactions/types.js';

export type StationEvent =
  | { event: 'ocpp'; direction: 'in' | 'out'; frame: string }
  | { event: 'status'; evseId: number; connectorId: number; status: string }
  | { event: 'registration'; status: RegistrationStatus }
  | { event: 'link'; connected: boolean }
  | { event: 'log'; line: string; time: string }
  | TransactionStationEvent
  | P1Event;
