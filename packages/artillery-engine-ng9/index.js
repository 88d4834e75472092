'use strict';
/**
 * artillery-engine-ng9: every Artillery virtual user is one ng9 charging
 * station (the `ng9` library's Station, its own OCPP connection) that runs
 * the scenario's steps: boot, plug, swipe, wait, unplug, console, stop.
 * README.md has the scenario format and the metrics.
 *
 * CommonJS, since Artillery finds engines with require.resolve(); ng9 is an
 * ES module and is loaded with import().
 */
const { randomBytes } = require('node:crypto');
const { pathToFileURL } = require('node:url');

const DEFAULTS = { ocppVersion: '2.0.1', evses: 2, idPrefix: 'NG9-', bootTimeout: 60, settleTimeout: 10 };
const STEPS = ['boot', 'plug', 'swipe', 'wait', 'think', 'unplug', 'console', 'log', 'stop'];
/** Steps that leave the station alone: the only ones allowed after `stop`. */
const IDLE_STEPS = new Set(['wait', 'think', 'log']);
const CONSOLE_SESSION = { json: true, trace: false, service: false };
/** An OCPP-J frame's message type (2 CALL, 3 CALLRESULT, 4 CALLERROR) and message id. */
const FRAME_HEAD = /^\[\s*([234])\s*,\s*"((?:[^"\\]|\\.)*)"/;

/** A step that failed; `code` becomes Artillery's `errors.<code>` counter. */
class StepError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

let ng9;
/** The ng9 module, once per process. require.resolve: found like this engine was (node_modules, NODE_PATH). */
function loadNg9() {
  ng9 ??= (async () => {
    try {
      return await import(pathToFileURL(require.resolve('ng9')).href);
    } catch (err) {
      throw new StepError('ng9.load_failed', `cannot load ng9 (${err.message}): install ng9 beside artillery-engine-ng9`);
    }
  })();
  return ng9;
}

class Ng9Engine {
  constructor(script, _ee, helpers) {
    const config = script.config;
    this.config = config;
    this.helpers = helpers;
    this.options = { ...DEFAULTS, ...config.engines?.ng9, ...config.ng9 };
    this.csmsUrl = this.options.csmsUrl ?? config.target;
    // Ids must not collide across Artillery's workers (and Fargate tasks): a random tag per engine instance, then a counter.
    this.tag = randomBytes(4).toString('hex');
    this.count = 0;
    this.printed = new Set();
  }

  createScenario(spec, ee) {
    const where = `ng9 scenario ${JSON.stringify(spec.name ?? '(unnamed)')}`;
    if (!this.csmsUrl) throw new Error(`${where}: no CSMS URL: set config.target (or config.ng9.csmsUrl)`);
    const steps = this.compile(spec.flow ?? [], where);
    return (context, callback) => {
      ee.emit('started');
      this.run(steps, context, ee).then(
        () => callback(null, context),
        (err) => {
          const code = err.code ?? 'ng9.internal';
          ee.emit('error', code);
          this.printOnce(code, err);
          callback(err, context);
        },
      );
    };
  }

  /** The flow as step functions; a step list that does not fit is refused here, naming the step and its index. */
  compile(flow, where) {
    let stopped = false;
    return flow.map((raw, index) => {
      const at = `flow[${index}]`;
      const [name, arg] = stepOf(raw, `${where}, ${at}`);
      if (!STEPS.includes(name)) throw new Error(`${where}, ${at}: unknown step '${name}'; the steps are ${STEPS.join(', ')}`);
      if (stopped && !IDLE_STEPS.has(name)) throw new Error(`${where}, ${at}: '${name}' after 'stop' (the station is off by then)`);
      if (name === 'stop') stopped = true;
      try {
        return { at: `${at} ${name}`, run: this.step(name, arg) };
      } catch (err) {
        throw new Error(`${where}, ${at} ${name}: ${err.message}`);
      }
    });
  }

