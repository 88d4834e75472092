import { join } from 'node:path';
import { Flags } from '@oclif/core';
import { runningStationFlags, StationCommand, stationSpec } from '../cli/base-command.js';
import { firmwareFlags } from '../cli/firmware-flags.js';
import { p1Flags } from '../cli/p1-flags.js';
import { TargetError } from '../cli/target.js';

export default class Serve extends StationCommand<typeof Serve> {
  static summary = 'Run the embedded station and answer its console on a serial port (the charger side).';
  static description = 'Log lines go to stdout. The console speaks text mode; `json on` switches a session to machine mode.';
  static baseFlags = runningStationFlags('baud', 'state', 'id', 'csms', 'evses', 'ocpp');
  static flags = {
    ...p1Flags,
    ...firmwareFlags,
    serial: Flags.string({ description: 'serial port to answer the console on (e.g. /dev/ttyGS0, a socat pty)', required: true }),
  };
  static examples = ['<%= config.bin %> serve --serial /dev/ttyGS0 --baud 115200 --csms wss://csms.example.com/ocpp'];

  public async run(): Promise<void> {
    const { openStation } = await import('../cli/in-process-target.js');
    const { keepSerialConsole, logToStdout, untilSignal } = await import('../cli/serve.js');
    const { serveLocalSocket } = await import('../cli/local-socket.js');
    const path = this.flags.serial;
    const spec = stationSpec(this.flags);
    let station;
    try {
      station = await openStation(spec);
    } catch (err) {
      return this.fail(err);
    }
    let serial;
    try {
      const fwDir = spec.stateDir && join(spec.stateDir, 'fw');
      serial = await keepSerialConsole(station, path, this.flags.baud, (line) => process.stdout.write(`${line}\n`), { fwDir });
    } catch (err) {
      await station.stop();
      return this.fail(new TargetError('PORT', (err as Error).message, 2));
    }
    const stopSocket = await serveLocalSocket(station, spec.stateDir!);
    const stopLog = logToStdout(station);
    process.stdout.write(`station ${station.id} answering its console on ${path} at ${this.flags.baud} baud; Ctrl-C stops it\n`);
    station.start();
    const signal = await untilSignal();
    process.stdout.write(`${signal}: stopping ${station.id}\n`);
    await serial.stop();
    await stopSocket();
    await station.stop();
    stopLog();
  }
}
