/**
 * One real-format telegram per P1 meter family, written from the published
 * formats (DSMR 2.2–5 specification examples, the e-MUCS P1 companion
 * standard, and the example telegrams of common DSMR readers such as
 * ndokter/dsmr_parser). Where a genuine CRC is published it is kept and
 * checked; otherwise it is computed.
 */
import { withCrc } from '../../../src/hardware/p1/crc16.js';
import { DSMR3_NO_CRC, PUBLISHED_SAGEMCOM, PUBLISHED_V42, PUBLISHED_V5 } from './fixtures.js';

const crlf = (lines: string[]) => lines.map((l) => `${l}\r\n`).join('');
/** A telegram of `lines` (header first) completed with its CRC. */
const signed = (lines: string[]) => `${withCrc(crlf(lines) + '!')}\r\n`;
/** A DSMR 2.2 / 3 telegram: no CRC after `!`. */
const unsigned = (lines: string[]) => `${crlf(lines)}!\r\n`;

/** DSMR 2.2 (Iskra MT382): no version line, no meter time, no CRC. */
export const DSMR22 = unsigned([
  '/ISk5\\2MT382-1004',
  '',
  '0-0:96.1.1(00000000000000)',
  '1-0:1.8.1(00001.001*kWh)',
  '1-0:1.8.2(00001.001*kWh)',
  '1-0:2.8.1(00001.001*kWh)',
  '1-0:2.8.2(00001.001*kWh)',
  '0-0:96.14.0(0001)',
  '1-0:1.7.0(0001.01*kW)',
  '1-0:2.7.0(0000.00*kW)',
  '0-0:17.0.0(0999.00*kW)',
  '0-0:96.3.10(1)',
  '0-0:96.13.1()',
  '0-0:96.13.0()',
  '0-1:24.1.0(3)',
  '0-1:96.1.0(000000000000)',
  '0-1:24.3.0(161107190000)(00)(60)(1)(0-1:24.2.1)(m3)',
  '(00001.001)',
  '0-1:24.4.0(1)',
]);

/** Kamstrup 162 / 382 on DSMR 2.2: the header carries a blank, no CRC. */
export const KAMSTRUP_DSMR22 = unsigned([
  '/KMP5 KA6U001585575011',
  '',
  '0-0:96.1.1(204B413655303031353835353735303131)',
  '1-0:1.8.1(08153.408*kWh)',
  '1-0:1.8.2(06505.723*kWh)',
  '1-0:2.8.1(00000.000*kWh)',
  '1-0:2.8.2(00000.000*kWh)',
  '0-0:96.14.0(0002)',
  '1-0:1.7.0(0000.41*kW)',
  '1-0:2.7.0(0000.00*kW)',
  '0-0:17.0.0(999*A)',
  '0-0:96.3.10(1)',
  '0-0:96.13.1()',
  '0-0:96.13.0()',
  '0-1:24.1.0(3)',
  '0-1:96.1.0(3238313031353431303034303232323132)',
  '0-1:24.3.0(170103110000)(08)(60)(1)(0-1:24.2.1)(m3)',
  '(03125.562)',
  '0-1:24.4.0(1)',
]);

/** Kamstrup Omnipower (Nordic HAN, ASCII P1 profile): meter time, no version line, CRC. */
export const KAMSTRUP_OMNIPOWER = signed([
  '/KAM5\\2OP-P1-0100',
  '',
  '0-0:1.0.0(240115101530W)',
  '1-0:1.8.0(00012345.678*kWh)',
  '1-0:2.8.0(00000012.345*kWh)',
  '1-0:1.7.0(0001.840*kW)',
  '1-0:2.7.0(0000.000*kW)',
  '1-0:32.7.0(231.2*V)',
  '1-0:52.7.0(230.8*V)',
  '1-0:72.7.0(232.0*V)',
  '1-0:31.7.0(004.1*A)',
  '1-0:51.7.0(002.7*A)',
  '1-0:71.7.0(001.2*A)',
]);

