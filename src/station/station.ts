import { join } from 'node:path';
import type WebSocket from 'ws';
import type { Hardware } from '../hardware/interfaces.js';
import { AuthBlock } from './auth/auth-block.js';
import { SimHardware } from '../hardware/sim/sim-hardware.js';
import { AvailabilityBlock } from './availability/change-availability.js';
import { ConnectorStatusBlock } from './availability/connectors.js';
import { HeartbeatBlock } from './availability/heartbeat.js';
import { NfcReaderMonitor } from './availability/nfc-reader.js';
import { type Clock, SystemClock } from './clock.js';
import { Lifecycle, type PowerDown } from './lifecycle.js';
import type { StationEvent } from './events.js';
import { Listeners } from './listeners.js';
import { LoadBalancingBlock } from './loadbalancing/block.js';
import { Logger } from './log.js';
import { MeterValuesBlock } from './metering/meter-values.js';
import { DeviceModel } from './model/device-model.js';
import { NetworkConnection } from './network/connection.js';
import { ModemBlock } from './network/modem.js';
import { NetworkProfiles } from './network/profiles.js';
import type { NetworkConnectionProfile } from './network/validate.js';
import { CertificatesBlock } from './certificates/block.js';
import { CertificateSigningBlock } from './certificates/signing.js';
import { DataTransferBlock } from './datatransfer/block.js';
import { DiagnosticsBlock } from './diagnostics/block.js';
import { FirmwareBlock } from './firmware/block.js';
import { Screen } from './display/screen.js';
import { CustomerInformationBlock } from './customer/customer-information.js';
import { TariffCostBlock } from './display/tariff-cost.js';
import type { Installed } from './firmware/types.js';
import { LEGACY_BOOTLOADER_VERSION, LEGACY_FIRMWARE_VERSION } from './firmware/versions.js';
import { Dispatcher } from './ocpp/dispatcher.js';
import { CsmsAuthError, NotConnectedError } from './ocpp/errors.js';
import { maySend } from './ocpp/registration-gate.js';
import type { LinkConfig } from './ocpp/link.js';
import { V16Link } from './ocpp/v16/v16-link.js';
import { profileVersionOf, versionOfProfile } from './ocpp/v16/version.js';
import { P1Block } from './p1/p1-block.js';
import type { OcppVersion } from './ocpp/validator.js';
import { BootBlock, type BootReason, type RegistrationStatus } from './provisioning/boot.js';
import { ResetBlock } from './provisioning/reset.js';
import { SmartChargingBlock } from './smartcharging/block.js';
import { VariablesBlock } from './provisioning/variables.js';
import { RemoteStartBlock } from './remote/remote-start.js';
import { UnlockConnectorBlock } from './remote/unlock.js';
import { ReservationBlock } from './reservation/reservations.js';
import { TriggerBlock } from './remote/trigger.js';
import { TransactionsBlock } from './transactions/block.js';
import { identityProblem } from './identity.js';
import { guardBasicAuthPassword, redactPasswordFrame } from './security/basic-auth.js';
import { SecurityEvents } from './security/security-events.js';
import { type TlsCredentials, tlsFailureEvent } from './security/tls.js';
import { Store } from './store/store.js';
import { BOOTLOADER_VERSION, FIRMWARE_VERSION } from './version.js';

export { BOOTLOADER_VERSION, FIRMWARE_VERSION, PLATFORM } from './version.js';

export type { StationEvent } from './events.js';

export interface StationOptions {
  id: string;
  /** Folder for this station's database; none = in memory (tests). */
  stateDir?: string;
  /** The station's state in a database shared with others (`SharedDatabase.station(id)`, fleets); instead of stateDir. */
  store?: Store;
  /** Backoffice URL: writes network profile slot 1 and puts it first in priority. */
  csmsUrl?: string;
  evses?: number;
  ocppVersion?: OcppVersion;
  clock?: Clock;
  hardware?: Hardware;
  random?: () => number;
  /** The device the P1 smart meter port is wired to (serial P1 interface); kept in the store like `p1 device`. */
  p1SerialPath?: string;
  /** The serial P1 line: 115200 (8N1) or 9600 (7E1); kept like `p1 baud`. */
  p1Baud?: 115200 | 9600;
  /** The simulated 3-phase EVSEs can limit themselves to one phase (default true). */
  phaseSwitching?: boolean;
  /** A fresh state starts as a pre-6.0 charger: firmware 5.x, the one-stage bootloader 0.1.6 (release notes 3.1). */
  legacy?: boolean;
}

