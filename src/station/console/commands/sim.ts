import { parseDuration } from '../../clock.js';
import type { SimEvse } from '../../../hardware/sim/sim-evse.js';
import type { SimHardware } from '../../../hardware/sim/sim-hardware.js';
import type { Station } from '../../station.js';
import { badArgument, type Command, ConsoleError } from '../types.js';
import { evseId, expectArgs, intInRange, keyword, numberInRange } from './args.js';


function sim(station: Station): SimHardware {
  const hw = station.hardware.sim;
  if (!hw) throw new ConsoleError('NOT_SIMULATED', 'this station has real hardware');
  return hw;
}

function simEvse(station: Station, text: string | undefined): SimEvse {
  return sim(station).evse(evseId(station, text))!;
}

function evseView(evse: SimEvse) {
  return {
    evseId: evse.id,
    plugged: evse.plugged,
    soc: evse.evSoc,
    maxCurrentA: evse.evMaxCurrentA,
    phases: evse.evPhases,
    suspended: evse.evSuspended,
    parkingOccupied: evse.occupied,
    lockFails: evse.lockFails,
  };
}

const plug: Command = {
  words: ['plug'],
  usage: 'plug <evse>',
  summary: 'EV cable in',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 1, 'plug <evse>');
    const evse = simEvse(station, args[0]);
    evse.plug();
    return { data: evseView(evse), text: [`EVSE ${evse.id} plugged`] };
  },
};

const unplug: Command = {
  words: ['unplug'],
  usage: 'unplug <evse>',
  summary: 'EV cable out',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 1, 'unplug <evse>');
    const evse = simEvse(station, args[0]);
    evse.unplug();
    return { data: evseView(evse), text: [`EVSE ${evse.id} unplugged`] };
  },
};

const swipe: Command = {
  words: ['swipe'],
  usage: 'swipe <idToken 1..36 chars> [evse]',
  summary: 'present an NFC card',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 2, 'swipe <idToken> [evse]');
    const idToken = args[0]!;
    if (idToken.length < 1 || idToken.length > 36) throw badArgument(`idToken must be 1..36 characters, got ${idToken.length}`);
    const id = args.length > 1 ? evseId(station, args[1]) : undefined;
    const hw = sim(station);
    if (!hw.nfc.detected) throw new ConsoleError('BUSY', "the NFC reader is not detected: 'nfc attach' first");
    hw.nfc.swipe(idToken, id);
    return { data: { idToken, evseId: id ?? null }, text: [`card ${idToken} presented${id ? ` at EVSE ${id}` : ''}`] };
  },
};

const EV_USAGE = 'ev <evse> soc <0-100> | maxcurrent <0-80> | phases <1-3> | suspend | resume';

const ev: Command = {
  words: ['ev'],
  usage: EV_USAGE,
  summary: 'EV behaviour: state of charge, current it accepts (A), phases it uses, pause / resume charging',
  sim: true,
  run({ station, args }) {
    if (args.length < 2) throw badArgument(`missing argument: ${EV_USAGE}`);
    const evse = simEvse(station, args[0]);
    const what = keyword(args[1], ['soc', 'maxcurrent', 'phases', 'suspend', 'resume'] as const, 'EV setting');
    if (what === 'suspend' || what === 'resume') {
      expectArgs(args, 2, 2, EV_USAGE);
      evse.setEvSuspended(what === 'suspend');
    } else {
      expectArgs(args, 3, 3, EV_USAGE);
      if (what === 'soc') evse.evSoc = numberInRange(args[2], 0, 100, 'state of charge (%)');
      if (what === 'maxcurrent') evse.setEvMaxCurrent(numberInRange(args[2], 0, 80, 'EV max current (A)'));
      if (what === 'phases') evse.setEvPhases(intInRange(args[2], 1, 3, 'EV phases'));
    }
    const v = evseView(evse);
    return { data: v, text: [`EVSE ${v.evseId} EV soc ${v.soc}% max ${v.maxCurrentA} A phases ${v.phases}${v.suspended ? ' suspended' : ''}`] };
  },
};

const parking: Command = {
  words: ['parking'],
  usage: 'parking <evse> occupied|free',
  summary: 'parking bay sensor',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 2, 2, 'parking <evse> occupied|free');
    const evse = simEvse(station, args[0]);
    const occupied = keyword(args[1], ['occupied', 'free'] as const, 'bay state') === 'occupied';
    evse.setParkingOccupied(occupied);
    return { data: evseView(evse), text: [`EVSE ${evse.id} parking bay ${occupied ? 'occupied' : 'free'}`] };
  },
};

