import { basename } from 'node:path';
import { Flags } from '@oclif/core';
import { StationCommand, stationSpec } from '../cli/base-command.js';
import { firmwareFlags } from '../cli/firmware-flags.js';
import { p1Flags } from '../cli/p1-flags.js';
import { loginLine } from '../cli/lines.js';
import { colours, useColour } from '../cli/render.js';
import type { ReplBackend } from '../cli/repl.js';
import { historyFile } from '../cli/state-dir.js';
import { TargetError } from '../cli/target.js';

interface Spinner {
  text: string;
  clear(): void;
  render(): void;
  succeed(text?: string): void;
  warn(text?: string): void;
  fail(text?: string): void;
}

interface Opened {
  backend: ReplBackend;
  prompt: string;
  history: string;
}

export default class Console extends StationCommand<typeof Console> {
  static summary = 'Interactive station console: the embedded station, or a charger with --port.';
  static description =
    'Type console lines (help, status, network ...). On a terminal: history, tab completion, colours. ' +
    'When stdin is not a TTY, reads plain lines and writes plain replies (exit code 1 if any line failed).';
  static flags = {
    ...p1Flags,
    ...firmwareFlags,
    demo: Flags.boolean({ description: 'start the demo backoffice on loopback and connect the embedded station to it (instead of --csms)' }),
    quiet: Flags.boolean({ description: 'do not print the demo backoffice lines' }),
  };
  static examples = [
    '<%= config.bin %> console --demo',
    '<%= config.bin %> console --port /dev/ttyUSB0',
    'printf "network\\nreasons\\n" | <%= config.bin %> console --state ./state',
  ];

  private readonly interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private spinner?: Spinner;
  /** Where asynchronous lines (the demo backoffice's) go: above the spinner, then above the prompt. */
  private asyncPrint = (line: string): void => {
    if (this.spinner) {
      this.spinner.clear();
      process.stdout.write(`${line}\n`);
      this.spinner.render();
    } else (this.interactive ? process.stdout : process.stderr).write(`${line}\n`);
  };