/** Belgium e-MUCS (Fluvius, single phase), published with its genuine CRC FCCF. */
export const FLUVIUS_PUBLISHED = crlf([
  '/FLU5\\253770234_A',
  '',
  '0-0:96.1.4(50217)',
  '0-0:96.1.1(3153414731313030303537373239)',
  '0-0:1.0.0(221220204556W)',
  '1-0:1.8.1(003457.591*kWh)',
  '1-0:1.8.2(004282.456*kWh)',
  '1-0:2.8.1(000447.891*kWh)',
  '1-0:2.8.2(000203.818*kWh)',
  '0-0:96.14.0(0001)',
  '1-0:1.4.0(00.032*kW)',
  '1-0:1.6.0(221203174500W)(03.716*kW)',
  '0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()',
  '1-0:1.7.0(00.524*kW)',
  '1-0:2.7.0(00.000*kW)',
  '1-0:21.7.0(00.524*kW)',
  '1-0:22.7.0(00.000*kW)',
  '1-0:32.7.0(231.6*V)',
  '1-0:31.7.0(002.72*A)',
  '0-0:96.3.10(1)',
  '0-0:17.0.0(999.9*kW)',
  '1-0:31.4.0(999*A)',
  '0-0:96.13.0()',
  '0-1:24.1.0(003)',
  '0-1:96.1.1(37464C4F32313139303938343332)',
  '0-1:24.4.0(1)',
  '0-1:24.2.3(221220203958W)(04761.307*m3)',
  '!FCCF',
]);

/** Belgium e-MUCS (Fluvius, three phase), L1 drawing 0.27 A. */
export const FLUVIUS_3PH = signed([
  '/FLU5\\253769484_A',
  '',
  '0-0:96.1.4(50217)',
  '0-0:96.1.1(3153414733313035323039343933)',
  '0-0:1.0.0(230421165328S)',
  '1-0:1.8.1(000056.913*kWh)',
  '1-0:1.8.2(000184.024*kWh)',
  '1-0:2.8.1(000083.503*kWh)',
  '1-0:2.8.2(000015.696*kWh)',
  '0-0:96.14.0(0001)',
  '1-0:1.4.0(00.000*kW)',
  '1-0:1.6.0(230411223000S)(04.509*kW)',
  '0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()',
  '1-0:1.7.0(00.063*kW)',
  '1-0:2.7.0(00.000*kW)',
  '1-0:21.7.0(00.063*kW)',
  '1-0:41.7.0(00.000*kW)',
  '1-0:61.7.0(00.000*kW)',
  '1-0:22.7.0(00.000*kW)',
  '1-0:42.7.0(00.000*kW)',
  '1-0:62.7.0(00.000*kW)',
  '1-0:32.7.0(233.1*V)',
  '1-0:52.7.0(232.4*V)',
  '1-0:72.7.0(234.0*V)',
  '1-0:31.7.0(000.27*A)',
  '1-0:51.7.0(000.00*A)',
  '1-0:71.7.0(000.00*A)',
  '0-0:96.3.10(1)',
  '0-0:17.0.0(999.9*kW)',
  '1-0:31.4.0(999*A)',
  '0-0:96.13.0()',
  '0-1:24.1.0(003)',
  '0-1:96.1.1(37464C4F32313233303135313839)',
  '0-1:24.4.0(1)',
  '0-1:24.2.3(230421165000S)(00842.310*m3)',
]);

/** The tampered Fluvius telegram: L1 current 000.27 → 080.27 A and the CRC dropped. */
export const FLUVIUS_TAMPERED = FLUVIUS_3PH.replace('1-0:31.7.0(000.27*A)', '1-0:31.7.0(080.27*A)').replace(/![0-9A-F]{4}\r\n$/, '!\r\n');

