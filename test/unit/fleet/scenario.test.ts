import { describe, expect, it } from 'vitest';
import { draw, parseScenario, ScenarioError, seededRandom, stationSeed, validateScenario } from '../../../src/fleet/scenario.js';

function problem(input: unknown, evses?: number): string {
  try {
    validateScenario(input, evses);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as Error).message;
  }
  throw new Error('no problem found');
}

describe('fleet scenario file', () => {
  it('accepts the documented format', () => {
    const text = JSON.stringify({
      idTokens: ['TAG-0001'],
      sessions: [{ arrival: [30, 90], duration: 120, idTokens: ['A'], evse: 2 }],
      linkDrops: { every: [600, 1200], duration: [5, 30] },
      reboots: { every: 3600 },
    });
    expect(parseScenario(text, 2)).toEqual({
      idTokens: ['TAG-0001'],
      sessions: [{ arrival: [30, 90], duration: 120, idTokens: ['A'], evse: 2 }],
      linkDrops: { every: [600, 1200], duration: [5, 30] },
      reboots: { every: 3600 },
    });
    expect(parseScenario('{}')).toEqual({});
  });

  it('names the field of a typo or a wrong value', () => {
    expect(problem({ sessions: [{ arrival: 1, duration: 'x' }] })).toBe('sessions[0].duration: expected a number or [min, max] (seconds, each ≥ 0), got "x"');
    expect(problem({ sessions: [{ arrival: 1, duratoin: 2 }] })).toMatch(/^sessions\[0\]\.duratoin: unknown field \(did you mean 'duration'\?\)/);
    expect(problem({ sessions: [{ arrival: 1 }] })).toBe('sessions[0].duration: missing');
    expect(problem({ sessions: [{ arrival: [5, 1], duration: 1 }] })).toBe('sessions[0].arrival: [min, max] with min ≤ max, got [5, 1]');
    expect(problem({ sessions: [{ arrival: 0, duration: 1 }] })).toMatch(/^sessions\[0\]\.arrival: must be more than 0 seconds/);
    expect(problem({ sessions: [{ arrival: 1, duration: 1, evse: 3 }] }, 2)).toBe('sessions[0].evse: expected an EVSE number 1..2, got 3');
    expect(problem({ idTokens: ['ok', ''] })).toMatch(/^idTokens\[1\]: expected an idToken of 1\.\.36 characters/);
    expect(problem({ linkDrops: { every: 10 } })).toBe('linkDrops.duration: missing');
    expect(problem({ reboot: { every: 10 } })).toMatch(/^reboot: unknown field \(did you mean 'reboots'\?\)/);
    expect(problem([])).toBe('a scenario is a JSON object');
  });

  it('a JSON syntax error names its line', () => {
    expect(() => parseScenario('{\n  "sessions": [\n    { "arrival": 1, }\n  ]\n}')).toThrow(/not valid JSON \(line 3\)/);
  });
});

describe('seeded draws', () => {
  it('the same seed gives the same numbers; stations of a fleet get different ones', () => {
    const a = seededRandom(stationSeed(7, 1));
    const b = seededRandom(stationSeed(7, 1));
    const c = seededRandom(stationSeed(7, 2));
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws fixed values as they are and ranges within [min, max]', () => {
    const random = seededRandom(1);
    expect(draw(5, random)).toBe(5);
    for (let i = 0; i < 100; i++) {
      const v = draw([2, 4], random);
      expect(v >= 2 && v <= 4).toBe(true);
    }
  });
});

describe('scenario variables', () => {
  it('takes console keys and OCPP 1.6 keys, values as strings', () => {
    expect(validateScenario({ variables: { 'SampledDataCtrlr.TxUpdatedInterval': 30, MeterValueSampleInterval: '30', 'AuthCtrlr.LocalPreAuthorize': false } })).toEqual({
      variables: { 'SampledDataCtrlr.TxUpdatedInterval': '30', MeterValueSampleInterval: '30', 'AuthCtrlr.LocalPreAuthorize': 'false' },
    });
  });

  it('names a key that is no key and a value that is no value', () => {
    expect(problem({ variables: { 'not a key': 1 } })).toMatch(/^variables\.not a key: expected a key Component\.Variable/);
    expect(problem({ variables: { 'SampledDataCtrlr.TxUpdatedInterval': [30] } })).toBe('variables.SampledDataCtrlr.TxUpdatedInterval: expected a string, number or boolean, got [30]');
    expect(problem({ variables: [] })).toBe('variables: expected an object { "Component.Variable": value }');
    expect(problem({ varaibles: {} })).toMatch(/did you mean 'variables'/);
  });
});
