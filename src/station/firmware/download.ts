/**
 * L01 download of a firmware image from http(s):// or ftp:// (release notes:
 * the FTP download flow), bounded in size; a stalled transfer is ended by
 * the caller's signal (it runs on the station clock).
 */
import { Writable } from 'node:stream';
import { transferFailure, withFtp } from '../file-transfer.js';

/** A firmware image is never larger than this (the NG9xx external flash). */
export const MAX_IMAGE_BYTES = 32 * 1024 * 1024;

export class DownloadError extends Error {}

export async function download(location: string, signal: AbortSignal, onProgress: () => void = () => undefined): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new DownloadError(`'${location}' is not a URL`);
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return httpDownload(url, signal, onProgress);
  if (url.protocol === 'ftp:' || url.protocol === 'ftps:') return ftpDownload(url, signal, onProgress);
  throw new DownloadError(`${url.protocol} is not a download protocol of this station (http, https, ftp, ftps)`);
}

async function httpDownload(url: URL, signal: AbortSignal, onProgress: () => void): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    throw new DownloadError(`GET ${url.href}: ${transferFailure(err, signal)}`);
  }
  if (!res.ok || !res.body) throw new DownloadError(`GET ${url.href}: HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > MAX_IMAGE_BYTES) throw new DownloadError(`GET ${url.href}: ${declared} bytes is more than the ${MAX_IMAGE_BYTES} an image may have`);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) throw new DownloadError(`GET ${url.href}: more than ${MAX_IMAGE_BYTES} bytes`);
      parts.push(Buffer.from(chunk));
      onProgress();
    }
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    throw new DownloadError(`GET ${url.href}: ${transferFailure(err, signal)}`);
  }
  const body = Buffer.concat(parts);
  if (Number.isFinite(declared) && body.length !== declared) throw new DownloadError(`GET ${url.href}: got ${body.length} of ${declared} bytes`);
  return body;
}

async function ftpDownload(url: URL, signal: AbortSignal, onProgress: () => void): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) return done(new DownloadError(`more than ${MAX_IMAGE_BYTES} bytes`));
      parts.push(chunk);
      onProgress();
      done();
    },
  });
  try {
    return await withFtp(url, signal, async (client) => {
      const path = decodeURIComponent(url.pathname);
      const expected = await client.size(path).catch(() => undefined);
      await client.downloadTo(sink, path);
      const body = Buffer.concat(parts);
      if (expected !== undefined && body.length !== expected) throw new DownloadError(`got ${body.length} of ${expected} bytes`);
      return body;
    });
  } catch (err) {
    throw new DownloadError(`FTP ${url.host}${url.pathname}: ${err instanceof DownloadError ? err.message : transferFailure(err, signal)}`);
  }
}