  /** One step: (station, context) => Promise. Literal arguments are checked now, templated ones when the step runs. */
  step(name, arg) {
    const value = (v, context) => (this.helpers ? this.helpers.template(v, context) : v);
    switch (name) {
      case 'boot': {
        if (arg != null && arg !== true && (typeof arg !== 'object' || Object.keys(arg).some((k) => k !== 'timeout'))) {
          throw new Error(`expected nothing or {timeout: seconds}, got ${JSON.stringify(arg)}`);
        }
        const timeout = arg?.timeout ?? this.options.bootTimeout;
        seconds(timeout, 'timeout');
        return (vs, context) => vs.booted(seconds(value(timeout, context), 'timeout'));
      }
      case 'plug':
      case 'unplug':
        evseNumber(arg);
        return (vs, context) => {
          const evse = vs.evse(value(arg, context));
          if (name === 'plug') evse.plug();
          else evse.unplug();
        };
      case 'swipe':
        swipeArgs(arg);
        return (vs, context) => {
          const { idToken, evse } = swipeArgs(value(arg, context), true);
          if (evse !== undefined) vs.evse(evse);
          if (!vs.hw.nfc.swipe(idToken, evse)) throw new StepError('ng9.nfc_detached', "the NFC reader is detached ('nfc attach')");
        };
      case 'wait':
        seconds(arg, 'wait');
        return (_vs, context) => new Promise((resolve) => setTimeout(resolve, seconds(value(arg, context), 'wait', true) * 1000));
      case 'think': {
        if (!this.helpers) throw new Error("needs Artillery's engine helpers (Artillery 2.x)");
        const think = this.helpers.createThink(arg, this.config.defaults?.think ?? {});
        return (_vs, context) => new Promise((resolve, reject) => think(context, (err) => (err ? reject(err) : resolve())));
      }
      case 'console':
        if (typeof arg !== 'string' || !arg.trim()) throw new Error(`expected a console line, got ${JSON.stringify(arg)}`);
        return async (vs, context) => {
          const line = String(value(arg, context));
          const outcome = await vs.console(line);
          if (!outcome.ok) throw new StepError('ng9.console_error', `'${line}': ERR ${outcome.error.code} ${outcome.error.message}`);
        };
      case 'log':
        return (_vs, context) => console.log(value(arg, context));
      case 'stop':
        if (arg != null) throw new Error(`takes nothing, got ${JSON.stringify(arg)}`);
        return (vs) => vs.stop(this.options.settleTimeout);
    }
  }

  async run(steps, context, ee) {
    const lib = await loadNg9();
    const id = this.options.id ? String(this.helpers.template(this.options.id, context)) : `${this.options.idPrefix}${this.tag}-${++this.count}`;
    context.vars.stationId = id;
    let vs;
    try {
      vs = new VirtualStation(lib, { id, csmsUrl: this.csmsUrl, ocppVersion: this.options.ocppVersion, evses: this.options.evses }, ee);
    } catch (err) {
      throw new StepError('ng9.open_failed', `${id}: cannot open the station: ${err.message}`);
    }
    try {
      for (const step of steps) {
        try {
          await step.run(vs, context);
        } catch (err) {
          throw new StepError(err.code ?? 'ng9.step_failed', `${id}: ${step.at}: ${err.message}`);
        }
      }
      await vs.stop(this.options.settleTimeout);
    } finally {
      await vs.station.stop();
    }
  }

  /** The first error of each kind in this worker goes to stderr; the rest are counted only. */
  printOnce(code, err) {
    if (this.printed.has(code)) return;
    this.printed.add(code);
    console.error(`artillery-engine-ng9: ${err.message} [${code}; further ones are counted, not printed]`);
  }
}

/** One virtual user's station, counted into Artillery's metrics through its events. */
class VirtualStation {
  constructor(lib, options, ee) {
    this.lib = lib;
    this.ee = ee;
    this.station = lib.Station.open(options);
    this.hw = this.station.hardware.sim;
    this.registration = 'Unregistered';
    this.connected = false;
    /** transactionId → evseId, until Ended */
    this.open = new Map();
    /** message ids of the station's CALLs still waiting for their response */
    this.calls = new Set();
    /** re-checks of the step waiting, run after every station event */
    this.waiters = new Set();
    this.station.events.on((e) => this.onEvent(e));
    this.poweredAt = Date.now();
    this.station.start();
  }

  onEvent(e) {
    const count = (metric) => this.ee.emit('counter', metric, 1);
    switch (e.event) {
      case 'ocpp': {
        count(e.direction === 'out' ? 'ng9.messages_sent' : 'ng9.messages_received');
        const [, type, messageId] = FRAME_HEAD.exec(e.frame) ?? [];
        if (type === '4') count('ng9.ocpp_errors');
        if (e.direction === 'out' && type === '2') this.calls.add(messageId);
        if (e.direction === 'in' && type !== '2') this.calls.delete(messageId);
        break;
      }
      case 'registration':
        this.registration = e.status;
        if (e.status === 'Accepted' && this.bootLatency === undefined) {
          this.bootLatency = Date.now() - this.poweredAt;
          this.ee.emit('histogram', 'ng9.boot_latency', this.bootLatency);
          count('ng9.booted');
        }
        break;
      case 'link':
        this.connected = e.connected;
        if (!e.connected) this.calls.clear();
        break;
      case 'transaction':
        if (e.eventType === 'Started') count('ng9.transactions_started');
        if (e.eventType === 'Ended') {
          count('ng9.transactions_ended');
          this.open.delete(e.transactionId);
        } else {
          this.open.set(e.transactionId, e.evseId);
        }
        break;
    }
    // Checked once the station has acted on the event (the link sends its next queued CALL after a response).
    if (this.waiters.size > 0 && !this.checkQueued) {
      this.checkQueued = true;
      setImmediate(() => {
        this.checkQueued = false;
        for (const check of [...this.waiters]) check();
      });
    }
  }

