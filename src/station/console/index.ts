import type { Station } from '../station.js';
import { allCommands } from './commands/index.js';
import { Interpreter } from './interpreter.js';

const consoles = new WeakMap<Station, Interpreter>();

/**
 * The console of a station: one interpreter with every command, made on
 * first use. It lives beside the station rather than in it, so that the
 * engine does not depend on its own console (the import graph of
 * src/station has no cycle through station.ts).
 */
export function consoleOf(station: Station): Interpreter {
  let console = consoles.get(station);
  if (!console) {
    console = new Interpreter(station, allCommands);
    consoles.set(station, console);
  }
  return console;
}