const link: Command = {
  words: ['link'],
  usage: 'link down|up',
  summary: 'cut / restore the backoffice connection',
  sim: true,
  async run({ station, args }) {
    expectArgs(args, 1, 1, 'link down|up');
    const up = keyword(args[0], ['down', 'up'] as const, 'link state') === 'up';
    await station.setLinkWanted(up);
    return { data: { linkWanted: up }, text: [`link ${up ? 'up' : 'down'}`] };
  },
};

const nfc: Command = {
  words: ['nfc'],
  usage: 'nfc detach|attach',
  summary: 'NFC reader fault: not detected / back',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 1, 'nfc detach|attach');
    const attach = keyword(args[0], ['detach', 'attach'] as const, 'NFC action') === 'attach';
    sim(station).nfc.setDetected(attach);
    const state = station.nfcReader.state();
    const text = [`NFC reader ${attach ? 'attached' : 'detached'}`];
    if (state === 'notDetected') text.push('error: configured (TokenReader.Enabled) but not detected: TokenReader.Problem true');
    return { data: { nfcDetected: attach, nfcReader: state }, text };
  },
};

const modemSim: Command = {
  words: ['modem', 'sim'],
  usage: 'modem sim missing|ok|pin <4-8 digits>',
  summary: 'SIM card: taken out, in without a PIN lock, or in and locked with that PIN (3 tries)',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 2, 'modem sim missing|ok|pin <code>');
    const what = keyword(args[0], ['missing', 'ok', 'pin'] as const, 'SIM state');
    const modem = sim(station).modem;
    if (what === 'pin') {
      expectArgs(args, 2, 2, 'modem sim pin <4-8 digits>');
      if (!/^\d{4,8}$/.test(args[1]!)) throw badArgument(`a SIM PIN is 4 to 8 digits, got '${args[1]}'`);
      modem.setCard(true, args[1]!);
    } else {
      expectArgs(args, 1, 1, `modem sim ${what}`);
      modem.setCard(what === 'ok', null);
    }
    const text = [what === 'missing' ? 'SIM card taken out' : what === 'ok' ? 'SIM card in, no PIN lock' : `SIM card in, PIN ${args[1]}`];
    if (what !== 'missing') text.push('the modem reads it at its next start');
    return { data: { inserted: modem.card.inserted, pin: modem.card.pin }, text };
  },
};

const modemRegistration: Command = {
  words: ['modem', 'registration'],
  usage: 'modem registration deny|ok',
  summary: 'the mobile network refuses registrations (dropping the current one) / takes them again',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 1, 1, 'modem registration deny|ok');
    const deny = keyword(args[0], ['deny', 'ok'] as const, 'network answer') === 'deny';
    sim(station).modem.setNetworkAnswer(deny ? 'denied' : 'registered');
    return { data: { networkAnswer: deny ? 'denied' : 'registered' }, text: [`mobile network ${deny ? 'denies' : 'accepts'} registrations`] };
  },
};

const lock: Command = {
  words: ['lock'],
  usage: 'lock fail|ok <evse>',
  summary: 'cable lock fault: fail makes lock and unlock fail, ok repairs it',
  sim: true,
  run({ station, args }) {
    expectArgs(args, 2, 2, 'lock fail|ok <evse>');
    const fail = keyword(args[0], ['fail', 'ok'] as const, 'lock state') === 'fail';
    const evse = simEvse(station, args[1]);
    evse.lockFails = fail;
    return { data: evseView(evse), text: [`EVSE ${evse.id} cable lock ${fail ? 'fails' : 'ok'}`] };
  },
};

const clock: Command = {
  words: ['clock', 'advance'],
  usage: 'clock advance <duration>   (e.g. 500ms, 90s, 15m, 2h, 1d)',
  summary: 'move simulated time forward, firing what falls due',
  sim: true,
  async run({ station, args }) {
    expectArgs(args, 1, 1, 'clock advance <duration>');
    const ms = parseDuration(args[0]!);
    if (ms === undefined || ms <= 0) throw badArgument(`'${args[0]}' is not a duration: e.g. 500ms, 90s, 15m, 2h, 1d`);
    if (ms > 366 * 86_400_000) throw badArgument('at most 366 days at once');
    const advance = (station.clock as { advance?: (ms: number) => Promise<void> }).advance;
    if (typeof advance !== 'function') throw new ConsoleError('NOT_SUPPORTED', 'this clock cannot be advanced');
    await advance.call(station.clock, ms);
    const time = new Date(station.clock.now()).toISOString();
    const text = [`clock advanced ${args[0]} to ${time}`];
    if (station.connected) text.push("the CSMS's time wins: its next Heartbeat or BootNotification answer sets the clock back (logged)");
    return { data: { advancedMs: ms, time, csmsTimeWins: station.connected }, text };
  },
};

export const simCommands: Command[] = [plug, unplug, swipe, ev, parking, link, nfc, modemSim, modemRegistration, lock, clock];
