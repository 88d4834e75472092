import { X509Certificate } from 'node:crypto';
import { Args, Flags } from '@oclif/core';
import { FileCommand, readInput } from '../../cli/file-command.js';
import { readImage, readSigner, signatureName } from '../../cli/fwi-report.js';
import { UsageError } from '../../cli/lines.js';
import { FwiError, signFwi } from '../../station/firmware/fwi.js';

export default class FwiSign extends FileCommand<typeof FwiSign> {
  static summary = 'Sign an FWI image (a signature it has is replaced).';
  static args = { file: Args.string({ required: true, description: 'FWI image' }) };
  static flags = {
    key: Flags.string({ description: 'private key (PEM: ECDSA P-256, or RSA for RSA-PSS)', required: true }),
    cert: Flags.string({ description: "the key's certificate (PEM), embedded in the image", required: true }),
    output: Flags.string({ char: 'o', description: 'file to write [default: the image itself]' }),
  };
  static examples = ['<%= config.bin %> fwi sign ng9-6.0.0.fwi --key signer.key --cert signer.pem'];

  public async run(): Promise<void> {
    try {
      const bytes = readInput(this.args.file, 'the image');
      readImage(bytes); // a broken image is a failed check (exit 1), before the key is looked at
      const signer = readSigner(this.flags.key, this.flags.cert);
      let signed: Buffer;
      try {
        signed = signFwi(bytes, signer);
      } catch (err) {
        if (err instanceof FwiError && err.code === 'BAD_SIGNER') throw new UsageError(err.message);
        throw err;
      }
      const output = this.flags.output ?? this.args.file;
      this.writeOutput(output, signed);
      const image = readImage(signed);
      const signerName = new X509Certificate(image.signerCertificate!).subject.replace(/\n/g, ', ');
      await this.done({ file: output, kind: image.kind, platform: image.platform, size: image.size, signature: signatureName(image), signer: signerName });
    } catch (err) {
      this.fail(err);
    }
  }
}
