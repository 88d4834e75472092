import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSplitter, openErrorMessage, type PortFactory, type SerialPortLike } from '../../../src/cli/serial-link.js';
import { SerialTarget } from '../../../src/cli/serial-target.js';
import type { TargetEvent } from '../../../src/cli/target.js';

describe('LineSplitter', () => {
  it('ends lines at LF, CRLF and a lone CR, across chunks', () => {
    const s = new LineSplitter();
    expect(s.push('json on\r')).toEqual(['json on']);
    expect(s.push('\nstat')).toEqual([]);
    expect(s.push('us\nnetwork\r\r\n')).toEqual(['status', 'network', '']);
  });

  it('does not let an endless line grow without bound', () => {
    const s = new LineSplitter();
    const lines = s.push(`${'x'.repeat(70_000)}\n`);
    expect(lines.map((l) => l.length)).toEqual([65_536, 70_000 - 65_536]);
  });
});

describe('port errors', () => {
  it('says what failed and what to check', () => {
    expect(openErrorMessage('/dev/ttyUSB9', new Error('Error: No such file or directory, cannot open /dev/ttyUSB9'))).toBe(
      'cannot open /dev/ttyUSB9: No such file or directory — check the cable and `ls /dev/ttyUSB* /dev/ttyACM*`',
    );
    expect(openErrorMessage('/dev/ttyS0', new Error('Error: Permission denied, cannot open /dev/ttyS0'))).toMatch(/Permission denied — add your user to the dialout group/);
  });
});

type Respond = (line: string, send: (text: string) => void) => void;

let counter = 0;
/** A SerialPortMock whose far end answers each written line with `respond`. */
function mockCharger(respond: Respond): { createPort: PortFactory; path: string; written: string[] } {
  const path = `/dev/ng9mock${counter++}`;
  SerialPortMock.binding.createPort(path, { echo: false, record: false });
  const written: string[] = [];
  const createPort: PortFactory = (options) => {
    const port = new SerialPortMock(options);
    port.on('open', () => {
      const binding = port.port!;
      const write = binding.write.bind(binding);
      let buffer = '';
      binding.write = async (data: Buffer) => {
        await write(data);
        buffer += data.toString();
        let i: number;
        while ((i = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, i).replace(/\r$/, '');
          buffer = buffer.slice(i + 1);
          written.push(line);
          setTimeout(() => respond(line, (text) => binding.emitData(Buffer.from(text))), 1);
        }
      };
    });
    return port as unknown as SerialPortLike;
  };
  return { createPort, path, written };
}

afterEach(() => SerialPortMock.binding.reset());

