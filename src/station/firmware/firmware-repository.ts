import type { Store } from '../store/store.js';
import type { FirmwareJob, FirmwareStatus, Installed, PendingReport } from './types.js';

/** L01: the firmware state in the store, as JSON under a few keys, and the downloaded image. */
export class FirmwareRepository {
  private readonly read;
  private readonly write;
  private readonly remove;
  private readonly readImage;
  private readonly writeImage;
  private readonly removeImage;

  constructor(private readonly store: Store) {
    const db = store.db;
    this.read = db.prepare<[string], { value: string }>('SELECT value FROM firmware_state WHERE station = @station AND key = ?');
    this.write = db.prepare<[string, string]>('INSERT INTO firmware_state (station, key, value) VALUES (@station, ?, ?) ON CONFLICT (station, key) DO UPDATE SET value = excluded.value');
    this.remove = db.prepare<[string]>('DELETE FROM firmware_state WHERE station = @station AND key = ?');
    this.readImage = db.prepare<[], { bytes: Uint8Array }>('SELECT bytes FROM firmware_image WHERE station = @station');
    this.writeImage = db.prepare<[Buffer]>('INSERT INTO firmware_image (station, bytes) VALUES (@station, ?) ON CONFLICT (station) DO UPDATE SET bytes = excluded.bytes');
    this.removeImage = db.prepare('DELETE FROM firmware_image WHERE station = @station');
  }

  /** Kept in memory too: every console line asks whether the station is in recovery. */
  private known: Installed | undefined;

  installed(fallback: Installed): Installed {
    this.known ??= this.get<Installed>('installed') ?? fallback;
    return this.known;
  }

  setInstalled(installed: Installed): void {
    this.set('installed', installed);
    this.known = installed;
  }

  job(): FirmwareJob | undefined {
    return this.get('job');
  }

  /** The job, or none: the image goes with it. */
  setJob(job: FirmwareJob | undefined): void {
    if (job) return this.set('job', job);
    this.store.tx(() => {
      this.remove.run('job');
      this.removeImage.run();
    });
  }

  image(): Buffer | undefined {
    const bytes = this.readImage.get()?.bytes;
    // node:sqlite gives a Uint8Array, better-sqlite3 a Buffer
    return bytes && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  setImage(bytes: Buffer): void {
    this.writeImage.run(bytes);
  }

  pendingReport(): PendingReport | undefined {
    return this.get('report');
  }

  setPendingReport(report: PendingReport | undefined): void {
    if (report) this.set('report', report);
    else this.remove.run('report');
  }

  /** The last status told (TriggerMessage FirmwareStatusNotification). */
  lastStatus(): { status: FirmwareStatus; requestId?: number } {
    return this.get('lastStatus') ?? { status: 'Idle' };
  }

  setLastStatus(last: { status: FirmwareStatus; requestId?: number }): void {
    this.set('lastStatus', last);
  }

  private get<T>(key: string): T | undefined {
    const row = this.read.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private set(key: string, value: unknown): void {
    this.write.run(key, JSON.stringify(value));
  }
}
