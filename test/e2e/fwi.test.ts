/**
 * `ng9 fwi pack|inspect|sign` as a release script uses them: local files,
 * no station. Pack unsigned, inspect, sign, inspect against the root.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, makeRoot } from '../support/pki.js';
import { cleanupTemps, ensureBuilt, ng9, ng9Json, tempDir } from './helpers.js';

beforeAll(ensureBuilt, 300_000);
afterAll(cleanupTemps);

describe('ng9 fwi', () => {
  it('pack → inspect --json → sign → inspect --cert; a wrong root or a changed byte fails with exit 1', async () => {
    const dir = tempDir();
    const at = (name: string) => join(dir, name);
    const root = await makeRoot('CN=e2e manufacturer root, O=ng9 tests');
    const signer = await issue(root, { subject: 'CN=e2e firmware signer, O=ng9 tests' });
    const stranger = await makeRoot('CN=someone else');
    writeFileSync(at('root.pem'), root.pem);
    writeFileSync(at('stranger.pem'), stranger.pem);
    writeFileSync(at('signer.pem'), signer.pem);
    writeFileSync(at('signer.key'), signer.keyPem);
    const firmware = Buffer.from('ng9 firmware 6.0.0 '.repeat(5000));
    const bootloader = Buffer.from('stage 2 bootloader '.repeat(500));
    writeFileSync(at('fw.bin'), firmware);
    writeFileSync(at('bl.bin'), bootloader);

    const packed = await ng9Json(['fwi', 'pack', '--kind', 'minimal', '--version', '6.0.0', '--firmware', at('fw.bin'), '--bootloader', at('bl.bin'), '--bootloader-version', '1.2.0', '-o', at('min.fwi')]);
    expect(packed.code).toBe(0);
    expect(packed.data).toMatchObject({ kind: 'minimal', signature: 'unsigned', sections: [{ name: 'bootloader', version: '1.2.0' }, { name: 'firmware', version: '6.0.0', compression: 'brotli', length: firmware.length }] });

    const inspected = await ng9Json(['fwi', 'inspect', at('min.fwi')]);
    expect(inspected.code).toBe(0);
    expect(inspected.data).toMatchObject({ kind: 'minimal', platform: 'NG9xx', signature: { status: 'unsigned' }, problems: [] });
    expect(inspected.data.sections.every((s: any) => s.intact && s.ratio < 0.1)).toBe(true);
    // unsigned is not trusted
    expect((await ng9Json(['fwi', 'inspect', at('min.fwi'), '--cert', at('root.pem')])).data).toMatchObject({ signature: { trusted: false }, problems: ['the image is not signed'] });

    const signed = await ng9Json(['fwi', 'sign', at('min.fwi'), '--key', at('signer.key'), '--cert', at('signer.pem'), '-o', at('signed.fwi')]);
    expect(signed).toMatchObject({ code: 0, data: { file: at('signed.fwi'), signature: 'signed (ecdsa-p256-sha256)' } });

    const trusted = await ng9Json(['fwi', 'inspect', at('signed.fwi'), '--cert', at('root.pem')]);
    expect(trusted.code).toBe(0);
    expect(trusted.data.signature).toMatchObject({ status: 'valid', algorithm: 'ecdsa-p256-sha256', signer: 'CN=e2e firmware signer, O=ng9 tests', trusted: true });
    // the signer's own certificate is trusted too
    expect((await ng9(['fwi', 'inspect', at('signed.fwi'), '--cert', at('signer.pem')])).code).toBe(0);

    const untrusted = await ng9(['fwi', 'inspect', at('signed.fwi'), '--cert', at('stranger.pem')]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/status +valid\n[\s\S]*trusted +false/);
    expect(untrusted.stderr).toMatch(/Error: the signer certificate \(CN=e2e firmware signer, O=ng9 tests\) is neither a given certificate nor issued by one/);

    const bytes = readFileSync(at('signed.fwi'));
    bytes[200] = bytes[200]! ^ 0xff;
    writeFileSync(at('bad.fwi'), bytes);
    const bad = await ng9Json(['fwi', 'inspect', at('bad.fwi')]);
    expect(bad.code).toBe(1);
    expect(bad.data.signature.status).toBe('invalid');
    expect(bad.data.problems.length).toBeGreaterThan(0);
  });

  it('usage errors exit 2, a file that is no image exits 1, both with the one JSON failure shape', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fw.bin'), 'firmware');
    writeFileSync(join(dir, 'not.fwi'), 'PK\x03\x04 a zip file');
    const base = ['fwi', 'pack', '--kind', 'firmware', '--version', '6.0.0', '-o', join(dir, 'out.fwi')];
    expect(await ng9Json(base)).toMatchObject({ code: 2, data: { ok: false, error: { code: 'USAGE', message: 'a firmware image needs --firmware <file>' } } });
    expect(await ng9Json([...base, '--firmware', join(dir, 'fw.bin'), '--video', join(dir, 'fw.bin')])).toMatchObject({ code: 2, data: { error: { code: 'USAGE' } } });
    expect(await ng9Json([...base, '--firmware', join(dir, 'missing.bin')])).toMatchObject({ code: 2, data: { error: { message: expect.stringMatching(/cannot read the firmware file .*ENOENT/) } } });
    const noKind = await ng9(['fwi', 'pack', '--firmware', join(dir, 'fw.bin'), '-o', join(dir, 'out.fwi')]);
    expect(noKind.code).toBe(2);
    expect((await ng9(['fwi', 'pack', ...base.slice(2), '--firmware', join(dir, 'fw.bin'), '--key', 'k.pem'])).code).toBe(2); // --key needs --cert
    const notImage = await ng9(['fwi', 'inspect', join(dir, 'not.fwi')]);
    expect(notImage.code).toBe(1);
    expect(notImage.stderr).toMatch(/^Error: not an FWI image .* \(BAD_MAGIC\)$/m);
    expect(await ng9Json(['fwi', 'inspect', join(dir, 'not.fwi')])).toMatchObject({ code: 1, data: { ok: false, error: { code: 'BAD_MAGIC' } } });
    expect((await ng9(['fwi', 'sign', join(dir, 'not.fwi'), '--key', 'k', '--cert', 'c'])).code).toBe(1);
  });
});
