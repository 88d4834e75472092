/**
 * N01 Retrieve Log Information. GetLog is answered Accepted with the name of
 * the file (N01.FR.01); the file is put together there and then, from the
 * lines of the request's time window, and uploaded (upload.ts) with
 * LogStatusNotification Uploading at each attempt, then Uploaded or
 * UploadFailure / PermissionDenied, each with the request's requestId
 * (N01.FR.07-10). A failed attempt is tried again `retries` times,
 * `retryInterval` s apart. A new GetLog while one is under way (uploading or
 * waiting to retry) cancels it: AcceptedCanceled, and the canceled one ends
 * with LogStatusNotification AcceptedCanceled (N01.FR.12, N01.FR.20).
 *
 * Rejected (N01.FR.05): a location that is no URL or names a scheme other
 * than http(s) / ftp(s); oldestTimestamp after latestTimestamp; a window
 * without a single entry (there is no log information to give).
 *
 * An upload lives in memory only: a reboot ends it without a further status.
 */
import type { Timer } from '../clock.js';
import { stallWatch } from '../file-transfer.js';
import type { OcppHost, StationBase } from '../host.js';
import type { SecurityLog } from '../security/security-log.js';
import { type LogType, logFileName, logLines } from './log-file.js';
import { UPLOAD_PROTOCOLS, UploadError, type UploadFailureStatus, shown, upload } from './upload.js';

export type DiagnosticsHost = Pick<StationBase, 'clock' | 'log'> &
  Pick<OcppHost, 'actions' | 'afterReply' | 'send'> & {
    readonly id: string;
    readonly securityEvents: { readonly securityLog: Pick<SecurityLog, 'between'> };
  };

export interface GetLogRequest {
  logType: LogType;
  requestId: number;
  retries?: number;
  retryInterval?: number;
  log: { remoteLocation: string; oldestTimestamp?: string; latestTimestamp?: string };
}

type StatusInfo = { reasonCode: string; additionalInfo?: string };
export interface GetLogResponse {
  status: 'Accepted' | 'Rejected' | 'AcceptedCanceled';
  filename?: string;
  statusInfo?: StatusInfo;
}

export type UploadLogStatus = 'Idle' | 'Uploading' | 'Uploaded' | 'AcceptedCanceled' | UploadFailureStatus;

/** An upload that gets nothing done for this long (station clock) has stalled. */
export const UPLOAD_STALL_MS = 60_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_INTERVAL_SEC = 60;

interface LogJob {
  requestId: number;
  location: string;
  filename: string;
  bytes: Buffer;
  retries: number;
  retryIntervalSec: number;
  attempt: number;
}

export class DiagnosticsBlock {
  private job: LogJob | undefined;
  private uploading: AbortController | undefined;
  private retryTimer: Timer | undefined;

  constructor(private readonly host: DiagnosticsHost) {
    host.actions.register('GetLog', (req: GetLogRequest) => this.getLog(req));
  }

  /** The requestId of the upload under way, if one is. */
  get ongoing(): number | undefined {
    return this.job?.requestId;
  }

  /** Power down: the upload under way is dropped, with no further status. */
  end(): void {
    this.drop('power down');
  }

  /** F06 TriggerMessage LogStatusNotification: Uploading with the requestId, or Idle without one (N01.FR.13). */
  async sendTriggered(): Promise<void> {
    await this.notify(this.job ? 'Uploading' : 'Idle', this.job?.requestId);
  }