  public async run(): Promise<void> {
    const colour = this.interactive && useColour(process.stdout);
    try {
      const { backend, prompt, history } = this.flags.port ? await this.openSerial(this.flags.port) : await this.openEmbedded(colours(colour));
      this.spinner = undefined;
      // From now on asynchronous lines go above the prompt (stderr when piped: stdout holds only replies).
      const extra = new Set<(line: string) => void>();
      this.asyncPrint = this.interactive ? (line) => extra.forEach((fn) => fn(line)) : (line) => process.stderr.write(`${line}\n`);
      const repl: ReplBackend = {
        ...backend,
        onAsync(fn) {
          extra.add(fn);
          const off = backend.onAsync(fn);
          return () => {
            extra.delete(fn);
            off();
          };
        },
      };
      const { runRepl } = await import('../cli/repl.js');
      if (this.interactive) process.stdout.write(colours(colour).dim("type 'help' for the commands, 'exit' or Ctrl-D to leave\n"));
      const result = await runRepl(repl, { prompt, input: process.stdin, output: process.stdout, interactive: this.interactive, colour, historyFile: history });
      if (!this.interactive && result.errors > 0) process.exitCode = 1;
    } catch (err) {
      this.spinner?.fail();
      this.fail(err);
    } finally {
      for (const cleanup of this.cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
    }
  }

  /** A charger on a serial port, in text mode. */
  private async openSerial(port: string): Promise<Opened> {
    await this.startSpinner(`opening ${port} at ${this.flags.baud} baud`);
    const { SerialTarget } = await import('../cli/serial-target.js');
    const { serialBackend, stationIdOf } = await import('../cli/repl-backends.js');
    const target = await SerialTarget.open({ path: port, baud: this.flags.baud, timeoutMs: this.flags.timeout * 1000, reconnect: true });
    this.cleanups.push(() => target.close());
    target.onLink((state, detail) => void this.cableState(state, detail));
    await this.login((line) => target.request(line));
    const status = await target.request('status');
    const id = (status.ok && stationIdOf(status.data)) || basename(port);
    const backend = await serialBackend(target);
    this.spinner?.succeed(`connected to ${id} on ${port}`);
    return { backend, prompt: `ng9:${id}> `, history: historyFile(this.flags.state, { port }) };
  }

  /** The embedded station, started; with --demo, connected to a demo backoffice on loopback. */
  private async openEmbedded(c: ReturnType<typeof colours>): Promise<Opened> {
    let csms = this.flags.csms;
    if (this.flags.demo) {
      await this.startSpinner('starting the demo backoffice');
      const { startDemoBackoffice } = await import('../backoffice/demo-csms.js');
      const backoffice = await startDemoBackoffice({
        host: '127.0.0.1',
        port: 0,
        onLog: this.flags.quiet ? undefined : (line) => this.asyncPrint(c.dim(`[backoffice] ${line}`)),
      });
      this.cleanups.push(() => backoffice.close());
      csms = backoffice.url;
      if (!this.spinner) process.stderr.write(`demo backoffice on ${backoffice.url}\n`);
    }
    const { openStation } = await import('../cli/in-process-target.js');
    const { inProcessBackend } = await import('../cli/repl-backends.js');
    const { waitForRegistration } = await import('../cli/serve.js');
    const spec = stationSpec(this.flags);
    const station = await openStation({ ...spec, csmsUrl: csms });
    this.cleanups.push(() => station.stop());
    if (spec.stateDir) {
      const { serveLocalSocket } = await import('../cli/local-socket.js');
      this.cleanups.push(await serveLocalSocket(station, spec.stateDir));
    }
    const backend = await inProcessBackend(station);
    this.cleanups.push(() => backend.close());
    station.start();
    if (csms) {
      await this.startSpinner(`connecting ${station.id} to ${csms}`);
      const { registration, unreachable } = await waitForRegistration(station, 10_000);
      if (registration === 'Accepted') this.spinner?.succeed(`${station.id} connected to ${csms}: registration Accepted`);
      else {
        const why = unreachable ? `cannot reach the CSMS at ${csms} (${unreachable})` : `${station.id} not accepted yet by ${csms} (${registration})`;
        const hint = `${why}; the station keeps trying — check the URL with 'network' and that the backoffice runs`;
        if (this.spinner) this.spinner.warn(hint);
        else process.stderr.write(`warning: ${hint}\n`);
      }
    }
    await this.login(async (line) => ({ ok: await backend.send(line, () => undefined) }));
    return { backend, prompt: `ng9:${station.id}> `, history: historyFile(this.flags.state, { id: station.id }) };
  }

  /** The cable to the charger was pulled / is back: a spinner on a terminal, a line otherwise. */
  private async cableState(state: 'lost' | 'back', detail: string): Promise<void> {
    if (state === 'lost') {
      await this.startSpinner(`cable pulled — waiting (${detail})`);
      if (!this.spinner) process.stderr.write(`cable pulled — waiting: ${detail}\n`);
      return;
    }
    if (this.spinner) this.spinner.succeed(detail);
    else process.stderr.write(`${detail}\n`);
    this.spinner = undefined;
  }

  /** An ora spinner on a terminal only (ora loops forever on a terminal that reports 0 columns). */
  private async startSpinner(text: string): Promise<void> {
    if (this.spinner) {
      this.spinner.text = text;
      return;
    }
    if (!this.interactive || !process.stderr.isTTY || !(process.stderr.columns > 0)) return;
    const { default: ora } = await import('ora');
    this.spinner = ora({ text, stream: process.stderr }).start() as unknown as Spinner;
  }

  /** `--service-password`: log in before the first typed line. */
  private async login(request: (line: string) => Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
    const password = this.flags['service-password'];
    if (password === undefined) return;
    const reply = await request(loginLine(password));
    if (!reply.ok) throw new TargetError('DENIED', `login service refused${reply.error ? `: ${reply.error.message}` : ''}`, 1);
  }
}
