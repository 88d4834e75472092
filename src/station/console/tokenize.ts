import { ConsoleError } from './types.js';

/** Split a console line into words; a double-quoted value may hold spaces and `\"`. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '"') {
      let word = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new ConsoleError('BAD_ARGUMENT', 'unterminated quote');
        const q = line[i]!;
        if (q === '\\' && i + 1 < line.length) {
          word += line[i + 1];
          i += 2;
        } else if (q === '"') {
          i++;
          break;
        } else {
          word += q;
          i++;
        }
      }
      words.push(word);
      continue;
    }
    let word = '';
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') word += line[i++];
    words.push(word);
  }
  return words;
}

/** Quote a value for a console line when it needs it (used by the CLI to build lines). */
export function quote(value: string): string {
  return value === '' || /[\s"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}