/** What a fresh state starts with: firmware and bootloader of this release, or of a pre-6.0 charger (release notes 3.1). */
const FACTORY_FIRMWARE: Installed = { slots: { A: FIRMWARE_VERSION, B: null }, active: 'A', trial: false, bootloader: BOOTLOADER_VERSION, video: null, recovery: false };
const LEGACY_FACTORY_FIRMWARE: Installed = { slots: { A: LEGACY_FIRMWARE_VERSION, B: null }, active: 'A', trial: false, bootloader: LEGACY_BOOTLOADER_VERSION, video: null, recovery: false };

/**
 * An idle station put away by a fleet (Station.hibernate) down to its open
 * CSMS socket and what is not in its store; Station.wake makes it again.
 */
export interface Hibernation {
  readonly id: string;
  readonly store: Store;
  readonly clock: Clock;
  readonly hardware: Hardware;
  readonly random: () => number;
  readonly requestedOcppVersion: OcppVersion;
  readonly factoryFirmware: Installed;
  /** Open, with no listener: whoever keeps the hibernation listens (and pings) until the wake. */
  readonly socket: WebSocket;
  /** OCPPCommCtrlr.WebSocketPingInterval (s; 0: off). */
  readonly pingIntervalSec: number;
  /** When the station must be woken (monotonic, on `clock`): its next Heartbeat or certificate check; undefined: never by itself. */
  readonly wakeAt: number | undefined;
  readonly heartbeatDue: number | undefined;
  readonly expiryCheckDue: number | undefined;
}

/**
 * A charging station: composes the functional blocks over one shared
 * context (clock, store, device model, OCPP link, hardware, log). It holds no
 * OCPP behaviour of its own beyond gating what may be sent.
 */
export class Station {
  readonly events = new Listeners<StationEvent>();
  readonly log: Logger;
  readonly model: DeviceModel;
  readonly network: NetworkProfiles;
  readonly connection: NetworkConnection;
  /** The mobile modem (Wireless0 profiles). */
  readonly modem: ModemBlock;
  /** The OCPP link; speaks 1.6J through the version adapter when the network profile says OCPP16 (ocpp/v16). */
  readonly link: V16Link;
  /** Every CSMS request goes through it: the registration gate, then the block that registered the action. */
  readonly actions: Dispatcher;
  readonly boot: BootBlock;
  readonly connectors: ConnectorStatusBlock;
  readonly availability: AvailabilityBlock;
  readonly reservations: ReservationBlock;
  readonly heartbeat: HeartbeatBlock;
  /** Release notes: the NFC reader fault (TokenReader.Problem). */
  readonly nfcReader: NfcReaderMonitor;
  readonly variables: VariablesBlock;
  readonly meterValues: MeterValuesBlock;
  readonly trigger: TriggerBlock;
  readonly reset: ResetBlock;
  readonly transactions: TransactionsBlock;
  readonly smartCharging: SmartChargingBlock;
  readonly p1: P1Block;
  readonly loadBalancing: LoadBalancingBlock;
  readonly auth: AuthBlock;
  /** A04: the security events the station raises itself, sent once accepted. */
  readonly securityEvents: SecurityEvents;
  /** M03-M05: the installed certificates (CSMS roots for TLS, the station's own certificate). */
  readonly certificates: CertificatesBlock;
  /** A02/A03: renewing the ChargingStationCertificate. */
  readonly certificateSigning: CertificateSigningBlock;
  /** What the charger's screen shows (I01-I06 tariff and cost, the transaction summary). */
  readonly screen: Screen;
  /** P01 / P02 DataTransfer. */
  readonly dataTransfer: DataTransferBlock;
  /** L01: firmware and bootloader, FWI images, UpdateFirmware. */
  readonly firmware: FirmwareBlock;
  /** N01: GetLog, the log uploads. */
  readonly diagnostics: DiagnosticsBlock;
  readonly evseCount: number;
  private linkWanted = true;
  /** stopped → starting → running → restarting → … → stopping → closed (lifecycle.ts). */
  readonly lifecycle = new Lifecycle({
    powerUp: (reason) => this.powerUp(reason),
    powerDown: (how, reason) => this.powerDown(how, reason),
    release: () => this.store.close(),
  });

