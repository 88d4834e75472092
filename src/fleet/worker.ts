/**
 * A worker thread of `ng9 sim fleet --workers n`: runs its share of the
 * stations (a LocalFleet) and answers the main thread (protocol.ts): counts
 * every `reportEveryMs`, console lines, the figures, stop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { LocalFleet } from './running.js';

const port = parentPort;
if (!port) throw new Error('fleet worker: run as a worker thread (ng9 sim fleet --workers n)');
const setup = workerData as WorkerSetup;
const fleet = new LocalFleet(setup.options);
const post = (message: FromWorker) => port.postMessage(message);

const reporter = setInterval(() => post({ type: 'counts', counts: fleet.counts() }), setup.reportEveryMs);
void fleet.ramped.then(() => post({ type: 'ramped', counts: fleet.counts() }));
port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'console':
      void fleet.consoleLine(message.line).then(
        (lines) => post({ type: 'reply', seq: message.seq, lines }),
        (err: Error) => post({ type: 'reply', seq: message.seq, lines: [`ERR ${err.message}`] }),
      );
      break;
    case 'figures':
      void fleet.figures().then((figures) => post({ type: 'figures', seq: message.seq, figures }));
      break;
    case 'stop':
      clearInterval(reporter);
      void fleet.stop().then(() => {
        post({ type: 'stopped' });
        port.close();
      });
      break;
  }
});
fleet.start();
