import { describe, expect, it } from 'vitest';
import { defineVar } from '../../../src/station/model/catalog.js';
import { formatValue, validateValue } from '../../../src/station/model/values.js';

describe('value validation', () => {
  const dt = defineVar('TestCtrlr', 'When', 'dateTime', { kind: 'rw', value: '2026-01-01T00:00:00Z' });

  it('accepts ISO 8601 date-times with an offset', () => {
    for (const ok of ['2026-01-01T00:00:00Z', '2026-06-30T23:59:59.123Z', '2026-02-28T12:00:00+01:00', '2024-02-29T12:00:00-05:30', '2026-01-01T10:00Z', '2026-01-01T10:00:00+0200']) {
      expect(validateValue(dt, ok), ok).toEqual({ ok: true, value: ok });
    }
  });

  it('rejects date-times without offset or with impossible fields', () => {
    for (const bad of ['2026-01-01T00:00:00', '2026-01-01', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', 'yesterday', '']) {
      const v = validateValue(dt, bad);
      expect(v.ok, bad).toBe(false);
      if (!v.ok) expect(v.info.reasonCode).toBe('InvalidValue');
    }
  });

  it('formats booleans as True/False and leaves the rest', () => {
    const b = defineVar('TestCtrlr', 'Flag', 'boolean', { kind: 'rw', value: 'true' });
    expect(formatValue(b, 'true')).toBe('True');
    expect(formatValue(b, 'false')).toBe('False');
    expect(formatValue(dt, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
  });
});
