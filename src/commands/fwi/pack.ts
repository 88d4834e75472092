import { Flags } from '@oclif/core';
import { FileCommand, readInput } from '../../cli/file-command.js';
import { UsageError } from '../../cli/lines.js';
import { FWI_DEFAULT_PLATFORM, FWI_KIND_SECTIONS, FwiError, type FwiKind, type FwiPackInput, type FwiSectionName, packFwi, readFwi } from '../../station/firmware/fwi.js';
import { readSigner, sectionRows, signatureName } from '../../cli/fwi-report.js';

const SECTION_FILE = 'SECTIONS';
const SIGNING = 'SIGNING';

export default class FwiPack extends FileCommand<typeof FwiPack> {
  static summary = 'Pack firmware, bootloader or video files into an FWI image, signed with --key/--cert.';
  static description = `The kind decides the sections: firmware (--firmware), bootloader (--bootloader: stage 2 of the bootloader), minimal (--bootloader and --firmware, for pre-6.0 chargers), video (--video). --version is the version of the kind's own section; the bootloader and video sections take theirs from --bootloader-version / --video-version when given. Without --key and --cert the image is unsigned (ng9 fwi sign signs it later). The byte layout is docs/fwi.md.`;
  static flags = {
    kind: Flags.option({ description: 'what the image updates', options: ['firmware', 'bootloader', 'minimal', 'video'] as const, required: true })(),
    version: Flags.string({ description: "version of the kind's own section (e.g. 6.0.0)" }),
    firmware: Flags.string({ description: 'firmware file', helpGroup: SECTION_FILE }),
    bootloader: Flags.string({ description: 'bootloader (stage 2) file', helpGroup: SECTION_FILE }),
    'bootloader-version': Flags.string({ description: 'bootloader version (e.g. 1.2.0)', helpGroup: SECTION_FILE }),
    video: Flags.string({ description: 'video resource file', helpGroup: SECTION_FILE }),
    'video-version': Flags.string({ description: 'video resource version', helpGroup: SECTION_FILE }),
    compression: Flags.option({ description: 'compression of every section', options: ['brotli', 'deflate', 'none'] as const, default: 'brotli' })(),
    platform: Flags.string({ description: 'charger platform', default: FWI_DEFAULT_PLATFORM }),
    key: Flags.string({ description: 'private key (PEM: ECDSA P-256, or RSA for RSA-PSS) to sign with', dependsOn: ['cert'], helpGroup: SIGNING }),
    cert: Flags.string({ description: "the key's certificate (PEM), embedded in the image", dependsOn: ['key'], helpGroup: SIGNING }),
    output: Flags.string({ char: 'o', description: 'FWI file to write', required: true }),
  };
  static examples = [
    '<%= config.bin %> fwi pack --kind firmware --version 6.0.0 --firmware fw.bin --key signer.key --cert signer.pem -o ng9-6.0.0.fwi',
    '<%= config.bin %> fwi pack --kind minimal --version 6.0.0 --firmware fw.bin --bootloader bl.bin --bootloader-version 1.2.0 -o minimal.fwi',
  ];

  public async run(): Promise<void> {
    try {
      const input = this.input();
      const signer = this.flags.key && this.flags.cert ? readSigner(this.flags.key, this.flags.cert) : undefined;
      let bytes: Buffer;
      try {
        bytes = packFwi(input, signer);
      } catch (err) {
        // what packFwi refuses is what the flags asked for
        if (err instanceof FwiError) throw new UsageError(err.message);
        throw err;
      }
      this.writeOutput(this.flags.output, bytes);
      const image = readFwi(bytes);
      await this.done({
        file: this.flags.output,
        kind: image.kind,
        platform: image.platform,
        size: image.size,
        signature: signatureName(image),
        sections: sectionRows(image),
      });
    } catch (err) {
      this.fail(err);
    }
  }

  private input(): FwiPackInput {
    const kind = this.flags.kind as FwiKind;
    const files: Record<FwiSectionName, string | undefined> = { firmware: this.flags.firmware, bootloader: this.flags.bootloader, video: this.flags.video };
    const versions: Record<FwiSectionName, string | undefined> = { firmware: this.flags.version, bootloader: this.flags['bootloader-version'], video: this.flags['video-version'] };
    const wanted = FWI_KIND_SECTIONS[kind];
    const extra = (Object.keys(files) as FwiSectionName[]).filter((name) => files[name] !== undefined && !wanted.includes(name));
    if (extra.length) throw new UsageError(`a ${kind} image has no ${extra.join(' or ')} section (--${extra.join(', --')})`);
    const sections = wanted.map((name) => {
      const file = files[name];
      if (file === undefined) throw new UsageError(`a ${kind} image needs --${name} <file>`);
      const own = wanted.length === 1 || name === 'firmware';
      const version = versions[name] ?? (own ? this.flags.version : undefined);
      if (version === undefined) throw new UsageError(`the ${name} section needs a version: --${name === 'firmware' ? 'version' : `${name}-version`}`);
      return { name, version, data: readInput(file, `the ${name} file`), compression: this.flags.compression };
    });
    return { platform: this.flags.platform, kind, sections };
  }
}
