import { describe, expect, it } from 'vitest';
import { parseFrame, serializeCall, serializeError, serializeResult } from '../../../src/station/ocpp/frames.js';

describe('parseFrame', () => {
  it('reads CALL, CALLRESULT and CALLERROR', () => {
    expect(parseFrame('[2,"a","Heartbeat",{}]', '2.0.1')).toEqual({
      ok: true,
      frame: { type: 2, id: 'a', action: 'Heartbeat', payload: {} },
    });
    expect(parseFrame('[3,"a",{"x":1}]', '2.0.1')).toEqual({ ok: true, frame: { type: 3, id: 'a', payload: { x: 1 } } });
    expect(parseFrame('[4,"a","NotSupported","nope",{"k":1}]', '2.0.1')).toEqual({
      ok: true,
      frame: { type: 4, id: 'a', code: 'NotSupported', description: 'nope', details: { k: 1 } },
    });
    // Details left out by a sloppy peer.
    expect(parseFrame('[4,"a","GenericError","x"]', '2.0.1')).toMatchObject({ ok: true, frame: { details: {} } });
  });

  it.each([
    ['not json', '{oops'],
    ['not an array', '{"a":1}'],
    ['no id', '[2]'],
    ['numeric id', '[2,7,"Heartbeat",{}]'],
    ['empty id', '[2,"","Heartbeat",{}]'],
  ])('answers RpcFrameworkError with id -1 when %s (2.0.1)', (_what, raw) => {
    const parsed = parseFrame(raw, '2.0.1');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject({ id: '-1', code: 'RpcFrameworkError', answer: true });
  });

  it('uses GenericError for unreadable frames in 1.6', () => {
    const parsed = parseFrame('nope', '1.6');
    expect(!parsed.ok && parsed.problem).toMatchObject({ id: '-1', code: 'GenericError', answer: true });
  });

  it('answers an unknown message type with MessageTypeNotSupported (1.6: NotImplemented)', () => {
    expect(parseFrame('[7,"m","X",{}]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'm', code: 'MessageTypeNotSupported', answer: true, type: 7 } });
    expect(parseFrame('["2","m","X",{}]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'm', code: 'MessageTypeNotSupported' } });
    expect(parseFrame('[7,"m","X",{}]', '1.6')).toMatchObject({ ok: false, problem: { id: 'm', code: 'NotImplemented' } });
  });

  it('answers a malformed CALL with RpcFrameworkError and its id (1.6: ProtocolError)', () => {
    expect(parseFrame('[2,"c","Heartbeat"]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'c', code: 'RpcFrameworkError', answer: true } });
    expect(parseFrame('[2,"c",5,{}]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'c', code: 'RpcFrameworkError' } });
    expect(parseFrame('[2,"c","Heartbeat",{},1]', '1.6')).toMatchObject({ ok: false, problem: { id: 'c', code: 'ProtocolError' } });
  });

  it('does not answer a malformed CALLRESULT or CALLERROR', () => {
    expect(parseFrame('[3,"r"]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'r', type: 3, answer: false } });
    expect(parseFrame('[4,"r",1,2,{}]', '2.0.1')).toMatchObject({ ok: false, problem: { id: 'r', type: 4, answer: false } });
  });
});

describe('serialize', () => {
  it('writes the three frame kinds', () => {
    expect(serializeCall('1', 'Heartbeat', {})).toBe('[2,"1","Heartbeat",{}]');
    expect(serializeResult('1', { a: 1 })).toBe('[3,"1",{"a":1}]');
    expect(serializeError('1', 'InternalError', 'boom')).toBe('[4,"1","InternalError","boom",{}]');
  });

  it('round-trips through parseFrame', () => {
    const raw = serializeCall('id-1', 'Reset', { type: 'Immediate' });
    expect(parseFrame(raw, '2.0.1')).toEqual({ ok: true, frame: { type: 2, id: 'id-1', action: 'Reset', payload: { type: 'Immediate' } } });
  });
});
