import { describe, expect, it } from 'vitest';
import { identityProblem } from '../../../src/station/identity.js';
import { Station } from '../../../src/station/station.js';

describe('station identity (OCPP 2.0.1: at most 48 unreserved URL characters)', () => {
  it.each([
    ['NG9-0001', undefined],
    ['a_b', undefined],
    ['a.b', undefined],
    ['x~y', undefined],
    ['A'.repeat(48), undefined],
    ['A'.repeat(49), /at most 48/],
    ['', /empty/],
    ['a:b', /not ":"/],
    ['a/b', /not "\/"/],
    ['../../escape', /not "\/"/],
    ['..', /not a station id/],
    ['.', /not a station id/],
    ['with space', /not " "/],
    ['é', /not "é"/],
  ])('%j', (id, problem) => {
    if (problem === undefined) expect(identityProblem(id)).toBeUndefined();
    else expect(identityProblem(id)).toMatch(problem);
  });

  it('Station.open refuses a bad identity with the reason', () => {
    expect(() => Station.open({ id: 'a:b' })).toThrow(/may hold only .* \(not ":"\): 'a:b'/);
  });
});
