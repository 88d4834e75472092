/**
 * L01 Secure Firmware Update, and the firmware's own side of it (release
 * notes sections 3 and 7): FWI images, A/B firmware slots, the two-stage
 * bootloader, the minimal firmware for pre-6.0 chargers.
 *
 * A job goes DownloadScheduled → Downloading → Downloaded → SignatureVerified
 * → (InstallScheduled) → waits for the transactions → Installing →
 * InstallRebooting → boot → Installed, telling the CSMS each status with the
 * request's requestId (L01.FR.01). Every step is written to the store before
 * it is taken, so a power cut at any point ends in a documented state
 * (docs/firmware.md): the firmware that ran before, with the failure told
 * after boot; the new firmware on trial; or — only when the power goes while
 * the bootloader is written, as the release notes warn — a station that can
 * only be recovered.
 */
import type { Timer } from '../clock.js';
import { stallWatch } from '../file-transfer.js';
import type { OcppHost, StationBase } from '../host.js';
import type { BootReason } from '../provisioning/types.js';
import type { PowerDown } from '../lifecycle.js';
import { FirmwareRepository } from './firmware-repository.js';
import type { FirmwareJob, FirmwareStatus, Installed, JobPhase, PendingReport, SlotName } from './types.js';
import { withStage2 } from './versions.js';

export interface FirmwareHost extends Pick<StationBase, 'clock' | 'events' | 'log' | 'model' | 'store'>, Pick<OcppHost, 'actions' | 'afterReply' | 'registration' | 'send'> {
  readonly certificates: { installed(types?: readonly 'ManufacturerRootCertificate'[]): ReadonlyArray<{ pem: string }> };
  readonly securityEvents: { raise(type: string, techInfo: string): void };
  readonly transactions: { ongoing(): readonly unknown[]; readonly ended: { on(fn: () => void): unknown } };
  readonly availability: { holdForFirmware(on: boolean): void };
  restart(reason: BootReason, how?: Exclude<PowerDown, 'halt'>): Promise<void>;
}

export interface UpdateFirmwareRequest {
  requestId: number;
  retries?: number;
  retryInterval?: number;
  firmware: { location: string; retrieveDateTime: string; installDateTime?: string; signingCertificate?: string; signature?: string };
}

type UpdateFirmwareStatus = 'Accepted' | 'Rejected' | 'AcceptedCanceled' | 'InvalidCertificate' | 'RevokedCertificate';
export interface UpdateFirmwareResponse {
  status: UpdateFirmwareStatus;
  statusInfo?: { reasonCode: string; additionalInfo?: string };
}

/** Simulated flash write times (station clock). */
export const FIRMWARE_WRITE_MS = 4_000;
export const BOOTLOADER_WRITE_MS = 2_000;
export const VIDEO_WRITE_MS = 1_000;
/** A download that receives nothing for this long has stalled. */
export const DOWNLOAD_STALL_MS = 60_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_INTERVAL_SEC = 60;

const PRE_INSTALL: ReadonlySet<JobPhase> = new Set(['DownloadScheduled', 'Downloading', 'Downloaded', 'InstallScheduled', 'WaitingForIdle']);

export class FirmwareBlock {
  private readonly repo: FirmwareRepository;
  private timer: Timer | undefined;
  private downloading: AbortController | undefined;
  private waitingForIdle = false;
  private running = false;

  constructor(
    private readonly host: FirmwareHost,
    /** What a fresh store starts with: 6.0.0 / 1.2.0, or a pre-6.0 charger. */
    private readonly factory: Installed,
  ) {
    this.repo = new FirmwareRepository(host.store);
    host.actions.register('UpdateFirmware', (req: UpdateFirmwareRequest) => this.updateFirmware(req));
    host.events.on((e) => {
      if (e.event === 'registration' && e.status === 'Accepted') this.accepted();
    });
    host.transactions.ended.on(() => {
      if (this.waitingForIdle) this.installWhenIdle();
    });
  }

