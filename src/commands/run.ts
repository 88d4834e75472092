import { runningStationFlags, StationCommand, stationSpec } from '../cli/base-command.js';
import { firmwareFlags } from '../cli/firmware-flags.js';
import { p1Flags } from '../cli/p1-flags.js';

export default class Run extends StationCommand<typeof Run> {
  static summary = 'Run the embedded station (no console), logging to stdout until Ctrl-C / SIGTERM.';
  static baseFlags = runningStationFlags('state', 'id', 'csms', 'evses', 'ocpp');
  static flags = { ...p1Flags, ...firmwareFlags };
  static examples = ['<%= config.bin %> run --csms ws://127.0.0.1:9000 --id NG9-0001'];

  public async run(): Promise<void> {
    const { openStation } = await import('../cli/in-process-target.js');
    const { logToStdout, untilSignal } = await import('../cli/serve.js');
    const { serveLocalSocket } = await import('../cli/local-socket.js');
    const spec = stationSpec(this.flags);
    let station;
    try {
      station = await openStation(spec);
    } catch (err) {
      return this.fail(err);
    }
    const stopSocket = await serveLocalSocket(station, spec.stateDir!);
    const stopLog = logToStdout(station);
    process.stdout.write(`station ${station.id} running (state ${stationSpec(this.flags).stateDir}); Ctrl-C stops it\n`);
    station.start();
    const signal = await untilSignal();
    process.stdout.write(`${signal}: stopping ${station.id}\n`);
    await stopSocket();
    await station.stop();
    stopLog();
  }
}
