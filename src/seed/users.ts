// The rules Entra applies to a user's userPrincipalName, shared by the seed file (schema.ts,
// validate.ts) and Microsoft Graph's /users (directory/users.ts): one validation path.
//
// [D: Graph user resource, user-post-users] A UPN is alias@domain; the alias may use only
// A-Z a-z 0-9 ' . - _ ! # ^ ~, and the domain must be a verified domain of the tenant.
// [I] Like an e-mail address, the alias neither starts nor ends with a period nor holds two in a
// row, and is at most 64 characters (Entra's UPN prefix limit).

const ALIAS_CHARACTERS = /^[A-Za-z0-9'._!#^~-]+$/;
const ALIAS_MAX_LENGTH = 64;

/** What is wrong with the syntax of a UPN (none: it is well-formed); the domain is checked separately. */
export function userPrincipalNameProblems(upn: string): string[] {
  const at = upn.lastIndexOf('@');
  if (at <= 0 || at === upn.length - 1 || /\s/.test(upn) || upn.indexOf('@') !== at) {
    return ['must look like name@domain, with a domain of the tenant'];
  }
  const alias = upn.slice(0, at);
  const problems: string[] = [];
  if (!ALIAS_CHARACTERS.test(alias)) {
    const bad = [...new Set([...alias].filter((c) => !ALIAS_CHARACTERS.test(c)))].join(' ');
    problems.push(`the part before @ may use only A-Z a-z 0-9 ' . - _ ! # ^ ~ (found: ${bad})`);
  }
  if (alias.startsWith('.') || alias.endsWith('.') || alias.includes('..')) {
    problems.push('the part before @ must not start or end with a period or hold two in a row');
  }
  if (alias.length > ALIAS_MAX_LENGTH) problems.push(`the part before @ is ${alias.length} characters; at most ${ALIAS_MAX_LENGTH}`);
  return problems;
}

/** The UPN's domain, lower-cased (what follows the last @). */
export function userPrincipalNameDomain(upn: string): string {
  return upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
}

/** Why the UPN's domain is not one of `domains` (the tenant's verified domains), or undefined when it is. */
export function userPrincipalNameDomainProblem(upn: string, domains: readonly string[]): string | undefined {
  const domain = userPrincipalNameDomain(upn);
  if (domains.some((d) => d.toLowerCase() === domain)) return undefined;
  return `the domain '${domain}' is not a domain of this tenant (${domains.join(', ')})`;
}
