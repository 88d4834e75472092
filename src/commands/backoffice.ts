import { Command, Flags } from '@oclif/core';

export default class Backoffice extends Command {
  static summary = 'Run the demo backoffice (a permissive CSMS, OCPP 2.0.1 and 1.6) and print one line per message.';
  static flags = {
    port: Flags.integer({ description: 'TCP port to listen on (0: any free port)', default: 9000, min: 0, max: 65535 }),
    host: Flags.string({ description: 'interface to listen on', default: '127.0.0.1' }),
    'heartbeat-interval': Flags.integer({ description: 'interval (s) given in BootNotification responses', min: 1 }),
  };
  static examples = ['<%= config.bin %> backoffice --port 9000', '<%= config.bin %> run --csms ws://127.0.0.1:9000'];

  public async run(): Promise<void> {
    const { flags } = await this.parse(Backoffice);
    const { startDemoBackoffice } = await import('../backoffice/demo-csms.js');
    const { untilSignal } = await import('../cli/serve.js');
    let backoffice;
    try {
      backoffice = await startDemoBackoffice({
        host: flags.host,
        port: flags.port,
        heartbeatInterval: flags['heartbeat-interval'],
        onLog: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
      });
    } catch (err) {
      process.stderr.write(`Error: cannot listen on ${flags.host}:${flags.port}: ${(err as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stdout.write(`demo backoffice listening on ${backoffice.url} (a station connects to ${backoffice.url.replace(/\/$/, '')}/<stationId>); Ctrl-C stops it\n`);
    await untilSignal();
    await backoffice.close();
  }
}
