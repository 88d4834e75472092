/**
 * What the station's file transfers share — the firmware download (L01)
 * and the log upload (N01): a stall watch on the station clock, an FTP
 * session with the URL's credentials, and the reason a transfer failed.
 */
import type { Clock, Timer } from './clock.js';

type FtpClient = import('basic-ftp').Client;

/**
 * An AbortController that the station clock aborts with `why` once `ms`
 * pass without `progress()`; `stop()` when the transfer is over.
 */
export function stallWatch(clock: Clock, ms: number, why: string): { controller: AbortController; progress: () => void; stop: () => void } {
  const controller = new AbortController();
  let timer: Timer | undefined;
  const progress = () => {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(() => controller.abort(why), ms);
  };
  progress();
  return { controller, progress, stop: () => clock.clearTimeout(timer) };
}

/**
 * An FTP(S) session with the user and password of `url` (anonymous
 * without), closed when `use` is done or `signal` aborts. basic-ftp loads on
 * first use only.
 */
export async function withFtp<T>(url: URL, signal: AbortSignal, use: (client: FtpClient) => Promise<T>): Promise<T> {
  const { Client } = await import('basic-ftp');
  const client = new Client(0);
  const abort = () => client.close();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await client.access({
      host: url.hostname,
      port: url.port ? Number(url.port) : 21,
      user: url.username ? decodeURIComponent(url.username) : 'anonymous',
      password: url.password ? decodeURIComponent(url.password) : 'ng9@',
      secure: url.protocol === 'ftps:',
    });
    return await use(client);
  } finally {
    signal.removeEventListener('abort', abort);
    client.close();
  }
}

/** Why a transfer failed: the abort's reason (a stall, a power down), else the error's cause. */
export function transferFailure(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return String(signal.reason ?? 'stalled');
  const e = err as Error & { cause?: Error };
  return e.cause?.message ?? e.message;
}
