/**
 * N01 upload of a log file: http(s) as a multipart/form-data POST
 * (N01.FR.19: one part "uploadedfile" with the file name and
 * application/octet-stream), ftp(s) as STOR into the folder the location
 * names. Release notes "Error handling for multipart content": whatever the
 * server does — 4xx/5xx, a redirect, a connection closed halfway — ends in
 * an UploadError; a stalled transfer is ended by the caller's signal (it
 * runs on the station clock). Progress is each piece of the file an FTP data
 * channel takes; an HTTP POST (the whole body at once) shows progress only
 * when it is answered.
 */
import { Readable } from 'node:stream';
import { transferFailure, withFtp } from '../file-transfer.js';

/** The schemes GetLog / GetDiagnostics may name (OCPPCommCtrlr.FileTransferProtocols, and FTPS). */
export const UPLOAD_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'ftp:', 'ftps:']);

/** What an UploadError tells the CSMS: a refused login is PermissionDenied (N01.FR.10: as accurate as possible). */
export type UploadFailureStatus = 'UploadFailure' | 'PermissionDenied';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: UploadFailureStatus = 'UploadFailure',
  ) {
    super(message);
  }
}

export interface LogFile {
  name: string;
  bytes: Buffer;
}

/** The multipart field name OCPP's example uses (N01.FR.19). */
export const UPLOAD_FIELD = 'uploadedfile';
const CHUNK = 16 * 1024;

export async function upload(location: string, file: LogFile, signal: AbortSignal, onProgress: () => void = () => undefined): Promise<void> {
  const url = new URL(location);
  if (url.protocol === 'http:' || url.protocol === 'https:') return httpUpload(url, file, signal, onProgress);
  if (url.protocol === 'ftp:' || url.protocol === 'ftps:') return ftpUpload(url, file, signal, onProgress);
  throw new UploadError(`${url.protocol} is not an upload protocol of this station`);
}

/** The location without its user and password, for the log. */
export function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

async function httpUpload(url: URL, file: LogFile, signal: AbortSignal, onProgress: () => void): Promise<void> {
  const form = new FormData();
  form.append(UPLOAD_FIELD, new Blob([new Uint8Array(file.bytes)], { type: 'application/octet-stream' }), file.name);
  const headers: Record<string, string> = {};
  // N01.FR.17: basic authorization in the URL (fetch does not take a URL with credentials)
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }
  const target = new URL(shown(url) + url.search);
  const what = `POST ${shown(url)}`;
  let res: Response;
  try {
    // a redirect is not followed: the log goes only where the CSMS said
    res = await fetch(target, { method: 'POST', body: form, headers, signal, redirect: 'manual' });
  } catch (err) {
    throw new UploadError(`${what}: ${transferFailure(err, signal)}`);
  }
  onProgress();
  await res.body?.cancel().catch(() => undefined);
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    throw new UploadError(`${what}: HTTP ${res.status} redirect${res.headers.get('location') ? ` to ${res.headers.get('location')}` : ''} not followed`);
  }
  if (res.status === 401 || res.status === 403) throw new UploadError(`${what}: HTTP ${res.status}`, 'PermissionDenied');
  if (!res.ok) throw new UploadError(`${what}: HTTP ${res.status}`);
}

async function ftpUpload(url: URL, file: LogFile, signal: AbortSignal, onProgress: () => void): Promise<void> {
  const { FTPError } = await import('basic-ftp');
  const folder = decodeURIComponent(url.pathname);
  const path = `${folder.endsWith('/') ? folder : `${folder}/`}${file.name}`;
  try {
    await withFtp(url, signal, async (client) => {
      onProgress();
      await client.uploadFrom(Readable.from(chunks(file.bytes, onProgress)), path);
    });
  } catch (err) {
    const denied = err instanceof FTPError && err.code === 530;
    throw new UploadError(`FTP ${url.host}${path}: ${transferFailure(err, signal)}`, denied && !signal.aborted ? 'PermissionDenied' : 'UploadFailure');
  }
}

/** The file in pieces, each one read counting as progress. */
function* chunks(bytes: Buffer, onProgress: () => void): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += CHUNK) {
    onProgress();
    yield bytes.subarray(i, i + CHUNK);
  }
}