  private constructor(
    readonly id: string,
    readonly clock: Clock,
    readonly store: Store,
    readonly hardware: Hardware,
    /** The version asked for (CLI `--ocpp`): used when no network profile says one (ocpp/v16/version.ts). */
    private readonly requestedOcppVersion: OcppVersion,
    private readonly random: () => number,
    private readonly factoryFirmware: Installed,
  ) {
    this.evseCount = hardware.evses.length;
    this.log = new Logger(store, clock);
    this.log.lines.on((line) => this.events.emit({ event: 'log', line: `${line.level}:${line.source}:${line.text}`, time: new Date(line.ts).toISOString() }));
    this.model = new DeviceModel(store, { evseCount: this.evseCount, clock });
    this.network = new NetworkProfiles(store, this.model);
    guardBasicAuthPassword(this.model);
    // A01: a new password is used at once: the station connects again with it (after answering the SetVariables)
    this.model.onChange((change) => {
      // (set before start: the first connect uses it, no reconnect)
      if (change.component.name === 'SecurityCtrlr' && change.variable.name === 'BasicAuthPassword' && this.lifecycle.running) {
        this.afterReply(() => this.reconnect('a new BasicAuthPassword (A01)'));
      }
    });
    this.actions = new Dispatcher({
      registration: () => this.boot.status,
      gated: (action, outcome) => this.log.warn('ocpp', `${action}: ${outcome}`),
    });
    this.link = new V16Link(this.linkConfigFor(this.network.active()?.profile), { clock, random, incoming: this.actions }, this);
    // A01: the password is never traced
    this.link.on('frame', (f: { direction: 'in' | 'out'; raw: string }) => this.events.emit({ event: 'ocpp', direction: f.direction, frame: redactPasswordFrame(f.raw) }));
    this.link.on('open', () => this.events.emit({ event: 'link', connected: true }));
    this.link.on('close', () => this.events.emit({ event: 'link', connected: false }));
    this.link.on('connectError', (err: Error) => {
      this.log.warn('ocpp', `cannot reach the CSMS: ${err.message}`);
      const at = this.connection.current()?.profile.ocppCsmsUrl ?? 'the CSMS';
      if (err instanceof CsmsAuthError) this.securityEvents.raise('FailedToAuthenticateAtCsms', `${err.message} at ${at}`);
      const tlsEvent = tlsFailureEvent(err);
      if (tlsEvent) this.securityEvents.raise(tlsEvent, `${err.message} at ${at}`);
    });
    this.link.on('protocolError', (e: { message: string }) => this.log.warn('ocpp', e.message));
    this.modem = new ModemBlock(this);
    // after the listeners above: a failed attempt is reported for the slot it was made with, before a fallback moves on
    this.connection = new NetworkConnection(this);
    this.boot = new BootBlock(this);
    this.securityEvents = new SecurityEvents(this);
    this.connectors = new ConnectorStatusBlock(this);
    this.availability = new AvailabilityBlock(this);
    this.reservations = new ReservationBlock(this);
    new UnlockConnectorBlock(this);
    this.heartbeat = new HeartbeatBlock(this);
    this.nfcReader = new NfcReaderMonitor(this);
    this.variables = new VariablesBlock(this);
    this.meterValues = new MeterValuesBlock(this);
    this.trigger = new TriggerBlock(this);
    this.reset = new ResetBlock(this);
    this.smartCharging = new SmartChargingBlock(this);
    this.p1 = new P1Block(this);
    this.auth = new AuthBlock(this);
    this.transactions = new TransactionsBlock(this);
    this.smartCharging.connectTransactions(this.transactions);
    this.loadBalancing = new LoadBalancingBlock(this);
    new RemoteStartBlock(this);
    this.dataTransfer = new DataTransferBlock(this);
    this.certificates = new CertificatesBlock(this);
    this.certificateSigning = new CertificateSigningBlock(this);
    this.firmware = new FirmwareBlock(this, factoryFirmware);
    this.screen = new Screen(this);
    new TariffCostBlock(this);
    new CustomerInformationBlock(this);
    this.diagnostics = new DiagnosticsBlock(this);
  }

