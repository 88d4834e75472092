/** `display`: what the charger's screen shows now, and its last messages with their time (I01–I06). */
import type { Command } from '../types.js';
import { expectArgs, intInRange } from './args.js';

const USAGE = 'display [n]   (the last n messages, default 10)';

export const displayCommands: Command[] = [
  {
    words: ['display'],
    usage: USAGE,
    summary: "what the charger's screen shows now, and its last messages",
    run({ station, args }) {
      expectArgs(args, 0, 1, USAGE);
      const n = args[0] === undefined ? 10 : intInRange(args[0], 1, 20, 'number of messages');
      const recent = station.screen.recent(n).map((m) => ({ ...m, at: new Date(m.at).toISOString() }));
      const current = recent[recent.length - 1] ?? null;
      const line = (m: (typeof recent)[number]) => `${m.at} ${m.kind}${m.evseId ? ` EVSE ${m.evseId}` : ''}${m.language ? ` [${m.language}]` : ''}: ${m.text}`;
      const text = current ? [`now: ${current.text}`, ...recent.map(line)] : ['the screen shows the idle screen (no messages since power up)'];
      return { data: { current, recent }, text };
    },
  },
];