/** Luxembourg "Smarty" (Sagemcom T210-D, decrypted P1): DSMR 4.2 version line. */
export const LUXEMBOURG_SMARTY = signed([
  '/Ene5\\T210-D ESMR5.0',
  '',
  '1-3:0.2.8(42)',
  '0-0:1.0.0(190102183210W)',
  '0-0:42.0.0(53414733303832323030303032313630)',
  '1-0:1.8.0(000112.345*kWh)',
  '1-0:2.8.0(000000.000*kWh)',
  '1-0:3.8.0(000021.034*kvarh)',
  '1-0:4.8.0(000003.201*kvarh)',
  '1-0:1.7.0(00.412*kW)',
  '1-0:2.7.0(00.000*kW)',
  '1-0:3.7.0(00.065*kvar)',
  '1-0:4.7.0(00.000*kvar)',
  '0-0:17.0.0(17.3*kVA)',
  '0-0:96.3.10(1)',
  '0-0:96.7.21(00003)',
  '1-0:32.7.0(231.0*V)',
  '1-0:52.7.0(230.0*V)',
  '1-0:72.7.0(229.0*V)',
  '1-0:31.7.0(001*A)',
  '1-0:51.7.0(000*A)',
  '1-0:71.7.0(000*A)',
  '0-0:96.13.0()',
]);

/** Sweden (HAN port, Sagemcom / Landis+Gyr): meter time, no version line, CRC. */
export const SWEDEN_HAN = signed([
  '/ELL5\\253833635_A',
  '',
  '0-0:1.0.0(210217184019W)',
  '1-0:1.8.0(00006678.394*kWh)',
  '1-0:2.8.0(00000000.000*kWh)',
  '1-0:3.8.0(00000021.988*kvarh)',
  '1-0:4.8.0(00001020.971*kvarh)',
  '1-0:1.7.0(0001.727*kW)',
  '1-0:2.7.0(0000.000*kW)',
  '1-0:3.7.0(0000.000*kvar)',
  '1-0:4.7.0(0000.309*kvar)',
  '1-0:21.7.0(0001.023*kW)',
  '1-0:41.7.0(0000.350*kW)',
  '1-0:61.7.0(0000.353*kW)',
  '1-0:22.7.0(0000.000*kW)',
  '1-0:42.7.0(0000.000*kW)',
  '1-0:62.7.0(0000.000*kW)',
  '1-0:32.7.0(240.3*V)',
  '1-0:52.7.0(240.1*V)',
  '1-0:72.7.0(241.3*V)',
  '1-0:31.7.0(004.2*A)',
  '1-0:51.7.0(001.6*A)',
  '1-0:71.7.0(001.7*A)',
]);

/** Austria (Energienetze Steiermark, Sagemcom T210-D-r), published with CRC 7EF9. */
export const AUSTRIA = PUBLISHED_SAGEMCOM;

/** Ireland (ESB, Iskra AM550-E): meter time, no version line, CRC. */
export const IRELAND_ISKRA = signed([
  '/ISK5\\2M550E-1013',
  '',
  '0-0:96.1.0(09610)',
  '0-0:1.0.0(230811123045S)',
  '1-0:1.8.1(000010.181*kWh)',
  '1-0:1.8.2(000010.182*kWh)',
  '1-0:2.8.1(000010.281*kWh)',
  '1-0:2.8.2(000010.282*kWh)',
  '0-0:96.14.0(0001)',
  '1-0:1.7.0(00.170*kW)',
  '1-0:2.7.0(00.270*kW)',
  '1-0:21.7.0(00.217*kW)',
  '1-0:41.7.0(00.417*kW)',
  '1-0:61.7.0(00.617*kW)',
  '1-0:22.7.0(00.227*kW)',
  '1-0:42.7.0(00.427*kW)',
  '1-0:62.7.0(00.627*kW)',
  '1-0:32.7.0(242.5*V)',
  '1-0:52.7.0(241.7*V)',
  '1-0:72.7.0(243.3*V)',
  '1-0:31.7.0(000*A)',
  '1-0:51.7.0(000*A)',
  '1-0:71.7.0(000*A)',
  '0-0:96.3.10(1)',
  '0-0:96.13.0()',
  '0-0:96.1.1()',
]);

