import { describe, expect, it } from 'vitest';
import { JsonLines, lineAt } from '../../../src/fleet/json-lines.js';

describe('the line of each field of a JSON text', () => {
  const text = ['{', '  "a": "x\\"}{[,",', '  "b": [', '    1,', '    { "c": null,', '      "d.e": true }', '  ],', '  "a": 2', '}'].join('\n');
  const lines = JsonLines.of(text);

  it('keys and array elements by path; strings with quotes and brackets in them do not confuse it', () => {
    expect(lines.lineOf('b')).toBe(3);
    expect(lines.lineOf('b[0]')).toBe(4);
    expect(lines.lineOf('b[1]')).toBe(5);
    expect(lines.lineOf('b[1].c')).toBe(5);
    expect(lines.lineOf('b[1].d.e')).toBe(6);
  });

  it('a duplicate key: its last place (JSON.parse keeps the last value)', () => {
    expect(lines.lineOf('a')).toBe(8);
  });

  it('a field that is not there: the nearest one around it', () => {
    expect(lines.lineOf('b[1].missing')).toBe(5);
    expect(lines.lineOf('b[7]')).toBe(3);
    expect(lines.lineOf('nope')).toBe(1);
  });

  it('lineAt: the line of an offset', () => {
    expect(lineAt('ab\ncd\nef', 0)).toBe(1);
    expect(lineAt('ab\ncd\nef', 4)).toBe(2);
    expect(lineAt('ab\ncd\nef', 8)).toBe(3);
  });
});