  private getLog(req: GetLogRequest): GetLogResponse {
    const rejected = (reasonCode: string, additionalInfo: string): GetLogResponse => {
      this.host.log.warn('diagnostics', `GetLog ${req.requestId} rejected: ${additionalInfo}`);
      return { status: 'Rejected', statusInfo: { reasonCode, additionalInfo: additionalInfo.slice(0, 512) } };
    };
    let url: URL;
    try {
      url = new URL(req.log.remoteLocation);
    } catch {
      return rejected('InvalidURL', `'${req.log.remoteLocation}' is not a URL`);
    }
    if (!UPLOAD_PROTOCOLS.has(url.protocol)) return rejected('UnsupportedProtocol', `${url.protocol} is not an upload protocol of this station (http, https, ftp, ftps)`);
    const oldest = req.log.oldestTimestamp === undefined ? undefined : Date.parse(req.log.oldestTimestamp);
    const latest = req.log.latestTimestamp === undefined ? undefined : Date.parse(req.log.latestTimestamp);
    if (oldest !== undefined && latest !== undefined && oldest > latest) return rejected('InvalidValue', 'oldestTimestamp is after latestTimestamp');
    const lines = logLines(req.logType, { oldest, latest }, {
      diagnostics: (n) => this.host.log.recent(n),
      security: (from, to) => this.host.securityEvents.securityLog.between(from, to),
    });
    if (lines.length === 0) return rejected('NoLogAvailable', `the ${req.logType} has no entries in the time asked for`);

    const canceled = this.job;
    if (canceled) {
      this.drop('canceled');
      this.host.log.info('diagnostics', `log upload ${canceled.requestId} canceled by GetLog ${req.requestId}`);
    }
    const job: LogJob = {
      requestId: req.requestId,
      location: req.log.remoteLocation,
      filename: logFileName(this.host.id, req.logType, req.requestId, this.host.clock.now()),
      bytes: Buffer.from(`${lines.join('\n')}\n`),
      retries: Math.max(0, req.retries ?? DEFAULT_RETRIES),
      retryIntervalSec: Math.max(0, req.retryInterval ?? DEFAULT_RETRY_INTERVAL_SEC),
      attempt: 0,
    };
    this.job = job;
    this.host.log.info('diagnostics', `GetLog ${req.requestId}: ${lines.length} lines of the ${req.logType} to ${shown(url)} as ${job.filename}`);
    this.host.afterReply(() => void this.begin(job, canceled?.requestId));
    return { status: canceled ? 'AcceptedCanceled' : 'Accepted', filename: job.filename };
  }

  private async begin(job: LogJob, canceled: number | undefined): Promise<void> {
    if (canceled !== undefined) await this.notify('AcceptedCanceled', canceled);
    await this.attempt(job);
  }

  private async attempt(job: LogJob): Promise<void> {
    if (this.job !== job) return;
    await this.notify('Uploading', job.requestId);
    if (this.job !== job) return;
    const { controller, progress, stop } = stallWatch(this.host.clock, UPLOAD_STALL_MS, `nothing done for ${UPLOAD_STALL_MS / 1000} s`);
    this.uploading = controller;
    let failure: UploadError | undefined;
    try {
      await upload(job.location, { name: job.filename, bytes: job.bytes }, controller.signal, progress);
    } catch (err) {
      failure = err instanceof UploadError ? err : new UploadError((err as Error).message);
    } finally {
      stop();
      if (this.uploading === controller) this.uploading = undefined;
    }
    // canceled or powered down meanwhile: nothing more to tell of this one
    if (this.job !== job) return;
    if (!failure) {
      this.job = undefined;
      this.host.log.info('diagnostics', `log upload ${job.requestId}: ${job.filename} uploaded (${job.bytes.length} bytes)`);
      return this.notify('Uploaded', job.requestId);
    }
    this.host.log.warn('diagnostics', `log upload ${job.requestId}: attempt ${job.attempt + 1} of ${job.retries + 1} failed: ${failure.message}`);
    if (job.attempt < job.retries) {
      job.attempt++;
      this.retryTimer = this.host.clock.setTimeout(() => {
        this.retryTimer = undefined;
        void this.attempt(job);
      }, job.retryIntervalSec * 1000);
      return;
    }
    this.job = undefined;
    return this.notify(failure.status, job.requestId);
  }

  private drop(why: string): void {
    this.host.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.uploading?.abort(why);
    this.uploading = undefined;
    this.job = undefined;
  }

  private async notify(status: UploadLogStatus, requestId?: number): Promise<void> {
    try {
      await this.host.send('LogStatusNotification', requestId === undefined ? { status } : { status, requestId });
    } catch (err) {
      this.host.log.warn('diagnostics', `LogStatusNotification ${status} not delivered: ${(err as Error).message}`);
    }
  }
}
