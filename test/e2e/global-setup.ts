/**
 * vitest globalSetup for test/e2e: the e2e tests run the built CLI
 * (bin/run.js → dist/, oclif.manifest.json), so build first when dist is
 * missing or older than src (scripts/ensure.mjs decides, and prints why).
 */
import { ensureBuilt } from './helpers.js';

export default function setup(): void {
  ensureBuilt();
}
