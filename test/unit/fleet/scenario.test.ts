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

/** The refusal as `ng9 sim fleet --scenario busy.json` prints it (after `scenario `). */
function fileProblem(text: string): string {
  try {
    parseScenario(text, 2);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).in('busy.json');
  }
  throw new Error('no problem found');
}

describe('fleet scenario file', () => {
  it('accepts the documented format', () => {
    const text = JSON.stringify({
      idTokens: ['TAG-0001'],
      sessions: [{ arrival: [30, 90], duration: 120, idTokens: ['A'], evse: 2 }, { arrival: 60, duration: 3600, energy: [5, 40.5] }],
      linkDrops: { every: [600, 1200], duration: [5, 30] },
      reboots: { every: 3600 },
    });
    expect(parseScenario(text, 2)).toEqual({
      idTokens: ['TAG-0001'],
      sessions: [{ arrival: [30, 90], duration: 120, idTokens: ['A'], evse: 2 }, { arrival: 60, duration: 3600, energy: [5, 40.5] }],
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
    expect(problem({ sessions: [{ arrival: 1, duration: 1, energy: 'full' }] })).toBe('sessions[0].energy: expected a number or [min, max] (kWh, each ≥ 0), got "full"');
    expect(problem({ sessions: [{ arrival: 1, duration: 1, energy: 0 }] })).toBe('sessions[0].energy: must be more than 0 kWh, got 0');
    expect(problem({ sessions: [{ arrival: 1, duration: 1, energy: [20, 5] }] })).toBe('sessions[0].energy: [min, max] with min ≤ max, got [20, 5]');
    expect(problem({ reboot: { every: 10 } })).toMatch(/^reboot: unknown field \(did you mean 'reboots'\?\)/);
    expect(problem([])).toBe('a scenario is a JSON object');
  });

  it('a JSON syntax error names its line', () => {
    expect(fileProblem('{\n  "sessions": [\n    { "arrival": 1, }\n  ]\n}')).toMatch(/^busy\.json line 3: not valid JSON: /);
    // the text ends too soon: its last line
    expect(fileProblem('{\n  "sessions": [\n    { "arrival": 1\n')).toMatch(/^busy\.json line 3: not valid JSON: /);
  });

  const BUSY = [
    '{', //                                                    1
    '  "idTokens": ["TAG-0001"],', //                           2
    '  "sessions": [', //                                       3
    '    { "arrival": [30, 90], "duration": 600 },', //         4
    '    {', //                                                 5
    '      "arrival": 7200,', //                                6
    '      "duraton": 300', //                                  7
    '    }', //                                                 8
    '  ],', //                                                  9
    '  "variables": { "SampledDataCtrlr.TxUpdatedInterval": 30 }', // 10
    '}', //                                                     11
  ];
  const busy = (edit: (lines: string[]) => void) => {
    const lines = [...BUSY];
    edit(lines);
    return lines.join('\n');
  };

  it('a wrong field names its line: nested, at the top, a wrong type, a missing field', () => {
    expect(fileProblem(busy(() => {}))).toBe(
      "busy.json line 7: sessions[1].duraton: unknown field (did you mean 'duration'?); expected one of arrival, duration, energy, idTokens, evse",
    );
    // top level
    const top = busy((l) => {
      l[6] = '      "duration": 300';
      l[9] = '  "variables": {},\n  "reboot": { "every": 10 }';
    });
    expect(fileProblem(top)).toMatch(/^busy\.json line 11: reboot: unknown field \(did you mean 'reboots'\?\)/);
    // a wrong type, in an array element
    const type = busy((l) => {
      l[3] = '    { "arrival": [30, 90], "duration": "long" },';
      l[6] = '      "duration": 300';
    });
    expect(fileProblem(type)).toBe('busy.json line 4: sessions[0].duration: expected a number or [min, max] (seconds, each ≥ 0), got "long"');
    const token = busy((l) => {
      l[1] = '  "idTokens": [\n    "TAG-0001",\n    ""\n  ],';
      l[6] = '      "duration": 300';
    });
    expect(fileProblem(token)).toMatch(/^busy\.json line 4: idTokens\[1\]: expected an idToken of 1\.\.36 characters/);
    // a missing field: the line of the object that lacks it
    expect(fileProblem(busy((l) => (l[6] = '      "evse": 1')))).toBe('busy.json line 5: sessions[1].duration: missing');
    // a variable key with dots in it
    expect(fileProblem(busy((l) => {
      l[6] = '      "duration": 300';
      l[9] = '  "variables": {\n    "SampledDataCtrlr.TxUpdatedInterval": [30]\n  }';
    }))).toMatch(/^busy\.json line 11: variables\.SampledDataCtrlr\.TxUpdatedInterval: expected a string, number or boolean/);
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
