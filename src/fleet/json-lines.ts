/**
 * Where each field of a JSON text is: the line of every member's key and of
 * every array element, by path (`sessions[1].duration`, `variables.A.B`),
 * written the way the scenario's checks name fields. Runs on text that
 * JSON.parse accepted; a duplicate key keeps its last place, as JSON.parse
 * keeps its last value.
 */

export class JsonLines {
  private constructor(private readonly lines: ReadonlyMap<string, number>) {}

  static of(text: string): JsonLines {
    const lines = new Map<string, number>();
    let i = 0;
    let line = 1;
    const space = () => {
      while (i < text.length && /\s/.test(text[i]!)) {
        if (text[i] === '\n') line++;
        i++;
      }
    };
    const string = (): string => {
      const start = i;
      i++; // "
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i)) as string;
    };
    const value = (path: string): void => {
      space();
      lines.set(path, line);
      const c = text[i];
      if (c === '{') {
        i++;
        space();
        while (text[i] !== '}') {
          const keyLine = line;
          const key = string();
          const member = path ? `${path}.${key}` : key;
          space();
          i++; // :
          value(member);
          lines.set(member, keyLine);
          space();
          if (text[i] === ',') i++;
          space();
        }
        i++;
      } else if (c === '[') {
        i++;
        space();
        for (let n = 0; text[i] !== ']'; n++) {
          value(`${path}[${n}]`);
          space();
          if (text[i] === ',') i++;
          space();
        }
        i++;
      } else if (c === '"') string();
      else while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++;
    };
    value('');
    return new JsonLines(lines);
  }

  /** The line of `path`; a field that is not there (missing): the line of the nearest field around it. */
  lineOf(path: string): number | undefined {
    for (let p = path; ; ) {
      const at = this.lines.get(p);
      if (at !== undefined) return at;
      if (p === '') return undefined;
      // the enclosing field: drop the last `[n]` or `.key` (a top-level key: the whole text)
      const up = p.replace(/(\[\d+\]|\.[^.[]*)$/, '');
      p = up === p ? '' : up;
    }
  }
}

/** The line of a character offset in `text` (1-based). */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