  static open(options: StationOptions): Station {
    const problem = identityProblem(options.id);
    if (problem) throw new Error(`${problem}: '${options.id}'`);
    const clock = options.clock ?? new SystemClock();
    const evses = options.evses ?? 2;
    const store = options.store ?? Store.open(options.stateDir ? join(options.stateDir, 'station.db') : ':memory:');
    const hardware = options.hardware ?? new SimHardware(clock, evses, { phaseSwitching: options.phaseSwitching });
    const factoryFirmware = options.legacy ? LEGACY_FACTORY_FIRMWARE : FACTORY_FIRMWARE;
    const station = new Station(options.id, clock, store, hardware, options.ocppVersion ?? '2.0.1', options.random ?? Math.random, factoryFirmware);
    if (options.csmsUrl) station.network.useCsms(options.csmsUrl, options.ocppVersion && profileVersionOf(options.ocppVersion));
    const active = station.network.active();
    if (!options.csmsUrl && options.ocppVersion && active && versionOfProfile(active.profile) !== options.ocppVersion) {
      station.log.warn('ocpp', `OCPP ${options.ocppVersion} asked, but network profile slot ${active.slot} says ${active.profile.ocppVersion}: the profile wins (set it with --csms or 'network set')`);
    }
    if (options.p1SerialPath) station.p1.serialPath = options.p1SerialPath;
    if (options.p1Baud) station.p1.baud = options.p1Baud;
    return station;
  }

  /** The OCPP version on the wire: that of the network profile connected with (while offline: of the one to connect with). */
  get ocppVersion(): OcppVersion {
    if (this.link.connected) return this.link.ocppVersion;
    return versionOfProfile(this.network.active()?.profile) ?? this.requestedOcppVersion;
  }

  get registration(): RegistrationStatus {
    return this.boot.status;
  }

  get serialNumber(): string {
    return this.store.getMeta('serialNumber') ?? this.id;
  }

  get firmwareVersion(): string {
    return this.firmware.firmwareVersion;
  }

  /** Run fn once the reply to the CALL being handled has gone out (a CSMS sees the answer before what follows). */
  afterReply(fn: () => void): void {
    setImmediate(fn);
  }

  get connected(): boolean {
    return this.link.connected;
  }

  /** The security profile in use (network/profiles.ts). */
  activeSecurityProfile(): number {
    return this.network.activeSecurityProfile();
  }