  /** Resolves true once done() holds (checked now and after each station event), false after timeoutMs. */
  until(done, timeoutMs) {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(ok);
      };
      const check = () => done() && finish(true);
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(check);
    });
  }

  async booted(timeoutS) {
    const settled = await this.until(() => this.registration === 'Accepted' || this.registration === 'Rejected', timeoutS * 1000);
    if (this.registration === 'Rejected') throw new StepError('ng9.boot_rejected', 'BootNotification Rejected by the CSMS');
    if (!settled) {
      throw new StepError('ng9.boot_timeout', `no BootNotification Accepted within ${timeoutS} s (registration ${this.registration}, ${this.connected ? 'connected' : 'not connected'})`);
    }
  }

  evse(arg) {
    const n = evseNumber(arg, true);
    const evse = this.hw.evse(n);
    if (!evse) throw new StepError('ng9.bad_step', `no EVSE ${n}: the station has ${this.hw.evses.length} (config.ng9.evses)`);
    return evse;
  }

  console(line) {
    return this.lib.consoleOf(this.station).execute(line, { ...CONSOLE_SESSION });
  }

  /**
   * Power off for good, once the station is quiet (at most settleS):
   * transactions whose cable is out have ended and every CALL of the station
   * has its response. Without that, a flow ending with `unplug` would halt
   * before the TransactionEvent Ended left.
   */
  stop(settleS) {
    this.stopping ??= (async () => {
      await this.until(() => this.calls.size === 0 && ![...this.open.values()].some((evseId) => !this.hw.evse(evseId)?.plugged), settleS * 1000);
      await this.station.stop();
    })();
    return this.stopping;
  }
}

/** [name, argument] of one flow item: `{plug: 1}`, `{think: 2, jitter: '10%'}`, or a bare name (`stop`). */
function stepOf(raw, where) {
  if (typeof raw === 'string') return [raw, undefined];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    if ('think' in raw) return ['think', raw];
    const keys = Object.keys(raw);
    if (keys.length === 1) return [keys[0], raw[keys[0]]];
  }
  throw new Error(`${where}: a step is one key with its argument (e.g. {plug: 1}), got ${JSON.stringify(raw)}`);
}

const isTemplate = (v) => typeof v === 'string' && v.includes('{{');

/** Errors while compiling (plain Error) or, with `running`, of a running step (StepError). */
function problem(running, message) {
  return running ? new StepError('ng9.bad_step', message) : new Error(message);
}

function evseNumber(arg, running = false) {
  if (!running && isTemplate(arg)) return undefined;
  const n = Number(arg);
  if (arg === null || arg === '' || !Number.isInteger(n) || n < 1) throw problem(running, `expected an EVSE number (1, 2, ...), got ${JSON.stringify(arg)}`);
  return n;
}

function seconds(arg, what, running = false) {
  if (!running && isTemplate(arg)) return undefined;
  const s = Number(arg);
  if (arg === null || arg === '' || typeof arg === 'boolean' || !Number.isFinite(s) || s < 0) throw problem(running, `${what}: expected seconds (a number ≥ 0), got ${JSON.stringify(arg)}`);
  return s;
}

/** `swipe: TAG-1`, `swipe: "TAG-1 2"` (card at EVSE 2) or `swipe: {idToken: TAG-1, evse: 2}`. */
function swipeArgs(arg, running = false) {
  if (!running && isTemplate(arg)) return undefined;
  let idToken;
  let evse;
  if (typeof arg === 'string') {
    const words = arg.trim().split(/\s+/);
    if (words.length > 2) throw problem(running, `expected '<idToken> [evse]', got ${JSON.stringify(arg)}`);
    [idToken, evse] = words;
  } else if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
    ({ idToken, evse } = arg);
  } else {
    throw problem(running, `expected '<idToken> [evse]' or {idToken, evse}, got ${JSON.stringify(arg)}`);
  }
  if (!running && isTemplate(idToken)) return undefined;
  idToken = idToken === undefined ? '' : String(idToken);
  if (idToken.length < 1 || idToken.length > 36) throw problem(running, `idToken must be 1..36 characters, got ${JSON.stringify(idToken)}`);
  return { idToken, evse: evse === undefined ? undefined : evseNumber(evse, running) };
}

module.exports = Ng9Engine;
