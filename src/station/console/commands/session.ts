import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, expectArgs, keyword, onOff } from './args.js';

const help: Command = {
  words: ['help'],
  usage: 'help [command]',
  summary: 'list the commands, or the usage of one (help network set)',
  run({ commands, args }) {
    const words = args.map((a) => a.toLowerCase());
    const found = commands.filter((c) => words.every((w, i) => c.words[i] === w));
    if (found.length === 0) throw badArgument(`no command '${args.join(' ')}': type 'help' for the list`);
    const rows = found.map((c) => ({ command: c.words.join(' '), usage: c.usage, summary: c.summary, service: !!c.service, sim: !!c.sim }));
    if (args.length === 0) {
      return { data: { commands: rows }, text: columns(rows.map((r) => [r.command, `${r.summary}${r.service ? ' [service]' : ''}${r.sim ? ' [sim]' : ''}`])) };
    }
    const text: string[] = [];
    for (const r of rows) {
      text.push(r.usage, `  ${r.summary}`);
      if (r.service) text.push("  needs 'login service <password>'");
      if (r.sim) text.push('  simulated hardware only');
    }
    return { data: { commands: rows }, text };
  },
};

const LOGIN_USAGE = 'login service <password> | login password <new password>   (the second while logged in: changes the service password)';

const login: Command = {
  words: ['login'],
  usage: LOGIN_USAGE,
  summary: 'unlock the destructive commands and security settings for this session; change the service password',
  run({ session, args, serviceLogin }) {
    expectArgs(args, 2, 2, LOGIN_USAGE);
    const what = keyword(args[0], ['service', 'password'] as const, 'login');
    if (what === 'password') {
      if (!session.service) throw new ConsoleError('DENIED', "'login password' needs 'login service <password>' first");
      const problem = serviceLogin.change(args[1]!);
      if (problem) throw badArgument(problem);
      return { data: { passwordChanged: true }, text: ['service password changed'] };
    }
    const outcome = serviceLogin.attempt(args[1]!);
    if (!outcome.ok) throw new ConsoleError('DENIED', outcome.why);
    session.service = true;
    return { data: { service: true }, text: ['service login ok'] };
  },
};

const logout: Command = {
  words: ['logout'],
  usage: 'logout',
  summary: 'lock the destructive commands again',
  run({ session, args }) {
    expectArgs(args, 0, 0, 'logout');
    session.service = false;
    return { data: { service: false }, text: ['logged out'] };
  },
};

const json: Command = {
  words: ['json'],
  usage: 'json on|off',
  summary: 'machine mode: one JSON line per reply, events as {"event":...} lines',
  run({ session, args }) {
    expectArgs(args, 1, 1, 'json on|off');
    session.json = onOff(args[0], 'json on|off');
    if (session.json) session.echo = false;
    return { data: { json: session.json }, text: [`json ${session.json ? 'on' : 'off'}`] };
  },
};

const trace: Command = {
  words: ['trace'],
  usage: 'trace on|off',
  summary: 'stream the OCPP frames to and from the CSMS as they pass',
  run({ session, args }) {
    expectArgs(args, 1, 1, 'trace on|off');
    session.trace = onOff(args[0], 'trace on|off');
    return { data: { trace: session.trace }, text: [`trace ${session.trace ? 'on' : 'off'}`] };
  },
};

const echo: Command = {
  words: ['echo'],
  usage: 'echo on|off',
  summary: "a person's terminal (echo, line editing, prompt) or a machine's (off; json on implies off)",
  run({ session, args }) {
    expectArgs(args, 1, 1, 'echo on|off');
    session.echo = onOff(args[0], 'echo on|off');
    return { data: { echo: session.echo }, text: [`echo ${session.echo ? 'on' : 'off'}`] };
  },
};

export const sessionCommands: Command[] = [help, login, logout, json, trace, echo];