  get installed(): Installed {
    return this.repo.installed(this.factory);
  }

  /** The firmware the station runs. */
  get firmwareVersion(): string {
    const i = this.installed;
    return i.slots[i.active] ?? this.factory.slots[this.factory.active]!;
  }

  get job(): FirmwareJob | undefined {
    return this.repo.job();
  }

  get lastStatus(): { status: FirmwareStatus; requestId?: number } {
    return this.repo.lastStatus();
  }

  /** The power-cut bootloader write left nothing to boot: only a recovery install answers. */
  /** No firmware job, no recovery. */
  get quiet(): boolean {
    return !this.job && !this.inRecovery;
  }

  get inRecovery(): boolean {
    return this.installed.recovery;
  }

  /**
   * Power up: settle what a power cut or a reboot interrupted (see the
   * module comment), then carry on with a job that had not started
   * installing once the CSMS accepted the station.
   */
  begin(): void {
    this.running = true;
    const job = this.repo.job();
    // (a firmware on trial always has its Booted job: revertTrial settles it)
    if (!job) return;
    switch (job.phase) {
      case 'Installing':
        return this.failAfterBoot(job, 'InstallationFailed', `power lost while writing slot ${other(this.installed.active)}: firmware ${this.firmwareVersion} runs on`);
      case 'WritingBootloader':
        this.repo.setInstalled({ ...this.installed, recovery: true });
        this.repo.setJob(undefined);
        this.host.log.error('firmware', 'power lost while the bootloader was written: the station cannot boot. Recovery only: fw install <minimal firmware FWI>');
        return;
      case 'InstallRebooting':
        return this.bootNewImage(job);
      case 'Booted':
        return this.revertTrial(job);
      default:
        // a job that has not installed anything resumes: once accepted (a local one at once)
        if (job.phase === 'WaitingForIdle') this.repo.setJob({ ...job, phase: 'Downloaded' });
        if (job.origin === 'local') this.host.afterReply(() => void this.step());
    }
  }

  /** Power down: timers stop and a download is dropped; the job stays in the store. */
  end(): void {
    this.running = false;
    this.dropWork('power down');
  }

  private dropWork(why: string): void {
    this.host.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.downloading?.abort(why);
    this.downloading = undefined;
    this.waitingForIdle = false;
    this.host.availability.holdForFirmware(false);
  }

  /** `forcefirmwarepermanent`: keep the firmware that runs on trial. */
  makePermanent(): string {
    const installed = this.installed;
    if (!installed.trial) return `firmware ${this.firmwareVersion} is permanent already`;
    this.host.log.info('firmware', `firmware ${this.firmwareVersion} made permanent (forcefirmwarepermanent)`);
    const job = this.repo.job();
    if (job?.phase === 'Booted') this.confirmNewImage(job);
    else this.repo.setInstalled({ ...installed, trial: false });
    return `firmware ${this.firmwareVersion} is permanent`;
  }

