/**
 * CRC-16/ARC as DSMR 4 and 5 use it to protect a P1 telegram: polynomial
 * 0x8005 processed LSB first (0xA001 reflected), initial value 0, no final
 * XOR, computed over every byte from `/` up to and including `!`, written
 * after the `!` as 4 hexadecimal digits, most significant first.
 */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc16Arc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** The 4 upper-case hex digits a telegram carries after its `!`. */
export function formatCrc(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** A telegram body (`/` .. `!`, latin1) completed with its CRC: what a meter sends, minus the final CRLF. */
export function withCrc(body: string): string {
  return body + formatCrc(crc16Arc(Buffer.from(body, 'latin1')));
}
