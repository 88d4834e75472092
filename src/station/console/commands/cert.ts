/**
 * `cert`: the certificate store (M03-M05) and the station certificate
 * (A02/A03) on the console; `security`: the profile in use and the last
 * security events. A console line has no line breaks: `cert install` takes
 * the certificate as the base64 of its DER (a chain: several, separated by
 * commas); `ng9 cert install <type> <file.pem>` sends a PEM file so.
 */
import type { StoredCertificate } from '../../certificates/certificate-repository.js';
import { INSTALLABLE_TYPES, sameHashData } from '../../certificates/types.js';
import type { Station } from '../../station.js';
import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, expectArgs, keyword } from './args.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function certRow(c: StoredCertificate) {
  const h = c.hashes.SHA256;
  return { type: c.type, subject: c.subject, serialNumber: h.serialNumber, validUntil: new Date(c.notAfter).toISOString(), issuerNameHash: h.issuerNameHash, issuerKeyHash: h.issuerKeyHash };
}

/** base64 DER bodies (comma separated) → PEM; a PEM passes as it is. */
export function pemOf(text: string): string {
  if (text.includes('-----BEGIN')) return text;
  return text
    .split(',')
    .map((b64) => {
      const body = b64.trim();
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw badArgument('the certificate must be the base64 of its DER (a chain: several, comma separated) or a PEM');
      return `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----`;
    })
    .join('\n');
}

/** The installed certificate a `cert delete` word names: its serial number, or one of its SHA256 hashes. */
function findCertificate(station: Station, word: string): StoredCertificate {
  const w = word.toLowerCase().replace(/^0x/, '');
  const serial = w.replace(/^0+(?=.)/, '');
  const hits = station.certificates.installed().filter((c) => {
    const h = c.hashes.SHA256;
    return h.serialNumber === serial || h.issuerNameHash === w || h.issuerKeyHash === w;
  });
  if (hits.length === 0) throw badArgument(`no installed certificate has serial number or hash '${word}' (see 'cert')`);
  if (hits.length > 1) throw badArgument(`'${word}' names ${hits.length} certificates: give the serial number`);
  return hits[0]!;
}

export const certCommands: Command[] = [
  {
    words: ['cert'],
    usage: 'cert',
    summary: 'installed certificates: type, subject, serial, valid until, SHA256 hash data',
    run({ station, args }) {
      expectArgs(args, 0, 0, 'cert');
      const rows = station.certificates.installed().map(certRow);
      const text = rows.length
        ? columns([['type', 'subject', 'serial', 'valid until', 'issuerNameHash'], ...rows.map((r) => [r.type, r.subject, r.serialNumber, day(Date.parse(r.validUntil)), `${r.issuerNameHash.slice(0, 16)}…`])])
        : ['no certificates installed'];
      return { data: rows, text };
    },
  },
  {
    words: ['cert', 'install'],
    usage: `cert install <${INSTALLABLE_TYPES.join('|')}> <base64 DER[,base64 DER…]>`,
    summary: 'install a root certificate (as InstallCertificate)',
    service: true,
    async run({ station, args }) {
      expectArgs(args, 2, 2, this.usage);
      const certificateType = keyword(args[0], INSTALLABLE_TYPES, 'certificate type');
      const res = await station.certificates.install({ certificateType, certificate: pemOf(args[1]!) });
      if (res.status !== 'Accepted') throw badArgument(`${res.status}: ${res.statusInfo?.reasonCode ?? ''} ${res.statusInfo?.additionalInfo ?? ''}`.trim());
      const installed = station.certificates.installed([certificateType]).map(certRow);
      return { data: installed[installed.length - 1] ?? null, text: [`installed ${certificateType}`] };
    },
  },
  {
    words: ['cert', 'delete'],
    usage: 'cert delete <serial number|SHA256 hash>',
    summary: 'delete an installed certificate (as DeleteCertificate)',
    service: true,
    run({ station, args }) {
      expectArgs(args, 1, 1, this.usage);
      const found = findCertificate(station, args[0]!);
      const res = station.certificates.delete(found.hashes.SHA256);
      if (res.status !== 'Accepted') throw new ConsoleError('DENIED', `${res.status}: ${res.statusInfo?.additionalInfo ?? 'not deleted'}`);
      if (station.certificates.installed().some((c) => sameHashData(c.hashes.SHA256, found.hashes.SHA256))) throw new ConsoleError('INTERNAL', 'still installed');
      return { data: certRow(found), text: [`deleted ${found.type} ${found.subject}`] };
    },
  },
  {
    words: ['cert', 'renew'],
    usage: 'cert renew',
    summary: 'renew the ChargingStationCertificate now (A03: new key, SignCertificate to the CSMS)',
    service: true,
    async run({ station, args }) {
      expectArgs(args, 0, 0, 'cert renew');
      if (station.registration !== 'Accepted') throw new ConsoleError('BUSY', 'the CSMS has not accepted the station: SignCertificate cannot be sent now');
      await station.certificateSigning.renew('console cert renew');
      return { data: null, text: ['SignCertificate sent: the certificate comes with CertificateSigned'] };
    },
  },
  {
    words: ['security'],
    usage: 'security',
    summary: 'security profile in use, the link, the station certificate, the last security events',
    run({ station, args }) {
      expectArgs(args, 0, 0, 'security');
      const current = station.connection.current();
      const url = current?.profile.ocppCsmsUrl ?? null;
      const own = station.certificates.chargingStationCertificateExpiry();
      const data = {
        securityProfile: station.model.getNumber('SecurityCtrlr.SecurityProfile'),
        configuredProfile: current?.profile.securityProfile ?? null,
        slot: current?.slot ?? null,
        url,
        tls: url ? /^wss:/i.test(url) : false,
        connected: station.connected,
        csmsRootCertificates: station.certificates.installed(['CSMSRootCertificate']).length,
        stationCertificateValidUntil: own === undefined ? null : new Date(own).toISOString(),
        events: station.securityEvents.recent().map((e) => ({ type: e.type, at: new Date(e.at).toISOString(), techInfo: e.techInfo })),
      };
      const text = [
        ...columns([
          ['security profile', `${data.securityProfile}${data.configuredProfile !== null ? ` (slot ${data.slot}: profile ${data.configuredProfile})` : ''}`],
          ['link', `${data.connected ? 'connected' : 'not connected'}${url ? ` to ${url}${data.tls ? ' (TLS)' : ''}` : ''}`],
          ['CSMS roots', String(data.csmsRootCertificates)],
          ['station certificate', data.stationCertificateValidUntil ? `valid until ${data.stationCertificateValidUntil}` : 'none'],
        ]),
        ...(data.events.length ? ['last security events:', ...data.events.map((e) => `  ${e.at} ${e.type} ${e.techInfo}`)] : ['no security events since power up']),
      ];
      return { data, text };
    },
  },
];
