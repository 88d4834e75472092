/** L01 firmware management: what is installed and the job under way. */

/** The two firmware slots: the station runs from one, an install writes the other (A/B). */
export type SlotName = 'A' | 'B';

export interface Installed {
  /** The firmware version in each slot; null = empty or left incomplete by a power cut. */
  slots: Record<SlotName, string | null>;
  active: SlotName;
  /** The active slot runs on trial: the next boot reverts unless it is made permanent. */
  trial: boolean;
  /** `<stage1>.<stage2 major>.<stage2 minor>`; a pre-6.0 charger has 0.1.6. */
  bootloader: string;
  /** The video resource version, if one is installed. */
  video: string | null;
  /** The bootloader write was cut: the station cannot boot, only recover. */
  recovery: boolean;
}

/** OCPP 2.0.1 FirmwareStatusEnumType. */
export type FirmwareStatus =
  | 'Downloaded' | 'DownloadFailed' | 'Downloading' | 'DownloadScheduled' | 'DownloadPaused' | 'Idle'
  | 'InstallationFailed' | 'Installing' | 'Installed' | 'InstallRebooting' | 'InstallScheduled'
  | 'InstallVerificationFailed' | 'InvalidSignature' | 'SignatureVerified';

/** Where a job stands; each step is written before it is taken, so a power cut resumes or fails it cleanly. */
export type JobPhase =
  | 'DownloadScheduled'
  | 'Downloading'
  | 'Downloaded'
  | 'InstallScheduled'
  /** waiting for the transactions to end */
  | 'WaitingForIdle'
  | 'Installing'
  /** the critical step: a power cut now leaves the station unbootable */
  | 'WritingBootloader'
  | 'InstallRebooting'
  /** booted into the new image: Installed is told once the CSMS accepted it */
  | 'Booted';

export interface FirmwareJob {
  requestId: number;
  /** csms: UpdateFirmware; local: `fw install` (no notifications) */
  origin: 'csms' | 'local';
  location: string;
  /** epoch ms */
  retrieveAt: number;
  installAt?: number;
  /** further attempts after the first */
  retries: number;
  retryIntervalSec: number;
  signingCertificate?: string;
  signature?: string;
  phase: JobPhase;
  attempt: number;
  /** From the verified image. */
  image?: { kind: string; firmware?: string; bootloader?: string; video?: string };
}

/** A status to tell the CSMS once it accepted the station after a boot. */
export interface PendingReport {
  requestId: number;
  status: FirmwareStatus;
}
