/**
 * The charging station identity (OCPP 2.0.1 Part 4 §3.1.1, Part 2 A00):
 * the last path segment of the CSMS URL and the HTTP Basic user-id, so at
 * most 48 characters of the URL's unreserved set (RFC 3986: letters, digits,
 * - . _ ~). No ':' (RFC 7617 user-ids may not hold one), no '/', and not
 * '.' or '..'; each id is its own state folder, one to one.
 */
export const MAX_IDENTITY = 48;

export function identityProblem(id: string): string | undefined {
  if (id.length === 0) return 'the station id is empty';
  if (id.length > MAX_IDENTITY) return `the station id is ${id.length} characters, at most ${MAX_IDENTITY}`;
  const bad = [...id].find((c) => !/[A-Za-z0-9._~-]/.test(c));
  if (bad !== undefined) return `the station id may hold only letters, digits and - . _ ~ (not ${JSON.stringify(bad)})`;
  if (id === '.' || id === '..') return `'${id}' is not a station id`;
  return undefined;
}