  /**
   * Put an idle station away to its open CSMS socket (fleets of thousands:
   * an idle station then costs little more than its connection). Idle:
   * accepted and connected on its first network profile, no CALL under way,
   * no cable, session or queued message, every status told, and no timer
   * running but the Heartbeat, the daily certificate check and the ping.
   * Nothing is sent, written or emitted; this object is done with
   * afterwards (stop() does nothing). Undefined, changing nothing, when the
   * station is not idle.
   */
  hibernate(): Hibernation | undefined {
    if (!this.idle()) return undefined;
    const heartbeatDue = this.heartbeat.due;
    const expiryCheckDue = this.certificateSigning.expiryCheckDue;
    const known = [heartbeatDue, expiryCheckDue, this.link.pingDue].filter((due) => due !== undefined).length;
    // a timer nobody here knows of means work under way
    if (this.clock.pending !== known) return undefined;
    const socket = this.link.detach();
    if (!socket) return undefined;
    this.transactions.halt();
    this.stopTimedWork();
    void this.stopForGood();
    this.hardware.sim!.forgetListeners();
    this.lifecycle.hibernate();
    const dues = [heartbeatDue, expiryCheckDue].filter((due) => due !== undefined);
    return {
      id: this.id,
      store: this.store,
      clock: this.clock,
      hardware: this.hardware,
      random: this.random,
      requestedOcppVersion: this.requestedOcppVersion,
      factoryFirmware: this.factoryFirmware,
      socket,
      pingIntervalSec: this.model.getNumber('OCPPCommCtrlr.WebSocketPingInterval'),
      wakeAt: dues.length ? Math.min(...dues) : undefined,
      heartbeatDue,
      expiryCheckDue,
    };
  }

  /** A hibernated station, running again on its socket as it was: accepted, no BootNotification, nothing sent. */
  static wake(h: Hibernation): Station {
    const station = new Station(h.id, h.clock, h.store, h.hardware, h.requestedOcppVersion, h.random, h.factoryFirmware);
    station.lifecycle.resume(() => station.powerUp('PowerUp', h));
    return station;
  }

  private idle(): boolean {
    // the cheap ones first: a fleet asks every awake station every second
    return (
      this.hardware.sim !== undefined &&
      this.lifecycle.running &&
      this.linkWanted &&
      this.boot.settled &&
      !this.link.busy &&
      this.hardware.evses.every((evse) => !evse.cable.plugged) &&
      this.connectors.settled &&
      this.connection.onFirstChoice &&
      this.transactions.quiet &&
      this.securityEvents.quiet &&
      this.nfcReader.quiet &&
      this.certificateSigning.quiet &&
      this.firmware.quiet &&
      this.diagnostics.ongoing === undefined &&
      !this.reset.pending
    );
  }

  /** Power up: boot against the CSMS of the highest-priority network profile. */
  start(reason: BootReason = 'PowerUp'): void {
    this.lifecycle.start(reason);
  }

  /** Power down for good (timers stopped, link closed, store closed). A restart under way does not come back up. */
  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  /**
   * Restart the firmware in place: timers stop, the link closes, what is not
   * persistent is forgotten, and the station boots again with `reason`.
   * Orderly (a reset: transactions end with Reboot) or after a power loss
   * (nothing more is written; what was open ends with PowerLoss at boot).
   * Does nothing when the station is not running (stopped, or a one-shot
   * console command that never started it).
   */
  restart(reason: BootReason, how: Exclude<PowerDown, 'halt'> = 'orderly'): Promise<void> {
    return this.lifecycle.restart(reason, how);
  }

  /** Boot with `reason`; or, woken from hibernation, take up where it was. */
  private powerUp(reason: BootReason, woken?: Hibernation): void {
    this.firmware.begin();
    // release notes 3.1.1: the bootloader write was cut; nothing boots (console: fw, fw install)
    if (this.firmware.inRecovery) return;
    if (woken) this.boot.resume();
    else this.boot.begin(reason);
    this.nfcReader.begin();
    this.availability.begin();
    if (woken) this.connectors.resume();
    else this.connectors.begin();
    this.reservations.begin();
    this.transactions.begin();
    this.meterValues.begin();
    this.certificates.begin();
    if (woken) {
      this.connection.adopt(woken.socket);
      this.heartbeat.resume(woken.heartbeatDue);
      this.certificateSigning.resume(woken.expiryCheckDue);
    } else if (this.linkWanted) this.connectLink();
    void this.p1.start();
    this.loadBalancing.start();
  }

  private async powerDown(how: PowerDown, reason?: BootReason): Promise<void> {
    if (reason) this.log.info('system', `reboot (${reason})`);
    if (how === 'orderly') await this.transactions.shutdown();
    else if (how === 'powerLoss') await this.transactions.powerLost();
    else this.transactions.halt();
    this.stopTimedWork();
    this.boot.end();
    await this.link.stop();
    this.modem.stop(how === 'halt' ? 'station stopped' : 'station restarting');
    if (how === 'halt') await this.stopForGood();
    else this.model.resetVolatile?.();
  }