describe('SerialTarget (JSON mode over a mock port)', () => {
  it('switches to JSON, skips noise and echo, hands events over, restores text mode on close', async () => {
    const charger = mockCharger((line, send) => {
      if (line === 'json on') send('json on\r\nNG9xx console\r\n{"ok":true,"data":{"json":true}}\r\n');
      else if (line === 'status') send(`${line}\r\n{"event":"status","evseId":1,"status":"Occupied"}\r\n{"ok":true,"data":{"registration":"Accepted"}}\r\n`);
      else if (line === 'bogus') send('{"ok":false,"error":{"code":"UNKNOWN_COMMAND","message":"unknown command \'bogus\'"}}\n');
      else if (line === 'json off') send('OK\r\n');
    });
    const target = await SerialTarget.open({ path: charger.path, baud: 115200, createPort: charger.createPort });
    const events: TargetEvent[] = [];
    target.onEvent((e) => events.push(e));
    expect(await target.request('status')).toEqual({ ok: true, data: { registration: 'Accepted' } });
    expect(events).toEqual([{ event: 'status', evseId: 1, status: 'Occupied' }]);
    expect(await target.request('bogus')).toEqual({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: "unknown command 'bogus'" } });
    await target.close();
    expect(charger.written).toEqual(['json on', 'status', 'bogus', 'json off']);
  });

  it('logs out on close after a service login', async () => {
    const charger = mockCharger((line, send) => {
      if (line === 'json off') send('OK\n');
      else send('{"ok":true,"data":null}\n');
    });
    const target = await SerialTarget.open({ path: charger.path, baud: 115200, createPort: charger.createPort });
    await target.request('login service pw');
    await target.close();
    expect(charger.written).toEqual(['json on', 'login service pw', 'logout', 'json off']);
  });

  it('gives a clear error when nothing answers', async () => {
    const charger = mockCharger(() => undefined);
    await expect(SerialTarget.open({ path: charger.path, baud: 9600, createPort: charger.createPort, timeoutMs: 100 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      exitCode: 2,
      message: expect.stringMatching(/no reply from .* within 0.1 s to 'json on'.*9600 baud/),
    });
  });

  it('reports a port that cannot be opened, with exit code 2', async () => {
    await expect(SerialTarget.open({ path: '/dev/ng9-not-there', baud: 115200, createPort: (o) => new SerialPortMock(o) as unknown as SerialPortLike })).rejects.toMatchObject({
      code: 'PORT',
      exitCode: 2,
      message: expect.stringMatching(/^cannot open \/dev\/ng9-not-there: .* — check the cable/),
    });
  });

  it('text mode: every reply line up to the status line, without the echo', async () => {
    const charger = mockCharger((line, send) => {
      if (line === 'json on') send('{"ok":true,"data":{"json":true}}\n');
      else if (line === 'json off') send('OK\n');
      else if (line === 'network') send('network\r\nslot 1 Wired0 ws://x\r\nOK\r\n'); // echoes the line first
    });
    const target = await SerialTarget.open({ path: charger.path, baud: 115200, createPort: charger.createPort });
    await target.textMode();
    const lines: string[] = [];
    expect(await target.requestText('network', (l) => lines.push(l))).toEqual({ ok: true, data: null });
    expect(lines).toEqual(['slot 1 Wired0 ws://x', 'OK']);
    await target.close();
    expect(charger.written).toEqual(['json on', 'json off', 'network']);
  });

  it('reconnect: a pulled cable fails the request under way, is waited for, and the session goes on in JSON mode once the port is back', async () => {
    const charger = mockCharger((line, send) => {
      if (line === 'json on') send('{"ok":true,"data":{"json":true}}\n');
      else if (line === 'status') send('{"ok":true,"data":{"registration":"Accepted"}}\n');
      else if (line === 'json off') send('OK\n');
    });
    const ports: SerialPortLike[] = [];
    const createPort: PortFactory = (o) => {
      const port = charger.createPort(o);
      ports.push(port);
      return port;
    };
    const target = await SerialTarget.open({ path: charger.path, baud: 115200, createPort, reconnect: true, retryMs: 20 });
    const states: string[] = [];
    target.onLink((state) => states.push(state));
    const pending = target.request('silent'); // the charger never answers this one
    await new Promise((r) => setTimeout(r, 10));
    ports[0]!.close(() => undefined); // the cable is pulled
    await expect(pending).rejects.toMatchObject({ code: 'LINK' });
    expect(await target.request('status')).toEqual({ ok: true, data: { registration: 'Accepted' } });
    expect(states).toEqual(['lost', 'back']);
    expect(charger.written).toEqual(['json on', 'silent', 'json on', 'status']);
    await target.close();
  });

  it('cancel: Ctrl-C gives up the request under way, the next one is answered', async () => {
    const charger = mockCharger((line, send) => {
      if (line === 'json on') send('{"ok":true,"data":{"json":true}}\n');
      else if (line === 'status') send('{"ok":true,"data":{"registration":"Accepted"}}\n');
      else if (line === 'json off') send('OK\n');
    });
    const target = await SerialTarget.open({ path: charger.path, baud: 115200, createPort: charger.createPort });
    const pending = target.request('silent');
    await new Promise((r) => setTimeout(r, 10));
    target.cancel();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await target.request('status')).toEqual({ ok: true, data: { registration: 'Accepted' } });
    await target.close();
  });
});
