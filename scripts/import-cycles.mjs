#!/usr/bin/env node
// The import graph of src/station (type-only imports included), and the
// files that sit in one cycle with a given file: those it imports, directly
// or not, that import it back (its strongly connected component).
//
//   node scripts/import-cycles.mjs [src/station/station.ts]
//
// Prints the number of files in src/station, the files in a cycle with the
// given one, and exits 1 when there are any. The test suite runs it
// (test/unit/station/import-graph.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** file → the files of `dir` it imports (relative specifiers, `.js` written for `.ts`). */
export function importGraph(dir = join(root, 'src/station')) {
  const graph = new Map();
  for (const file of sources(dir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')));
    graph.set(file, new Set(targets));
  }
  return graph;
}

function reachable(graph, from) {
  const seen = new Set();
  const stack = [from];
  while (stack.length) {
    for (const next of graph.get(stack.pop()) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/** The files other than `file` that are in an import cycle with it. */
export function cycleWith(file, graph = importGraph()) {
  const target = resolve(root, file);
  const reversed = new Map();
  for (const [from, tos] of graph) for (const to of tos) reversed.set(to, (reversed.get(to) ?? new Set()).add(from));
  const down = reachable(graph, target);
  const up = reachable(reversed, target);
  return [...down].filter((f) => up.has(f) && f !== target).map((f) => relative(root, f)).sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'src/station/station.ts';
  const graph = importGraph();
  const cycle = cycleWith(file, graph);
  console.log(`${graph.size} files in src/station; ${cycle.length} in an import cycle with ${file}`);
  for (const f of cycle) console.log(`  ${f}`);
  process.exit(cycle.length ? 1 : 0);
}
