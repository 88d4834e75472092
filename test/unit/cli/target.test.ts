import { describe, expect, it } from 'vitest';
import { parseProtocolLine, parseStatusLine } from '../../../src/cli/target.js';

describe('protocol lines', () => {
  it('tells replies, events and noise apart', () => {
    expect(parseProtocolLine('{"ok":true,"data":{"json":true}}\r')).toEqual({ kind: 'reply', reply: { ok: true, data: { json: true } } });
    expect(parseProtocolLine('{"ok":true}')).toEqual({ kind: 'reply', reply: { ok: true, data: null } });
    expect(parseProtocolLine('{"ok":false,"error":{"code":"DENIED","message":"no"}}')).toEqual({
      kind: 'reply',
      reply: { ok: false, error: { code: 'DENIED', message: 'no' } },
    });
    expect(parseProtocolLine('{"event":"status","evseId":1}')).toEqual({ kind: 'event', event: { event: 'status', evseId: 1 } });
    expect(parseProtocolLine('json on').kind).toBe('noise');
    expect(parseProtocolLine('{"truncated":').kind).toBe('noise');
    expect(parseProtocolLine('{"foo":1}').kind).toBe('noise');
    expect(parseProtocolLine('NG9xx bootloader 1.2.0').kind).toBe('noise');
  });

  it('reads text status lines', () => {
    expect(parseStatusLine('OK')).toEqual({ ok: true, data: null });
    expect(parseStatusLine('OK\r')).toEqual({ ok: true, data: null });
    expect(parseStatusLine('ERR BAD_ARGUMENT slot must be 0..3')).toEqual({ ok: false, error: { code: 'BAD_ARGUMENT', message: 'slot must be 0..3' } });
    expect(parseStatusLine('slot 1 Wired0')).toBeUndefined();
  });
});
