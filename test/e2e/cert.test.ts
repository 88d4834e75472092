/**
 * `ng9 cert install <type> <file.pem>` as a provisioning script uses it:
 * the PEM file goes to the station as one console line, the store keeps it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRoot } from '../support/pki.js';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

const env = { ...process.env, NG9_SERVICE_PASSWORD: 'ng9service' };

describe('ng9 cert', () => {
  it('M05 from the CLI: cert install reads a PEM file, cert lists it (JSON); a missing or non-PEM file is a usage error (exit 2) and installs nothing', async () => {
    const state = tempDir();
    const root = await makeRoot('CN=e2e root, O=ng9 tests');
    const file = join(state, 'root.pem');
    writeFileSync(file, `${root.pem}\n`);
    const installed = await ng9Json(['cert', 'install', 'CSMSRootCertificate', file, '--state', state], { env });
    expect(installed.code).toBe(0);
    expect(installed.data).toMatchObject({ type: 'CSMSRootCertificate', subject: 'CN=e2e root, O=ng9 tests' });
    const list = await ng9Json(['cert', '--state', state]);
    expect(list.data.map((r: any) => r.subject)).toEqual(['CN=e2e root, O=ng9 tests']);
    const missing = await ng9(['cert', 'install', 'CSMSRootCertificate', join(state, 'none.pem'), '--state', state], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const notPem = join(state, 'x.pem');
    writeFileSync(notPem, 'hello');
    expect((await ng9(['cert', 'install', 'CSMSRootCertificate', notPem, '--state', state], { env })).code).toBe(2);
    expect((await ng9Json(['cert', '--state', state])).data).toHaveLength(1);
  });
});
