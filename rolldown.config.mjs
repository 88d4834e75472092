// The one-shot fast path (bin/run.js) as a few files: loading ~100 small
// engine modules costs more than parsing them bundled. Split at the dynamic
// imports, so a line for a charger on a cable (--port) or a running station
// (its local socket) does not load the engine at all. Packages stay external
// (better-sqlite3 is native; the others load lazily anyway).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { 'fast-path': 'dist/cli/fast-path.js' },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  output: { dir: 'dist/cli/fast', format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