  /** Down (a restart, a stop, hibernation): the blocks' samples, renewals, firmware and log jobs, and the Heartbeat stop. */
  private stopTimedWork(): void {
    this.meterValues.end();
    this.certificateSigning.stop();
    this.firmware.end();
    this.diagnostics.end();
    this.heartbeat.stop();
  }

  /** What a restart keeps but a stop (or hibernation) does not: the P1 source, load balancing, the charging limits' tracking. */
  private stopForGood(): Promise<void> {
    this.loadBalancing.stop();
    this.smartCharging.stop();
    return this.p1.stop();
  }

  /** Drop the CSMS connection and connect again with the credentials as they are now (A01 password, A02/A03 certificate). */
  reconnect(why: string): void {
    if (!this.lifecycle.running || !this.linkWanted) return;
    this.log.info('network', `reconnecting: ${why}`);
    void this.link.stop().then(() => {
      if (this.lifecycle.running && this.linkWanted) this.connectLink();
    });
  }

  /** Simulate a lost / restored backoffice connection (console `link down|up`). */
  async setLinkWanted(wanted: boolean): Promise<void> {
    this.linkWanted = wanted;
    if (!wanted) await this.link.stop();
    else if (this.lifecycle.running) this.connectLink();
  }

  get linkIsWanted(): boolean {
    return this.linkWanted;
  }

  /** Send a CALL to the CSMS, through the registration gate (B02.FR.02, B03.FR.02). */
  async send<T = any>(action: string, payload: object): Promise<T> {
    if (!maySend(this.boot.status, action)) {
      throw new NotConnectedError(`${action} not sent: station is not accepted by the CSMS (${this.boot.status})`);
    }
    const result = await this.link.call<T>(action, payload);
    this.heartbeat.messageSent();
    return result;
  }

  private connectLink(): void {
    if (!this.connection.connect()) this.log.warn('network', 'no network profile in NetworkConfigurationPriority: not connecting');
  }

  /** The OCPP link settings for connecting with a network profile. */
  linkConfigFor(profile: NetworkConnectionProfile | undefined): LinkConfig {
    return {
      url: profile?.ocppCsmsUrl ?? '',
      stationId: this.id,
      version: versionOfProfile(profile) ?? this.requestedOcppVersion,
      // profiles 1 and 2 authenticate with the password; 3 with the client certificate only
      basicAuthPassword: profile && (profile.securityProfile === 1 || profile.securityProfile === 2) ? this.model.getString('SecurityCtrlr.BasicAuthPassword') || undefined : undefined,
      tls: profile && profile.securityProfile >= 2 ? () => this.tlsCredentials(profile.securityProfile) : undefined,
      messageTimeoutSec: profile?.messageTimeout ?? this.model.getNumber('OCPPCommCtrlr.MessageTimeout:Default'),
      pingIntervalSec: this.model.getNumber('OCPPCommCtrlr.WebSocketPingInterval'),
      retryBackOffWaitMinimumSec: this.model.getNumber('OCPPCommCtrlr.RetryBackOffWaitMinimum'),
      retryBackOffRandomRangeSec: this.model.getNumber('OCPPCommCtrlr.RetryBackOffRandomRange'),
      retryBackOffRepeatTimes: this.model.getNumber('OCPPCommCtrlr.RetryBackOffRepeatTimes'),
    };
  }

  /** Profile 2: the installed CSMS roots; profile 3 also the ChargingStationCertificate and its key. */
  private tlsCredentials(securityProfile: number): TlsCredentials {
    const ca = this.certificates.csmsRootPems();
    const own = securityProfile >= 3 ? this.certificates.chargingStationCertificate() : undefined;
    return own?.keyPem ? { ca, cert: own.pem, key: own.keyPem } : { ca };
  }
}
