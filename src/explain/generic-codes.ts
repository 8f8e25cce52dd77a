// Codes Entra puts first in error_codes as a generic wrapper around a more specific one, e.g.
// `error_codes: [70002, 50126]` ("Error validating credentials" around "invalid username or
// password") [O: error bodies of the password grant and of client authentication]. The specific
// code names the cause; the wrapper only the family. Kept small and explicit: a code belongs here
// only when it has been seen wrapping another one.

/** Wrapper code → what it says on its own. */
export const GENERIC_WRAPPER_CODES: ReadonlyMap<number, string> = new Map([
  [70002, 'Error validating credentials'],
  [70000, 'Provided grant is invalid or malformed'],
  [50000, 'There was an error issuing a token'],
]);

/** The code that names the cause: the first one that is not a generic wrapper, else the first. */
export function primaryCode(codes: readonly number[]): number | null {
  return codes.find((c) => !GENERIC_WRAPPER_CODES.has(c)) ?? codes[0] ?? null;
}
