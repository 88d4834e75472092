import { Flags } from '@oclif/core';
import { StationCommand, stationSpec } from '../cli/base-command.js';
import { p1Flags } from '../cli/p1-flags.js';
import { TargetError } from '../cli/target.js';

export default class Serve extends StationCommand<typeof Serve> {
  static summary = 'Run the embedded station and answer its console on a serial port (the charger side).';
  static description = 'Log lines go to stdout. The console speaks text mode; `json on` switches a session to machine mode.';
  static flags = {
    ...p1Flags,
    serial: Flags.string({ description: 'serial port to answer the console on (e.g. /dev/ttyGS0, a socat pty)', required: true }),
  };
  static examples = ['<%= config.bin %> serve --serial /dev/ttyGS0 --baud 115200 --csms wss://csms.example.com/ocpp'];

  public async run(): Promise<void> {
    const { openStation } = await import('../cli/in-process-target.js');
    const { SerialLink } = await import('../cli/serial-link.js');
    const { logToStdout, serveConsole, untilSignal } = await import('../cli/serve.js');
    const path = this.flags.serial;
    let link;
    try {
      link = await SerialLink.open(path, this.flags.baud);
    } catch (err) {
      return this.fail(new TargetError('PORT', (err as Error).message, 2));
    }
    let station;
    try {
      station = await openStation(stationSpec(this.flags));
    } catch (err) {
      await link.close();
      return this.fail(err);
    }
    const stopLog = logToStdout(station);
    const stopConsole = await serveConsole(station, link);
    link.onClose((err) => process.stdout.write(`serial console on ${path} closed${err ? `: ${err.message}` : ''}; the station keeps running\n`));
    process.stdout.write(`station ${station.id} answering its console on ${path} at ${this.flags.baud} baud; Ctrl-C stops it\n`);
    station.start();
    const signal = await untilSignal();
    process.stdout.write(`${signal}: stopping ${station.id}\n`);
    stopConsole();
    await link.close();
    await station.stop();
    stopLog();
  }
}