  /**
   * `fw install <file|url>`: an image from the technician (serial upload,
   * a file, a URL). Checked at once; a bad image changes nothing.
   */
  async installLocal(source: { bytes: Buffer; name: string } | { url: string }): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
    if (this.inRecovery && 'url' in source) return { ok: false, error: 'in recovery only an image file can be installed' };
    const busy = this.repo.job();
    if (busy) return { ok: false, error: `a firmware job is under way (${busy.phase}, request ${busy.requestId}): wait or cancel it with a new UpdateFirmware` };
    const job: FirmwareJob = {
      requestId: 0, origin: 'local', location: 'url' in source ? source.url : source.name,
      retrieveAt: this.host.clock.now(), retries: 0, retryIntervalSec: DEFAULT_RETRY_INTERVAL_SEC, phase: 'Downloading', attempt: 0,
    };
    if ('url' in source) {
      this.repo.setJob(job);
      void this.step();
      return { ok: true, text: `downloading ${source.url}` };
    }
    const checks = await import('./image-checks.js');
    if (this.inRecovery && !checks.hasBootloader(source.bytes)) {
      return { ok: false, error: 'in recovery only an image with a bootloader (the minimal firmware, or a bootloader FWI) can be installed' };
    }
    const problem = await this.verify(source.bytes, job);
    if (problem) return { ok: false, error: `${problem.status}: ${problem.reason}` };
    const image = checks.imageInfo(source.bytes);
    this.repo.setImage(source.bytes);
    this.repo.setJob({ ...job, phase: 'Downloaded', image });
    if (this.inRecovery) {
      this.repo.setInstalled({ ...this.installed, recovery: false });
      this.host.log.warn('firmware', `recovery: installing ${source.name}`);
    }
    this.host.afterReply(() => void this.step());
    return { ok: true, text: `${source.name}: ${imageVersions(image)} (${image.kind} image), signature verified; installing${image.kind === 'video' ? '' : ' (the station reboots)'}` };
  }

  private async updateFirmware(req: UpdateFirmwareRequest): Promise<UpdateFirmwareResponse> {
    const f = req.firmware;
    if (f.signingCertificate !== undefined) {
      const roots = this.host.certificates.installed(['ManufacturerRootCertificate']).map((c) => c.pem);
      const { checkSigningCertificate } = await import('./signature.js');
      const checked = checkSigningCertificate(f.signingCertificate, roots, this.host.clock.now());
      if (!checked.ok) {
        this.host.securityEvents.raise('InvalidFirmwareSigningCertificate', checked.reason);
        return { status: 'InvalidCertificate', statusInfo: { reasonCode: 'InvalidCertificate', additionalInfo: checked.reason.slice(0, 512) } };
      }
      const { revocationOf } = await import('./revocation.js');
      const revocation = await revocationOf(f.signingCertificate, roots, this.host.clock.now()).catch((err: Error) => ({ revoked: false as const, note: err.message }));
      if (revocation.revoked) {
        this.host.securityEvents.raise('InvalidFirmwareSigningCertificate', revocation.reason);
        return { status: 'RevokedCertificate', statusInfo: { reasonCode: 'RevokedCertificate', additionalInfo: revocation.reason.slice(0, 512) } };
      }
      if (revocation.note) this.host.log.warn('firmware', `signing certificate revocation: ${revocation.note}`);
    }
    const retrieveAt = Date.parse(f.retrieveDateTime);
    const installAt = f.installDateTime ? Date.parse(f.installDateTime) : undefined;
    if (Number.isNaN(retrieveAt) || (installAt !== undefined && Number.isNaN(installAt))) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue', additionalInfo: 'retrieveDateTime / installDateTime is not a date' } };
    }
    const current = this.repo.job();
    let status: UpdateFirmwareStatus = 'Accepted';
    if (current) {
      if (!PRE_INSTALL.has(current.phase)) {
        return { status: 'Rejected', statusInfo: { reasonCode: 'TxInProgress', additionalInfo: `firmware request ${current.requestId} is installing (${current.phase})` } };
      }
      // L01.FR.24: a new request cancels the one not yet installing
      this.dropWork('canceled');
      this.host.log.info('firmware', `firmware request ${current.requestId} canceled by request ${req.requestId}`);
      status = 'AcceptedCanceled';
    }
    this.repo.setJob({
      requestId: req.requestId,
      origin: 'csms',
      location: f.location,
      retrieveAt,
      installAt,
      retries: req.retries ?? DEFAULT_RETRIES,
      retryIntervalSec: req.retryInterval ?? DEFAULT_RETRY_INTERVAL_SEC,
      signingCertificate: f.signingCertificate,
      signature: f.signature,
      phase: 'DownloadScheduled',
      attempt: 0,
    });
    this.host.afterReply(() => void this.step());
    return { status };
  }

  /** The CSMS accepted the station: tell what the boot settled, confirm a new image, resume a job. */
  private accepted(): void {
    const report = this.repo.pendingReport();
    if (report) {
      this.repo.setPendingReport(undefined);
      void this.notify(report.status, report.requestId);
    }
    const job = this.repo.job();
    if (!job) return;
    if (job.phase === 'Booted') return this.confirmNewImage(job);
    if (PRE_INSTALL.has(job.phase) && !this.timer && !this.downloading && !this.waitingForIdle) void this.step();
  }

  /** Take the job's next step from the phase it is in. */
  private async step(): Promise<void> {
    const job = this.repo.job();
    if (!job || !this.running) return;
    const now = this.host.clock.now();
    switch (job.phase) {
      case 'DownloadScheduled':
        if (job.retrieveAt > now) {
          // told once, also when the clock is set back meanwhile (the timer is armed again)
          const last = this.repo.lastStatus();
          if (last.status !== 'DownloadScheduled' || last.requestId !== job.requestId) await this.notify('DownloadScheduled', job);
          return this.at(job.retrieveAt);
        }
        this.repo.setJob({ ...job, phase: 'Downloading' });
        return this.step();
      case 'Downloading':
        return this.download(job);
      case 'Downloaded':
      case 'InstallScheduled':
        if (job.installAt !== undefined && job.installAt > now) {
          if (job.phase !== 'InstallScheduled') {
            this.repo.setJob({ ...job, phase: 'InstallScheduled' });
            await this.notify('InstallScheduled', job);
          }
          return this.at(job.installAt);
        }
        this.repo.setJob({ ...job, phase: 'WaitingForIdle' });
        return this.installWhenIdle();
      default:
    }
  }

  private at(when: number): void {
    this.host.clock.clearTimeout(this.timer);
    this.timer = this.host.clock.setTimeout(() => {
      this.timer = undefined;
      void this.step();
    }, Math.max(0, when - this.host.clock.now()));
  }

  private async download(job: FirmwareJob): Promise<void> {
    await this.notify('Downloading', job);
    const { controller, progress, stop } = stallWatch(this.host.clock, DOWNLOAD_STALL_MS, `no data for ${DOWNLOAD_STALL_MS / 1000} s`);
    this.downloading = controller;
    let bytes: Buffer | undefined;
    let failure = '';
    try {
      const { download } = await import('./download.js');
      bytes = await download(job.location, controller.signal, progress);
    } catch (err) {
      failure = (err as Error).message;
    } finally {
      stop();
      if (this.downloading === controller) this.downloading = undefined;
    }
    // powered down or canceled meanwhile
    if (!this.running || controller.signal.reason === 'power down' || controller.signal.reason === 'canceled') return;
    if (!bytes) {
      this.host.log.warn('firmware', `download ${job.attempt + 1} of ${job.retries + 1} failed: ${failure}`);
      if (job.attempt < job.retries) {
        this.repo.setJob({ ...job, attempt: job.attempt + 1 });
        return this.at(this.host.clock.now() + job.retryIntervalSec * 1000);
      }
      return this.finish(job, 'DownloadFailed', failure);
    }
    this.host.log.info('firmware', `downloaded ${bytes.length} bytes from ${job.location}`);
    this.repo.setImage(bytes);
    this.repo.setJob({ ...job, phase: 'Downloaded' });
    await this.notify('Downloaded', job);
    const problem = await this.verify(bytes, job);
    if (problem) return this.finish(job, problem.status, problem.reason);
    await this.notify('SignatureVerified', job);
    const { imageInfo } = await import('./image-checks.js');
    this.repo.setJob({ ...this.repo.job()!, image: imageInfo(bytes) });
    return this.step();
  }

  /** image-checks.ts, with what this station knows; a failed signature check is a security event. */
  private async verify(bytes: Buffer, job: FirmwareJob): Promise<{ status: FirmwareStatus; reason: string } | undefined> {
    const { checkImage } = await import('./image-checks.js');
    const problem = checkImage(bytes, {
      location: job.location,
      signature: job.signature,
      signingCertificate: job.signingCertificate,
      roots: this.host.certificates.installed(['ManufacturerRootCertificate']).map((c) => c.pem),
      now: this.host.clock.now(),
      bootloader: this.installed.bootloader,
    });
    if (problem?.securityEvent) this.host.securityEvents.raise(problem.securityEvent, problem.reason);
    else if (problem) this.host.log.warn('firmware', problem.reason);
    return problem && { status: problem.status, reason: problem.reason };
  }

  /** L01.FR.06: install once no transaction runs; EVSEs go Unavailable as theirs end, unless new sessions are allowed. */
  private installWhenIdle(): void {
    const job = this.repo.job();
    if (!job || job.phase !== 'WaitingForIdle' || !this.running) return;
    if (this.host.transactions.ongoing().length > 0) {
      if (!this.waitingForIdle) this.host.log.info('firmware', 'firmware install waits for the transactions to end');
      this.waitingForIdle = true;
      this.host.availability.holdForFirmware(!this.host.model.getBoolean('ChargingStation.AllowNewSessionsPendingFirmwareUpdate'));
      return;
    }
    this.waitingForIdle = false;
    // no new session may start while the image is written
    this.host.availability.holdForFirmware(true);
    void this.install(job);
  }

  private async install(job: FirmwareJob): Promise<void> {
    const image = job.image!;
    this.repo.setJob({ ...job, phase: 'Installing' });
    await this.notify('Installing', job);
    if (image.kind === 'video') {
      await this.wait(VIDEO_WRITE_MS);
      if (!this.running) return;
      this.repo.setInstalled({ ...this.installed, video: image.video! });
      this.host.availability.holdForFirmware(false);
      this.host.securityEvents.raise('FirmwareUpdated', `video resource ${image.video} installed`);
      return this.finish(job, 'Installed', `video resource ${image.video} installed`);
    }
    if (image.bootloader) {
      // the release notes' critical step
      this.repo.setJob({ ...job, phase: 'WritingBootloader' });
      this.host.log.warn('firmware', `writing bootloader ${image.bootloader}: do not switch the power off`);
      await this.wait(BOOTLOADER_WRITE_MS);
      if (!this.running) return;
      const installed = this.installed;
      const bootloader = image.kind === 'minimal' ? image.bootloader : withStage2(installed.bootloader, image.bootloader);
      this.repo.setInstalled({ ...installed, bootloader });
      this.host.log.info('firmware', `bootloader ${bootloader} written`);
      this.repo.setJob({ ...job, phase: 'Installing' });
    }
    if (image.firmware) {
      const installed = this.installed;
      const target = other(installed.active);
      this.repo.setInstalled({ ...installed, slots: { ...installed.slots, [target]: null } });
      this.host.log.info('firmware', `writing firmware ${image.firmware} to slot ${target}${image.kind === 'minimal' ? ' (unpacking the compressed firmware)' : ''}`);
      await this.wait(FIRMWARE_WRITE_MS);
      if (!this.running) return;
      const now = this.installed;
      this.repo.setInstalled({ ...now, slots: { ...now.slots, [target]: image.firmware } });
    }
    this.repo.setJob({ ...this.repo.job()!, phase: 'InstallRebooting' });
    await this.notify('InstallRebooting', job);
    this.host.log.info('firmware', 'rebooting into the new firmware');
    void this.host.restart('FirmwareUpdate');
  }

  /** Boot after InstallRebooting: the new firmware runs on trial (a bootloader-only image has nothing to try). */
  private bootNewImage(job: FirmwareJob): void {
    const installed = this.installed;
    if (job.image?.firmware) {
      const target = other(installed.active);
      this.repo.setInstalled({ ...installed, active: target, trial: true });
      this.host.log.info('firmware', `booted firmware ${installed.slots[target]} from slot ${target}, on trial until the CSMS accepts it (or forcefirmwarepermanent)`);
    }
    this.repo.setJob({ ...job, phase: 'Booted' });
  }

  /** The new firmware reached the CSMS: it is kept, and Installed is told. */
  private confirmNewImage(job: FirmwareJob): void {
    const installed = this.installed;
    if (installed.trial) this.repo.setInstalled({ ...installed, trial: false });
    const what = `firmware ${this.firmwareVersion}, bootloader ${installed.bootloader}`;
    this.host.securityEvents.raise('FirmwareUpdated', `${what} (${job.location})`);
    void this.finish(job, 'Installed', what);
  }

  /** Booted again while the new image was on trial: back to the firmware before. */
  private revertTrial(job: FirmwareJob): void {
    const installed = this.installed;
    if (installed.trial) {
      const previous = other(installed.active);
      this.repo.setInstalled({ ...installed, active: previous, trial: false });
    }
    this.failAfterBoot(job, 'InstallationFailed', `the new firmware did not reach the CSMS before the next boot: back to ${this.firmwareVersion}`);
  }

  private failAfterBoot(job: FirmwareJob, status: FirmwareStatus, reason: string): void {
    this.host.log.warn('firmware', `firmware request ${job.requestId}: ${status}: ${reason}`);
    this.repo.setPendingReport(job.origin === 'csms' ? { requestId: job.requestId, status } : undefined);
    this.repo.setLastStatus({ status, requestId: job.requestId });
    this.repo.setJob(undefined);
  }

  /** The job ends with `status`. */
  private async finish(job: FirmwareJob, status: FirmwareStatus, reason: string): Promise<void> {
    (status === 'Installed' ? this.host.log.info : this.host.log.warn).call(this.host.log, 'firmware', `firmware ${job.origin === 'csms' ? `request ${job.requestId}` : job.location}: ${status}: ${reason}`);
    this.repo.setJob(undefined);
    this.host.availability.holdForFirmware(false);
    await this.notify(status, job);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.timer = this.host.clock.setTimeout(() => {
        this.timer = undefined;
        resolve();
      }, ms);
    });
  }

  /** FirmwareStatusNotification with the job's requestId (local installs are only logged). */
  private async notify(status: FirmwareStatus, job: FirmwareJob | number): Promise<void> {
    const requestId = typeof job === 'number' ? job : job.requestId;
    const origin = typeof job === 'number' ? 'csms' : job.origin;
    this.repo.setLastStatus({ status, requestId });
    this.host.log.info('firmware', `${status}${origin === 'csms' ? ` (request ${requestId})` : ''}`);
    if (origin !== 'csms') return;
    try {
      await this.host.send('FirmwareStatusNotification', { status, requestId });
    } catch (err) {
      this.host.log.warn('firmware', `FirmwareStatusNotification ${status} not delivered: ${(err as Error).message}`);
    }
  }

  /** F06 TriggerMessage FirmwareStatusNotification: the last status (Idle when no job runs). */
  async sendTriggered(): Promise<void> {
    const job = this.repo.job();
    const payload = job ? { status: this.repo.lastStatus().status, requestId: job.requestId } : { status: 'Idle' };
    try {
      await this.host.send('FirmwareStatusNotification', payload);
    } catch (err) {
      this.host.log.warn('firmware', `FirmwareStatusNotification not delivered: ${(err as Error).message}`);
    }
  }
}

function other(slot: SlotName): SlotName {
  return slot === 'A' ? 'B' : 'A';
}

export function imageVersions(image: NonNullable<FirmwareJob['image']>): string {
  return [image.firmware && `firmware ${image.firmware}`, image.bootloader && `bootloader ${image.bootloader}`, image.video && `video ${image.video}`].filter(Boolean).join(', ');
}
