/**
 * Blocks on narrow hosts (issue 7): no file of src/station sits in an import
 * cycle with station.ts, and outside the console (which stands on top of a
 * whole station) nothing imports the Station type: each block declares what
 * it needs as a host interface.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without types
import { cycleWith, importGraph } from '../../../scripts/import-cycles.mjs';

describe('the import graph of src/station', () => {
  it('has no cycle through station.ts', () => {
    expect(cycleWith('src/station/station.ts')).toEqual([]);
  });

  it('no block imports station.ts (only the console, which is built on a whole station)', () => {
    const graph: Map<string, Set<string>> = importGraph();
    const importers = [...graph]
      .filter(([, targets]) => [...targets].some((t) => t.endsWith('/src/station/station.ts')))
      .map(([file]) => relative(process.cwd(), file))
      .filter((file) => !file.startsWith('src/station/console/'));
    expect(importers).toEqual([]);
  });
});
