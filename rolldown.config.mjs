// One file for the one-shot fast path (bin/run.js): loading ~100 small
// engine modules costs more than parsing them as one bundle. Packages stay
// external (better-sqlite3 is native; the others load lazily anyway).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'dist/cli/fast-path.js',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  output: { file: 'dist/cli/fast-path.bundle.js', format: 'esm', codeSplitting: false },
});
