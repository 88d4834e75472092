/**
 * Download servers for the firmware (L01) tests: plain HTTP and a small
 * FTP server (passive mode, RETR, SIZE), each able to misbehave as a real
 * one does: 404, a stalled transfer, a data channel dropped halfway.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { atTestEnd } from './test-end.js';

export type Behaviour = { bytes: Buffer } | { status: number } | { stallAfter: number; bytes: Buffer } | { dropAfter: number; bytes: Buffer };

export interface FileServer {
  /** Base URL, e.g. http://127.0.0.1:1234 */
  readonly url: string;
  put(path: string, behaviour: Behaviour): void;
  /** How often each path was asked for. */
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

export async function startHttpFileServer(): Promise<FileServer> {
  const files = new Map<string, Behaviour>();
  const requests = new Map<string, number>();
  const open = new Set<import('node:http').ServerResponse>();
  const server: Server = createHttpServer((req, res) => {
    const path = req.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const b = files.get(path);
    if (!b) return res.writeHead(404).end('not found');
    if ('status' in b) return res.writeHead(b.status).end(`status ${b.status}`);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': b.bytes.length });
    if ('stallAfter' in b) {
      open.add(res);
      res.write(b.bytes.subarray(0, b.stallAfter));
      return; // never ends
    }
    if ('dropAfter' in b) {
      res.write(b.bytes.subarray(0, b.dropAfter), () => res.socket?.destroy());
      return;
    }
    res.end(b.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const close = async () => {
    for (const res of open) res.socket?.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  atTestEnd(close);
  return { url: `http://127.0.0.1:${port}`, put: (p, b) => files.set(p, b), requests, close };
}

/** An FTP server with the commands basic-ftp uses for a download (RFC 959 passive mode). */
export async function startFtpFileServer(credentials = { user: 'ng9', password: 'secret' }): Promise<FileServer> {
  const files = new Map<string, Behaviour>();
  const requests = new Map<string, number>();
  const sockets = new Set<Socket>();
  const dataServers = new Set<TcpServer>();
  const server = createTcpServer((control) => {
    sockets.add(control);
    control.on('close', () => sockets.delete(control));
    control.on('error', () => undefined);
    let user = '';
    let authed = false;
    let data: Promise<Socket> | undefined;
    const reply = (line: string) => control.write(`${line}\r\n`);
    reply('220 ng9 test FTP');
    let buffer = '';
    control.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const [cmd = '', ...rest] = line.split(' ');
        const arg = rest.join(' ');
        switch (cmd.toUpperCase()) {
          case 'USER':
            user = arg;
            reply('331 password please');
            break;
          case 'PASS':
            authed = user === credentials.user && arg === credentials.password;
            reply(authed ? '230 logged in' : '530 login incorrect');
            break;
          case 'TYPE':
          case 'STRU':
          case 'OPTS':
            reply('200 ok');
            break;
          case 'PWD':
            reply('257 "/"');
            break;
          case 'SIZE': {
            const b = files.get(arg);
            if (!authed) reply('530 not logged in');
            else if (b && 'bytes' in b) reply(`213 ${b.bytes.length}`);
            else reply('550 no such file');
            break;
          }
          case 'EPSV':
          case 'PASV': {
            const ds = createTcpServer();
            dataServers.add(ds);
            data = new Promise<Socket>((resolve) => ds.once('connection', (s) => { sockets.add(s); s.on('error', () => undefined); resolve(s); ds.close(); }));
            ds.listen(0, '127.0.0.1', () => {
              const port = (ds.address() as { port: number }).port;
              if (cmd.toUpperCase() === 'EPSV') reply(`229 Entering Extended Passive Mode (|||${port}|)`);
              else reply(`227 Entering Passive Mode (127,0,0,1,${port >> 8},${port & 255})`);
            });
            break;
          }
          case 'RETR': {
            requests.set(arg, (requests.get(arg) ?? 0) + 1);
            const b = files.get(arg);
            if (!authed) { reply('530 not logged in'); break; }
            if (!b || !('bytes' in b)) { reply('550 no such file'); break; }
            if (!data) { reply('425 use PASV first'); break; }
            const channel = data;
            data = undefined;
            reply('150 opening data connection');
            void channel.then((s) => {
              if ('dropAfter' in b) {
                s.write(b.bytes.subarray(0, b.dropAfter), () => {
                  s.destroy();
                  reply('426 connection closed; transfer aborted');
                });
              } else if ('stallAfter' in b) {
                s.write(b.bytes.subarray(0, b.stallAfter));
              } else {
                s.end(b.bytes, () => reply('226 transfer complete'));
              }
            });
            break;
          }
          case 'QUIT':
            reply('221 bye');
            control.end();
            break;
          default:
            reply(`502 ${cmd} not implemented`);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const close = async () => {
    for (const s of sockets) s.destroy();
    for (const ds of dataServers) ds.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  atTestEnd(close);
  return { url: `ftp://${credentials.user}:${credentials.password}@127.0.0.1:${port}`, put: (p, b) => files.set(p, b), requests, close };
}
