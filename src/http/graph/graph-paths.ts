// Graph URLs as clients write them, brought to the routes' form before routing:
// - collection and action names match case-insensitively (the Azure CLI sends
//   /v1.0/oAuth2PermissionGrants [O]);
// - alternate keys `applications(appId='…')`, `servicePrincipals(appId='…')` and `users('…')`
//   become a path segment: /v1.0/applications/appId=…, /v1.0/users/…
// Only /v1.0/ URLs are touched.

const NAMES = [
  'applications',
  'servicePrincipals',
  'oauth2PermissionGrants',
  'users',
  'groups',
  'organization',
  'domains',
  'directoryObjects',
  'getByIds',
  'auditLogs',
  'directoryAudits',
  'signIns',
  'me',
  'memberOf',
  'members',
  'owners',
  'appRoleAssignedTo',
  'appRoleAssignments',
  'federatedIdentityCredentials',
  'addPassword',
  'removePassword',
  // Conditional Access and sessions (issue 17).
  'identity',
  'conditionalAccess',
  'policies',
  'namedLocations',
  'identitySecurityDefaultsEnforcementPolicy',
  'revokeSignInSessions',
];
const CANONICAL = new Map(NAMES.map((n) => [n.toLowerCase(), n]));

export function rewriteGraphUrl(url: string): string {
  if (!/^\/v1\.0\//i.test(url)) return url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  const decoded = path.replace(/%27/gi, "'").replace(/%28/gi, '(').replace(/%29/gi, ')');
  const keyed = decoded
    .replace(/^\/v1\.0\/(applications|servicePrincipals)\(appId='([^'/]*)'\)/i, (_m, c: string, id: string) => `/v1.0/${c}/appId=${id}`)
    .replace(/^\/v1\.0\/users\('([^'/]*)'\)/i, (_m, id: string) => `/v1.0/users/${id}`);
  const segments = keyed.split('/').map((s, i) => (i === 1 ? 'v1.0' : (CANONICAL.get(s.toLowerCase()) ?? s)));
  return segments.join('/') + query;
}
