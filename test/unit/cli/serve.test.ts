import { describe, expect, it } from 'vitest';
import { eventLogLine } from '../../../src/cli/serve.js';

describe('ng9 run / serve log lines', () => {
  const now = Date.UTC(2025, 2, 1, 12, 0, 0);
  it('prints log, link and registration events with the station time', () => {
    expect(eventLogLine({ event: 'log', line: 'WARN:ocpp:cannot reach the CSMS', time: '2025-03-01T11:59:59.000Z' }, now)).toBe('2025-03-01T11:59:59.000Z:WARN:ocpp:cannot reach the CSMS');
    expect(eventLogLine({ event: 'link', connected: true }, now)).toBe('2025-03-01T12:00:00.000Z:INFO:cli:CSMS link up');
    expect(eventLogLine({ event: 'registration', status: 'Accepted' }, now)).toBe('2025-03-01T12:00:00.000Z:INFO:cli:registration Accepted');
  });

  it('leaves OCPP frames and connector noise out', () => {
    expect(eventLogLine({ event: 'ocpp', direction: 'out', frame: '[2,"1","Heartbeat",{}]' }, now)).toBeUndefined();
    expect(eventLogLine({ event: 'status', evseId: 1, connectorId: 1, status: 'Available' }, now)).toBeUndefined();
  });
});
