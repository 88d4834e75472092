import { Command, Flags } from '@oclif/core';

export default class SimFleet extends Command {
  static summary = 'Run a fleet of simulated stations in one process, each with its own OCPP connection, to load-test a CSMS.';
  static description = [
    'Stations are named <id-prefix><0001..> and powered up --ramp per second. State is kept in memory (--memory, the default);',
    '--state <dir> keeps the state of every station in one SQLite database, <dir>/fleet.db. Each station holds one socket, a file handle',
    "(raise 'ulimit -n' past about 1000 stations). A scenario file (docs/fleet.md) says what the stations do: sessions (with their energy), idTokens, link drops, reboots.",
    'On a terminal the prompt shows the live figures and takes console lines: stations, station <id> <console line>, quit.',
    'Ctrl-C stops every station and prints the summary; --json prints only the summary, as one JSON object.',
    '--workers n runs the stations in n worker threads (round-robin by id, each at --ramp/n per second) when one thread is not enough;',
    "the live view, the console and the summary are the same; with --state each worker keeps its stations under <dir>/worker-<k>.",
  ].join(' ');
  static flags = {
    stations: Flags.integer({ description: 'number of stations', required: true, min: 1, max: 100_000 }),
    csms: Flags.string({ description: 'backoffice URL ws(s)://...; each station connects to <url>/<id>', required: true }),
    'id-prefix': Flags.string({ description: 'station ids are <prefix><0001..>', default: 'NG9-' }),
    evses: Flags.integer({ description: 'EVSEs per station, one connector each', default: 2, min: 1, max: 64 }),
    ocpp: Flags.option({ description: 'OCPP version of the stations', options: ['2.0.1', '1.6'] as const, default: '2.0.1' })(),
    ramp: Flags.integer({ description: 'stations powered up per second', default: 50, min: 1 }),
    scenario: Flags.string({ description: 'scenario file (JSON, docs/fleet.md): sessions (arrival, duration, energy), idTokens, link drops, reboots' }),
    memory: Flags.boolean({ description: 'keep every station state in memory (the default)', exclusive: ['state'] }),
    state: Flags.string({ description: 'state folder: the fleet\'s database, fleet.db', exclusive: ['memory'] }),
    seed: Flags.integer({ description: 'random seed of the scenario and the back-off jitter; the same seed repeats a run', default: 1 }),
    duration: Flags.integer({ description: 'stop after this many seconds (default: until Ctrl-C)', min: 1 }),
    json: Flags.boolean({ description: 'print only the final summary, as JSON', default: false }),
    hibernate: Flags.boolean({ description: 'put idle stations away down to their CSMS connection until a frame, their Heartbeat or a console line wakes them (docs/fleet.md)', default: true, allowNo: true }),
    workers: Flags.string({ description: "worker threads running the stations: a number, or 'auto' (one per core, at least one per 2,500 stations); 1: all in the main thread", default: '1' }),
  };
  static examples = [
    '<%= config.bin %> sim fleet --stations 1000 --csms ws://127.0.0.1:9000/ocpp',
    '<%= config.bin %> sim fleet --stations 200 --csms ws://127.0.0.1:9000/ocpp --scenario busy.json --seed 7 --duration 600 --json',
    '<%= config.bin %> sim fleet --stations 10000 --csms ws://127.0.0.1:9000/ocpp --workers auto --ramp 200',
  ];

  public async run(): Promise<void> {
    const { flags } = await this.parse(SimFleet);
    const usage = (message: string) => {
      if (flags.json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'USAGE', message } })}\n`);
      else process.stderr.write(`Error: ${message}\n`);
      process.exitCode = 2;
    };
    if (!/^wss?:\/\//.test(flags.csms)) return usage(`--csms must be a ws:// or wss:// URL, got '${flags.csms}'`);
    const { parseWorkers } = await import('../../fleet/shares.js');
    const { availableParallelism } = await import('node:os');
    const threads = parseWorkers(flags.workers, availableParallelism(), flags.stations);
    if ('error' in threads) return usage(threads.error);
    const { identityProblem } = await import('../../station/identity.js');
    const { stationIds } = await import('../../fleet/fleet.js');
    const ids = stationIds(flags['id-prefix'], flags.stations);
    const problem = identityProblem(ids.at(-1)!);
    if (problem) return usage(`--id-prefix: ${problem}: '${ids.at(-1)}'`);
    let scenario;
    if (flags.scenario) {
      const { readFileSync } = await import('node:fs');
      const { parseScenario, ScenarioError } = await import('../../fleet/scenario.js');
      try {
        scenario = parseScenario(readFileSync(flags.scenario, 'utf8'), flags.evses);
      } catch (err) {
        if (err instanceof ScenarioError) return usage(`scenario ${err.in(flags.scenario)}`);
        return usage(`cannot read scenario ${flags.scenario}: ${(err as Error).message}`);
      }
    }
    const { runFleet } = await import('../../fleet/run.js');
    await runFleet({
      stations: flags.stations,
      csmsUrl: flags.csms,
      idPrefix: flags['id-prefix'],
      evses: flags.evses,
      ocppVersion: flags.ocpp,
      ramp: flags.ramp,
      stateDir: flags.state,
      hibernate: flags.hibernate,
      seed: flags.seed,
      scenario,
      durationSec: flags.duration,
      json: flags.json,
      workers: threads.workers,
    });
  }
}
