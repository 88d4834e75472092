import { Args, Flags } from '@oclif/core';
import { FileCommand, readInput } from '../../cli/file-command.js';
import { inspectImage, readTrusted } from '../../cli/fwi-report.js';

export default class FwiInspect extends FileCommand<typeof FwiInspect> {
  static summary = 'Show an FWI image: kind, platform, sections, compression, signature; check every section and the signature.';
  static description = `Exit 1 when a section is corrupt, the signature is invalid or, with --cert, the image is unsigned or its signer certificate is neither the given certificate nor issued by it (or is out of its validity). An unsigned image passes without --cert.`;
  static args = { file: Args.string({ required: true, description: 'FWI image' }) };
  static flags = {
    cert: Flags.string({ description: 'trusted certificate(s), PEM (e.g. the manufacturer root): the signer must be one of them or issued by one' }),
  };
  static examples = ['<%= config.bin %> fwi inspect ng9-6.0.0.fwi', '<%= config.bin %> fwi inspect ng9-6.0.0.fwi --cert manufacturer-root.pem --json'];

  public async run(): Promise<void> {
    try {
      const trusted = this.flags.cert === undefined ? undefined : readTrusted(this.flags.cert);
      const { data, problems } = inspectImage(this.args.file, readInput(this.args.file, 'the image'), trusted);
      await this.done(this.flags.json ? { ...data, problems } : data);
      if (problems.length) {
        if (!this.flags.json) for (const problem of problems) process.stderr.write(`Error: ${problem}\n`);
        process.exitCode = 1;
      }
    } catch (err) {
      this.fail(err);
    }
  }
}
