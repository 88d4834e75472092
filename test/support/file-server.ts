/**
 * Download servers for the firmware (L01) tests: plain HTTP and a small
 * FTP server (passive mode, RETR, SIZE), each able to misbehave as a real
 * one does: 404, a stalled transfer, a data channel dropped halfway.
 * Upload servers for the log (N01) tests: HTTP taking multipart/form-data
 * POSTs, and STOR on the FTP server; they misbehave too (an HTTP status, a
 * redirect, the connection closed halfway, no answer, a refused STOR).
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

/** What an upload server does with what is sent to a path (HTTP) or into a folder (FTP). Default: store it. */
export type UploadBehaviour = 'store' | 'drop' | 'stall' | { status: number } | { redirect: string } | 'deny';

export interface ReceivedUpload {
  /** The POST's path, or the folder of the STOR */
  path: string;
  filename: string;
  /** HTTP: the multipart field name and part Content-Type */
  field?: string;
  contentType?: string;
  authorization?: string;
  text: string;
}

export interface UploadServer {
  readonly url: string;
  on(path: string, behaviour: UploadBehaviour): void;
  /** What was stored, in order. */
  readonly received: ReceivedUpload[];
  /** How often an upload to each path (folder) was begun. */
  readonly attempts: Map<string, number>;
  close(): Promise<void>;
}

/** An HTTP server taking multipart/form-data POSTs, parsed by undici's own FormData (not the station's code). */
export async function startHttpUploadServer(): Promise<UploadServer> {
  const behaviours = new Map<string, UploadBehaviour>();
  const received: ReceivedUpload[] = [];
  const attempts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    attempts.set(path, (attempts.get(path) ?? 0) + 1);
    const b = behaviours.get(path) ?? 'store';
    if (b === 'drop') {
      req.once('data', () => req.socket.destroy());
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (b === 'stall') return; // never answers
      if (typeof b === 'object' && 'status' in b) return res.writeHead(b.status).end(`status ${b.status}`);
      if (typeof b === 'object' && 'redirect' in b) return res.writeHead(302, { location: b.redirect }).end();
      void (async () => {
        const body = Buffer.concat(parts);
        const form = await new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
        for (const [field, value] of form.entries()) {
          if (typeof value === 'string') continue;
          received.push({ path, field, filename: value.name, contentType: value.type, authorization: req.headers.authorization, text: await value.text() });
        }
        res.writeHead(201).end('stored');
      })().catch((err: Error) => res.writeHead(400).end(err.message));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  atTestEnd(close);
  return { url: `http://127.0.0.1:${port}`, on: (p, b) => behaviours.set(p, b), received, attempts, close };
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

export type FtpServer = FileServer & Omit<UploadServer, 'url' | 'close'>;

/** An FTP server with the commands basic-ftp uses for a download and an upload (RFC 959 passive mode). */
export async function startFtpFileServer(credentials = { user: 'ng9', password: 'secret' }): Promise<FtpServer> {
  const files = new Map<string, Behaviour>();
  const requests = new Map<string, number>();
  const behaviours = new Map<string, UploadBehaviour>();
  const received: ReceivedUpload[] = [];
  const attempts = new Map<string, number>();
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
          case 'STOR': {
            if (!authed) { reply('530 not logged in'); break; }
            const folder = arg.slice(0, arg.lastIndexOf('/') + 1) || '/';
            attempts.set(folder, (attempts.get(folder) ?? 0) + 1);
            const b = behaviours.get(folder) ?? 'store';
            if (b === 'deny') { reply('550 permission denied'); break; }
            if (!data) { reply('425 use PASV first'); break; }
            const channel = data;
            data = undefined;
            reply('150 ok to send data');
            void channel.then((s) => {
              const parts: Buffer[] = [];
              s.on('data', (c: Buffer) => {
                parts.push(c);
                if (b === 'drop') {
                  s.destroy();
                  reply('426 connection closed; transfer aborted');
                }
              });
              s.on('end', () => {
                if (b !== 'store') return; // stall: the transfer is never confirmed
                received.push({ path: folder, filename: arg.slice(folder.length), text: Buffer.concat(parts).toString() });
                reply('226 transfer complete');
              });
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
  return {
    url: `ftp://${credentials.user}:${credentials.password}@127.0.0.1:${port}`,
    put: (p, b) => files.set(p, b),
    requests,
    close,
    on: (p, b) => behaviours.set(p, b),
    received,
    attempts,
  };
}
