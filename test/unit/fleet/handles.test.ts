import { describe, expect, it } from 'vitest';
import { isOutOfHandles, openFileLimit, outOfHandlesMessage, workerErrorMessage } from '../../../src/fleet/handles.js';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            256                  4096                 files
Max locked memory         8388608              8388608              bytes
`;

describe('out of file handles', () => {
  it('knows EMFILE and ENFILE, by code or by message', () => {
    expect(isOutOfHandles(Object.assign(new Error('connect EMFILE 127.0.0.1:9000 - Local (undefined:undefined)'), { code: 'EMFILE' }))).toBe(true);
    expect(isOutOfHandles(Object.assign(new Error('x'), { code: 'ENFILE' }))).toBe(true);
    expect(isOutOfHandles(new Error('EMFILE: too many open files, open fleet.db'))).toBe(true);
    expect(isOutOfHandles(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isOutOfHandles(new Error('Unexpected server response: 503'))).toBe(false);
  });

  it("reads the soft limit of 'ulimit -n' from /proc/self/limits", () => {
    expect(openFileLimit(LIMITS)).toBe(256);
    expect(openFileLimit(LIMITS.replace('256 ', 'unlimited'))).toBeUndefined();
    expect(openFileLimit('')).toBeUndefined();
  });

  it('names the station, what failed, the code, and the limit to raise', () => {
    const err = Object.assign(new Error('connect EMFILE 127.0.0.1:9000 - Local (undefined:undefined)'), { code: 'EMFILE' });
    expect(outOfHandlesMessage('NG9-0812', 'connect', err, 256)).toBe("NG9-0812: out of file handles (connect EMFILE); raise 'ulimit -n' (now 256)");
    expect(outOfHandlesMessage('NG9-0001', 'open', new Error('ENFILE: file table overflow'), undefined)).toBe("NG9-0001: out of file handles (open ENFILE); raise 'ulimit -n'");
  });

  it('a worker thread that could not load its modules: the same advice; any other error as it is', () => {
    const err = Object.assign(new Error("EMFILE: too many open files, open '/x/dist/station/model/od.js'"), { code: 'EMFILE' });
    expect(workerErrorMessage(2, err, 120)).toBe("worker 2: out of file handles (EMFILE: too many open files, open '/x/dist/station/model/od.js'); raise 'ulimit -n' (now 120)");
    expect(workerErrorMessage(1, new Error('boom'), 120)).toBe('worker 1: boom');
  });
});
