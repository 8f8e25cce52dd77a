// How strongly the user of a token signed in, carried in the token itself. v1 tokens carry `amr`
// [D: §7.4]; v2 tokens carry none, yet an on-behalf-of request must know whether the user token it
// exchanges proved MFA (Conditional Access on the downstream API). Entra keeps such state in `aio`,
// an opaque internal claim [D: access-token-claims-reference.md "aio … internal claim … to record
// data"]; Entrada's aio says it in its first character [I]: `E` after MFA, `A` otherwise (the rest
// stays random). Tokens are signed, so the marker cannot be forged.

const MFA_MARK = 'E';
const PASSWORD_MARK = 'A';

export function aioFor(random: string, amr: readonly string[]): string {
  return (amr.includes('mfa') ? MFA_MARK : PASSWORD_MARK) + random.slice(1);
}

/** The authentication methods a verified user token of ours stands for. */
export function amrOfToken(claims: Readonly<Record<string, unknown>>): string[] {
  const amr = claims['amr'];
  if (Array.isArray(amr) && amr.every((v) => typeof v === 'string')) return amr.length > 0 ? [...amr] : ['pwd'];
  const aio = claims['aio'];
  return typeof aio === 'string' && aio.startsWith(MFA_MARK) ? ['pwd', 'mfa'] : ['pwd'];
}
