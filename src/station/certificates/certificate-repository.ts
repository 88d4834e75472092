import type { Store } from '../store/store.js';
import { type CertificateHashData, type HashAlgorithm, sameHashData, type StoredCertificateType } from './types.js';

/** The hash data of a certificate in every algorithm (the serial number is the same in all). */
export type HashDataSet = Record<HashAlgorithm, CertificateHashData>;

export interface NewCertificate {
  type: StoredCertificateType;
  /** The certificate, or a chain whose first certificate is the one installed. */
  pem: string;
  /** ChargingStationCertificate only: its private key (PKCS#8 PEM). */
  keyPem?: string;
  subject: string;
  /** epoch ms */
  notAfter: number;
  hashes: HashDataSet;
}

export interface StoredCertificate extends Required<Omit<NewCertificate, 'keyPem'>> {
  id: number;
  keyPem: string | undefined;
  /** epoch ms, station clock */
  installedAt: number;
}

interface Row {
  id: number;
  type: string;
  pem: string;
  key_pem: string | null;
  subject: string;
  not_after: number;
  serial_number: string;
  name_hash_sha256: string;
  key_hash_sha256: string;
  name_hash_sha384: string;
  key_hash_sha384: string;
  name_hash_sha512: string;
  key_hash_sha512: string;
  installed_at: number;
}

const COLUMNS = 'id, type, pem, key_pem, subject, not_after, serial_number, name_hash_sha256, key_hash_sha256, name_hash_sha384, key_hash_sha384, name_hash_sha512, key_hash_sha512, installed_at';

function fromRow(r: Row): StoredCertificate {
  const hash = (hashAlgorithm: HashAlgorithm, issuerNameHash: string, issuerKeyHash: string): CertificateHashData => ({ hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber: r.serial_number });
  return {
    id: r.id,
    type: r.type as StoredCertificateType,
    pem: r.pem,
    keyPem: r.key_pem ?? undefined,
    subject: r.subject,
    notAfter: r.not_after,
    installedAt: r.installed_at,
    hashes: {
      SHA256: hash('SHA256', r.name_hash_sha256, r.key_hash_sha256),
      SHA384: hash('SHA384', r.name_hash_sha384, r.key_hash_sha384),
      SHA512: hash('SHA512', r.name_hash_sha512, r.key_hash_sha512),
    },
  };
}

/** The installed certificates, durable (the `certificates` table). */
export class CertificateRepository {
  private readonly insert;
  private readonly all;
  private readonly ofType;
  private readonly del;
  private readonly total;

  constructor(store: Store) {
    const db = store.db;
    this.insert = db.prepare<[string, string, string | null, string, number, string, string, string, string, string, string, string, number]>(
      `INSERT INTO certificates (station, type, pem, key_pem, subject, not_after, serial_number, name_hash_sha256, key_hash_sha256, name_hash_sha384, key_hash_sha384, name_hash_sha512, key_hash_sha512, installed_at)
       VALUES (@station, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.all = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM certificates WHERE station = @station ORDER BY id`);
    this.ofType = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM certificates WHERE station = @station AND type = ? ORDER BY id`);
    this.del = db.prepare<[number]>('DELETE FROM certificates WHERE station = @station AND id = ?');
    this.total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM certificates WHERE station = @station');
  }

  add(c: NewCertificate, installedAt: number): StoredCertificate {
    const h = c.hashes;
    const { lastInsertRowid } = this.insert.run(
      c.type,
      c.pem,
      c.keyPem ?? null,
      c.subject,
      c.notAfter,
      h.SHA256.serialNumber,
      h.SHA256.issuerNameHash,
      h.SHA256.issuerKeyHash,
      h.SHA384.issuerNameHash,
      h.SHA384.issuerKeyHash,
      h.SHA512.issuerNameHash,
      h.SHA512.issuerKeyHash,
      installedAt,
    );
    return { ...c, keyPem: c.keyPem, id: Number(lastInsertRowid), installedAt };
  }

  /** Every certificate, or those of the given types, in the order installed. */
  list(types?: readonly StoredCertificateType[]): StoredCertificate[] {
    const rows = this.all.all().map(fromRow);
    return types ? rows.filter((c) => types.includes(c.type)) : rows;
  }

  findByType(type: StoredCertificateType): StoredCertificate[] {
    return this.ofType.all(type).map(fromRow);
  }

  /** The certificates whose hash data (in its algorithm) is `hashData`. */
  find(hashData: CertificateHashData): StoredCertificate[] {
    return this.list().filter((c) => c.hashes[hashData.hashAlgorithm] && sameHashData(c.hashes[hashData.hashAlgorithm], hashData));
  }

  remove(id: number): boolean {
    return this.del.run(id).changes > 0;
  }

  count(): number {
    return this.total.get()!.n;
  }
}