/** Hungary (E.ON, Sagemcom S211 `/SAG5SAG-METER`): meter time, no version line, CRC. */
export const HUNGARY_SAGEMCOM = signed([
  '/SAG5SAG-METER',
  '',
  '0-0:1.0.0(230724150730S)',
  '0-0:42.0.0(53414733303832323030303032313630)',
  '0-0:96.1.0(383930303832323030303032313630)',
  '0-0:96.14.0(0001)',
  '0-0:96.3.10(1)',
  '0-0:17.0.0(90.000*kW)',
  '1-0:1.8.0(000173.640*kWh)',
  '1-0:1.8.1(000047.719*kWh)',
  '1-0:1.8.2(000125.921*kWh)',
  '1-0:2.8.0(000627.177*kWh)',
  '1-0:2.8.1(000401.829*kWh)',
  '1-0:2.8.2(000225.348*kWh)',
  '1-0:15.8.0(000800.817*kWh)',
  '1-0:32.7.0(240.4*V)',
  '1-0:52.7.0(239.1*V)',
  '1-0:72.7.0(241.2*V)',
  '1-0:31.7.0(003*A)',
  '1-0:51.7.0(004*A)',
  '1-0:71.7.0(003*A)',
  '1-0:13.7.0(4.556)',
  '1-0:14.7.0(50.00*Hz)',
  '1-0:1.7.0(00.000*kW)',
  '1-0:2.7.0(02.601*kW)',
  '1-0:31.4.0(200.00*A)',
  '1-0:51.4.0(200.00*A)',
  '1-0:71.4.0(200.00*A)',
  '0-0:96.13.0()',
]);

export interface Family {
  name: string;
  telegram: string;
  protocol: string;
  dsmrVersion: string | null;
  emucsVersion?: string;
  /** The protocol has a CRC: the telegram without it is bad. */
  crc: boolean;
}

export const FAMILIES: Family[] = [
  { name: 'DSMR 2.2 (Iskra MT382)', telegram: DSMR22, protocol: 'DSMR 2.2/3', dsmrVersion: null, crc: false },
  { name: 'DSMR 2.2 (Kamstrup)', telegram: KAMSTRUP_DSMR22, protocol: 'DSMR 2.2/3', dsmrVersion: null, crc: false },
  { name: 'DSMR 3.0 (Iskra MT382)', telegram: DSMR3_NO_CRC, protocol: 'DSMR 2.2/3', dsmrVersion: null, crc: false },
  { name: 'DSMR 4.2 (Kaifa)', telegram: PUBLISHED_V42, protocol: 'DSMR 4.2', dsmrVersion: '4.2', crc: true },
  { name: 'DSMR 5.0 (Iskra)', telegram: PUBLISHED_V5, protocol: 'DSMR 5.0', dsmrVersion: '5.0', crc: true },
  { name: 'e-MUCS Belgium (Fluvius 1-phase)', telegram: FLUVIUS_PUBLISHED, protocol: 'e-MUCS 1.7', dsmrVersion: '5.0.2', emucsVersion: '1.7', crc: true },
  { name: 'e-MUCS Belgium (Fluvius 3-phase)', telegram: FLUVIUS_3PH, protocol: 'e-MUCS 1.7', dsmrVersion: '5.0.2', emucsVersion: '1.7', crc: true },
  { name: 'Luxembourg (Smarty)', telegram: LUXEMBOURG_SMARTY, protocol: 'DSMR 4.2', dsmrVersion: '4.2', crc: true },
  { name: 'Sweden (HAN)', telegram: SWEDEN_HAN, protocol: 'DSMR-based', dsmrVersion: null, crc: true },
  { name: 'Austria (Sagemcom T210-D-r)', telegram: AUSTRIA, protocol: 'DSMR 5.0', dsmrVersion: '5.0', crc: true },
  { name: 'Ireland (Iskra AM550-E)', telegram: IRELAND_ISKRA, protocol: 'DSMR-based', dsmrVersion: null, crc: true },
  { name: 'Hungary (Sagemcom S211)', telegram: HUNGARY_SAGEMCOM, protocol: 'DSMR-based', dsmrVersion: null, crc: true },
  { name: 'Kamstrup Omnipower', telegram: KAMSTRUP_OMNIPOWER, protocol: 'DSMR-based', dsmrVersion: null, crc: true },
];

/** The telegram without its CRC digits (`!ABCD` → `!`). */
export function withoutCrc(telegram: string): string {
  return telegram.replace(/![0-9A-Fa-f]{3,4}(\r\n)?$/, '!\r\n');
}
