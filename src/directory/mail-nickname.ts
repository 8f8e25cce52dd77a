// Graph's rule for `mailNickname` (users and groups) [D: Graph user and group resources,
// directoryObject-validateProperties]: 1 to 64 characters of the ASCII set 0–127, except
// @ ( ) \ [ ] " ; : < > , and the space.

const MAX_LENGTH = 64;
const FORBIDDEN = /[@()\\[\]";:<>, ]/;

/** Why `value` is no valid mailNickname (undefined: it is). */
export function mailNicknameProblem(value: string): string | undefined {
  if (value.length === 0) return 'mailNickname must not be empty.';
  if (value.length > MAX_LENGTH) return `mailNickname has ${value.length} characters; at most ${MAX_LENGTH}.`;
  if (/[^\x00-\x7f]/.test(value)) return 'mailNickname may hold only ASCII characters.';
  if (/[\x00-\x1f\x7f]/.test(value)) return 'mailNickname must not hold control characters.';
  const bad = FORBIDDEN.exec(value);
  if (bad) return `mailNickname must not contain '${bad[0]}' (nor any of @ ( ) \\ [ ] " ; : < > , or a space).`;
  return undefined;
}
