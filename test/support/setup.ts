/**
 * vitest `setupFiles` entry (vitest.config.ts): it runs in every test file
 * before the file's own code, sharing its module instances, so the
 * `afterEach` below ends what each test opened through test/support (its
 * scenarios, whose end() also fails the test on any strict-validation
 * violation the CSMS recorded) with no teardown code in the test files.
 * A file's own afterEach runs before this one (hooks unwind as a stack) and
 * may end a scenario itself: Scenario.end() is idempotent.
 */
import { afterEach } from 'vitest';
import { endOfTest } from './test-end.js';

afterEach(endOfTest);
