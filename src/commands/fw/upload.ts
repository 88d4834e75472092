import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { runningStationFlags, StationCommand } from '../../cli/base-command.js';
import { UsageError } from '../../cli/lines.js';
import { TargetError } from '../../cli/target.js';

export default class FwUpload extends StationCommand<typeof FwUpload> {
  static summary = 'Send a firmware image (FWI) to a charger over its serial console; the charger installs it.';
  static description =
    "Binary frames over the console line (docs/fw-upload.md), then the charger runs 'fw install' on the image: its answer is the result (exit 1 when it is an error). " +
    'A pulled cable is waited for and the upload resumes where it stopped; Ctrl-C aborts (exit 130), and the same upload later resumes too.';
  static baseFlags = runningStationFlags('port', 'baud', 'timeout', 'service-password', 'json');
  static flags = {
    pace: Flags.integer({ description: 'write at most this many bytes/s (emulates the line rate over a pty, which has none)', min: 1, hidden: true }),
  };
  static args = { file: Args.string({ required: true, description: 'FWI image' }) };
  static examples = ['<%= config.bin %> fw upload ng9-6.1.0.fwi --port /dev/ttyUSB0', 'NG9_PORT=/dev/ttyUSB0 <%= config.bin %> fw upload ng9-6.1.0.fwi --json'];

  public async run(): Promise<void> {
    const { port, baud, json } = this.flags;
    if (!port) return this.fail(new UsageError("fw upload needs the charger's serial port: --port <path> or NG9_PORT (on the embedded station: ng9 fw install <file>)"));
    let image: Buffer;
    try {
      image = readFileSync(this.args.file);
    } catch (err) {
      return this.fail(new UsageError(`cannot read ${this.args.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
    }
    if (image.length === 0) return this.fail(new UsageError(`${this.args.file} is empty`));

    const { uploadImage } = await import('../../cli/fw-upload.js');
    const { SerialLink } = await import('../../cli/serial-link.js');
    const { progressView } = await import('../../cli/fw-progress.js');
    // ora loops forever on a terminal that reports 0 columns: plain lines there
    const tty = process.stderr.isTTY && process.stderr.columns > 0;
    const view = await progressView(json ? 'quiet' : tty ? 'tty' : 'lines', `${basename(this.args.file)} → ${port}`);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const result = await uploadImage(image, {
        path: port,
        open: () => SerialLink.open(port, baud).catch((err: Error) => Promise.reject(new TargetError('PORT', err.message, 2))),
        lineRate: baud / 10,
        pace: this.flags.pace,
        servicePassword: this.flags['service-password'],
        replyTimeoutMs: this.flags.timeout * 1000,
        signal: controller.signal,
        onProgress: (p) => view.update(p),
        onLink: (_state, detail) => view.say(detail),
      });
      view.stop();
      const { answer } = result;
      const summary = { bytes: result.size, sent: result.sent, resumedFrom: result.resumedFrom, seconds: round(result.seconds, 2), rate: Math.round(result.rate), resent: result.resent, reconnects: result.reconnects, resumedAt: result.resumedAt, sha256: result.sha256 };
      if (json) {
        process.stdout.write(`${JSON.stringify({ ...summary, answer })}\n`);
        if (!answer.ok) process.exitCode = 1;
        return;
      }
      const resumed = result.resumedFrom ? ` (resumed at ${result.resumedFrom})` : '';
      process.stdout.write(`sent ${result.sent} of ${result.size} bytes${resumed} in ${summary.seconds} s, ${(result.rate / 1024).toFixed(1)} KiB/s; the charger answered:\n`);
      await this.print(answer);
    } catch (err) {
      view.stop();
      this.fail(err);
    } finally {
      process.off('SIGINT', onSigint);
    }
  }
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
