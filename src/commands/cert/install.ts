import { readFileSync } from 'node:fs';
import { Args } from '@oclif/core';
import { LineCommand } from '../../cli/base-command.js';
import { certInstallLine, UsageError } from '../../cli/lines.js';

export default class CertInstall extends LineCommand<typeof CertInstall> {
  static summary = 'Install a root certificate from a PEM file (as InstallCertificate; needs the service login).';
  static args = {
    type: Args.string({ required: true, options: ['CSMSRootCertificate', 'ManufacturerRootCertificate', 'V2GRootCertificate', 'MORootCertificate'], description: 'certificate type' }),
    file: Args.string({ required: true, description: 'PEM file (one certificate, or a chain)' }),
  };
  static examples = ['<%= config.bin %> cert install CSMSRootCertificate csms-root.pem --service-password …'];

  protected line(): string {
    let pem: string;
    try {
      pem = readFileSync(this.args.file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${this.args.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return certInstallLine(this.args.type, pem);
  }
}
