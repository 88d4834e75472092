/**
 * A 1.6 request that has no requestId (Core's UpdateFirmware and
 * GetDiagnostics) gets a negative one for the 2.0.1 block, so that its
 * status notifications — also those told after a reboot — are recognised
 * and go out as the 1.6 messages that carry none.
 */

export function plainRequestId(now: number): number {
  return -Math.max(1, Math.floor(now / 1000) % 2_000_000_000);
}

export function isPlainRequest(requestId: number | undefined): boolean {
  return requestId !== undefined && requestId < 0;
}

/** A status payload with the requestId only where the 1.6 request gave one. */
export function withToldRequestId(p: { status: string; requestId?: number }): { status: string; requestId?: number } {
  return p.requestId !== undefined && !isPlainRequest(p.requestId) ? { status: p.status, requestId: p.requestId } : { status: p.status };
}
