// What one exchange shows, in fields that are safe to print: endpoint, tenant, grant, client,
// redirect URI, which credential was presented (never its value), Origin, scope/resource, and the
// response's AADSTS code and message.

import type { GrantKind } from '../core/policy/client-type.js';
import { classifyTenantSegment } from '../core/policy/tenant-segment.js';
import { primaryCode } from './generic-codes.js';
import { parseBasic, type ObservedExchange, type ObservedRequest } from './parse/exchange.js';
import { classifyAssertion, describeSecret, secretShape, SECRET_PARAMS, TOKEN_FIELDS, type AssertionInfo, type SecretShape } from './secrets.js';

type EndpointKind = 'token' | 'authorize' | 'devicecode' | 'logout' | 'discovery' | 'other';

interface EndpointSummary {
  kind: EndpointKind;
  /** v1 (/oauth2/token) or v2 (/oauth2/v2.0/token); null when the path says neither. */
  version: 'v1' | 'v2' | null;
  host: string | null;
  /** The tenant path segment as written. */
  tenant: string | null;
  tenantKind: 'guid' | 'domain' | 'alias' | 'invalid' | null;
}

interface CredentialSummary {
  /** The method the request authenticates with (the first found, in Entra's reading order). */
  kind: 'client_secret' | 'basic' | 'client_assertion' | 'none';
  /** Every method found; more than one is itself a problem. */
  methods: Array<'client_secret' | 'basic' | 'client_assertion'>;
  /** One line for the report, e.g. "client_secret in the body (present, 40 characters, fingerprint …)". */
  description: string;
  /** The shape of the secret value (body or Basic), when one was sent. */
  secretShape?: SecretShape;
  assertion?: AssertionInfo;
  /** Credentials where Entra does not read them (query string, a custom header). */
  misplaced: string[];
}

interface ResponseSummary {
  status: number | null;
  error: string | null;
  /** The first AADSTS code (error_codes[0], else the code in the description). */
  code: number | null;
  codes: number[];
  /** The description's first line without its "AADSTS<code>: " prefix. */
  message: string | null;
  suberror: string | null;
  traceId: string | null;
  correlationId: string | null;
  timestamp: string | null;
  /** Names of the tokens a successful response carried (never their values). */
  tokens: string[];
  /** The body was rebuilt from text (an SDK message, an HTML page, a redirect URL). */
  fromText: boolean;
}

export interface RequestSummary {
  /** 1-based position in the input. */
  index: number;
  source: string;
  method: string | null;
  /** Scheme, host and path; the query string is left out (it may hold codes). */
  url: string | null;
  endpoint: EndpointSummary | null;
  grantType: string | null;
  grantKind: GrantKind | null;
  responseType: string | null;
  clientId: string | null;
  redirectUri: string | null;
  credentials: CredentialSummary | null;
  origin: string | null;
  scope: string | null;
  resource: string | null;
  username: string | null;
  pkce: { codeVerifier: boolean; codeChallengeMethod: string | null };
  /** Secret-bearing parameters other than the client credential, described, never shown. */
  secrets: Array<{ name: string; description: string }>;
  /** The client library from MSAL's telemetry (x-client-SKU / x-client-VER). */
  library: string | null;
  notes: string[];
  response: ResponseSummary | null;
}

/** The parameters Entra reads: the form body of a POST, the query of a GET (/authorize). */
export function paramsOf(req: ObservedRequest): Record<string, string> {
  return req.method === 'GET' ? req.query : req.form;
}

function grantKindOf(params: Record<string, string>): GrantKind | null {
  const g = (params['grant_type'] ?? '').trim();
  switch (g) {
    case 'authorization_code': return 'authorization_code';
    case 'refresh_token': return 'refresh_token';
    case 'client_credentials': return 'client_credentials';
    case 'password': return 'password';
    case 'device_code':
    case 'urn:ietf:params:oauth:grant-type:device_code': return 'device_code';
    case 'urn:ietf:params:oauth:grant-type:jwt-bearer': return 'on_behalf_of';
    case 'urn:ietf:params:oauth:grant-type:saml1_1-bearer':
    case 'urn:ietf:params:oauth:grant-type:saml2-bearer': return 'saml_bearer';
    default: return null;
  }
}

function endpointOf(url: string): EndpointSummary | null {
  let host: string | null = null;
  let path = url;
  const abs = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (abs) {
    host = abs[1].toLowerCase();
    path = abs[2] || '/';
  } else path = url.split(/[?#]/)[0];
  const m = /^\/([^/]+)\/oauth2\/(v2\.0\/)?(token|authorize|devicecode|logout)\/?$/i.exec(path);
  const d = /^\/([^/]+)\/(v2\.0\/)?\.well-known\/openid-configuration\/?$/i.exec(path);
  if (!m && !d) return malformedEndpoint(host, path);
  const segment = m?.[1] ?? d?.[1] ?? null;
  const tenant = segment === null ? null : safeDecode(segment);
  const kind: EndpointKind = m ? (m[3].toLowerCase() as EndpointKind) : d ? 'discovery' : 'other';
  const version = m || d ? ((m ?? d)![2] ? 'v2' : 'v1') : null;
  return { kind, version, host, tenant, tenantKind: tenant === null ? null : classifyTenantSegment(tenant).kind };
}

/**
 * A path that is none of the endpoints as Entra spells them, e.g. an authority with /v2.0 or
 * /oauth2/authorize appended twice (/contoso.com/v2.0/v2.0/.well-known/openid-configuration): the
 * endpoint it was meant to reach (the last one named) and the tenant (the first segment).
 */
function malformedEndpoint(host: string | null, path: string): EndpointSummary | null {
  const last = /\/(?:oauth2\/(?:v2\.0\/)?(token|authorize|devicecode|logout)|(\.well-known)\/openid-configuration)\/?$/i.exec(path);
  const segment = /^\/([^/]+)\//.exec(path)?.[1] ?? null;
  if (!last || segment === null || /^(oauth2|v2\.0|\.well-known)$/i.test(segment)) return { kind: 'other', version: null, host, tenant: null, tenantKind: null };
  const tenant = safeDecode(segment);
  const kind: EndpointKind = last[1] ? (last[1].toLowerCase() as EndpointKind) : 'discovery';
  return { kind, version: /\/v2\.0\//i.test(path) ? 'v2' : 'v1', host, tenant, tenantKind: classifyTenantSegment(tenant).kind };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function summarize(x: ObservedExchange, index: number): RequestSummary {
  const req = x.request;
  const p = req ? paramsOf(req) : {};
  const endpoint = req ? endpointOf(req.url) : null;
  const grantType = p['grant_type'] ?? null;
  const basic = req ? parseBasic(req.headers['authorization']) : null;
  const rawClientId = p['client_id'] ?? basic?.clientId ?? null;
  // A secret pasted into client_id by mistake must not be printed either.
  const clientIdIsSecret = rawClientId !== null && secretShape(rawClientId) === 'entra-secret';
  const clientId = clientIdIsSecret ? '(looks like a client secret value; not shown)' : rawClientId;
  const secrets: RequestSummary['secrets'] = [];
  for (const [name, value] of Object.entries(p)) {
    const key = name.toLowerCase();
    if (!SECRET_PARAMS.has(key) || key === 'client_secret' || key === 'client_assertion') continue;
    secrets.push({ name, description: describeSecret(value, { fingerprint: key !== 'password' }) });
  }
  const sku = p['x-client-SKU'] ?? p['x-client-sku'] ?? req?.headers['x-client-sku'] ?? null;
  const ver = p['x-client-VER'] ?? p['x-client-ver'] ?? req?.headers['x-client-ver'] ?? null;
  return {
    index,
    source: x.source,
    method: req?.method ?? null,
    url: req ? req.url.split(/[?#]/)[0] : null,
    endpoint,
    grantType,
    grantKind: grantKindOf(p),
    responseType: p['response_type'] ?? null,
    clientId,
    redirectUri: p['redirect_uri'] ?? null,
    credentials: req && endpoint?.kind !== 'authorize' && endpoint?.kind !== 'discovery' ? credentialsOf(req, p, clientId) : null,
    origin: req?.headers['origin'] ?? null,
    scope: p['scope'] ?? null,
    resource: p['resource'] ?? null,
    username: p['username'] ?? null,
    pkce: { codeVerifier: p['code_verifier'] !== undefined && p['code_verifier'] !== '', codeChallengeMethod: p['code_challenge'] ? (p['code_challenge_method'] ?? 'plain') : null },
    secrets,
    library: sku ? `${sku}${ver ? ` ${ver}` : ''}` : null,
    notes: [...(req?.notes ?? []), ...(clientIdIsSecret ? ['client_id holds what looks like a client secret value: client_id is the Application (client) ID, a GUID'] : [])],
    response: x.response ? responseOf(x.response.status, x.response.body, x.response.fromText) : null,
  };
}

function credentialsOf(req: ObservedRequest, p: Record<string, string>, clientId: string | null): CredentialSummary {
  const methods: CredentialSummary['methods'] = [];
  const basic = parseBasic(req.headers['authorization']);
  const bodySecret = p['client_secret'];
  const assertion = p['client_assertion'];
  if (bodySecret !== undefined) methods.push('client_secret');
  if (basic) methods.push('basic');
  if (assertion !== undefined && assertion !== '') methods.push('client_assertion');
  const misplaced: string[] = [];
  if (req.method !== 'GET') {
    for (const name of ['client_secret', 'client_assertion']) {
      if (req.query[name] !== undefined) misplaced.push(`${name} in the URL's query string (Entra reads it only from the form body)`);
    }
  }
  for (const name of ['client_secret', 'client-secret', 'x-client-secret', 'client_assertion']) {
    if (req.headers[name] !== undefined) misplaced.push(`a '${name}' request header (Entra reads the secret only from the form body or an HTTP Basic Authorization header)`);
  }
  if (req.headers['authorization'] && !basic) {
    // Name the scheme only when it looks like one (a bare token must not be printed).
    const words = req.headers['authorization'].trim().split(/\s+/);
    const scheme = words.length > 1 && /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(words[0]) ? `with scheme '${words[0]}'` : 'that is not HTTP Basic';
    misplaced.push(`an Authorization header ${scheme} (the token endpoint reads only HTTP Basic)`);
  }
  const parts: string[] = [];
  let shape: SecretShape | undefined;
  let info: AssertionInfo | undefined;
  if (bodySecret !== undefined) {
    parts.push(`client_secret in the body ${describeSecret(bodySecret)}`);
    shape = secretShape(bodySecret);
  }
  if (basic) {
    parts.push(`HTTP Basic (client id ${basic.clientId}, secret ${describeSecret(basic.secret)})`);
    shape ??= secretShape(basic.secret);
  }
  if (assertion !== undefined && assertion !== '') {
    info = classifyAssertion(assertion, clientId);
    parts.push(`client_assertion ${describeSecret(assertion)}: ${describeAssertion(info)}`);
  }
  const kind = bodySecret !== undefined && bodySecret !== '' ? 'client_secret' : basic ? 'basic' : assertion ? 'client_assertion' : 'none';
  const description = parts.length > 0 ? parts.join('; ') : 'none (no client_secret, no HTTP Basic, no client_assertion)';
  return { kind, methods, description, ...(shape ? { secretShape: shape } : {}), ...(info ? { assertion: info } : {}), misplaced };
}

function describeAssertion(a: AssertionInfo): string {
  switch (a.kind) {
    case 'not-a-jwt':
      return 'not a JWT';
    case 'certificate':
      return `a certificate assertion (${[a.alg, a.thumbprint ? `${a.thumbprint.name} ${a.thumbprint.value}` : 'no thumbprint in its header', a.audience ? `aud ${a.audience.join(', ')}` : null].filter(Boolean).join(', ')})`;
    case 'federated':
      return `a federated credential token (iss ${a.issuer ?? '?'}, sub ${a.subject ?? '?'}, aud ${(a.audience ?? ['?']).join(', ')})`;
    default:
      return `a JWT (iss ${a.issuer ?? '?'}, aud ${(a.audience ?? ['?']).join(', ')})`;
  }
}

function responseOf(status: number | null, body: Record<string, unknown> | null, fromText: boolean): ResponseSummary {
  const b = body ?? {};
  const description = typeof b['error_description'] === 'string' ? b['error_description'] : null;
  const codes = Array.isArray(b['error_codes']) ? b['error_codes'].map(Number).filter((n) => Number.isInteger(n)) : [];
  if (codes.length === 0 && description) for (const m of description.matchAll(/AADSTS(\d+)/g)) if (!codes.includes(Number(m[1]))) codes.push(Number(m[1]));
  // Several codes: the specific one names the cause, not a generic wrapper listed first.
  const code = primaryCode(codes);
  const str = (k: string) => (typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : null);
  return {
    status,
    error: str('error'),
    code,
    codes,
    message: description ? messageOf(description, code) : null,
    suberror: str('suberror'),
    traceId: str('trace_id') ?? (description ? (/(?:Trace ID|Request Id):\s*([0-9a-f-]{36})/i.exec(description)?.[1] ?? null) : null),
    correlationId: str('correlation_id') ?? (description ? (/Correlation ID:\s*([0-9a-f-]{36})/i.exec(description)?.[1] ?? null) : null),
    timestamp: str('timestamp') ?? (description ? (/Timestamp:\s*([0-9-]+ [0-9:]+Z)/.exec(description)?.[1] ?? null) : null),
    tokens: TOKEN_FIELDS.filter((f) => typeof b[f] === 'string'),
    fromText,
  };
}

/**
 * The message of the code that names the cause: its "AADSTS<code>: …" sentence when the
 * description has one, else the description's first line; without the trace/correlation
 * ids and timestamp (printed once, apart) — since 2023 Entra separates them with a single space
 * rather than a line break [O].
 */
function messageOf(description: string, code: number | null): string | null {
  const firstLine = description.split(/\r?\n|\\r\\n/)[0];
  // Found by position rather than with lazy or trailing-anchored patterns: those backtrack
  // quadratically on long runs of spaces in a pasted body.
  const start = code !== null ? new RegExp(`AADSTS${code}\\s*:`).exec(firstLine) : null;
  let text = start ? firstLine.slice(start.index + start[0].length) : firstLine.replace(/^AADSTS\d+\s*:/, '');
  const next = start ? /AADSTS\d+\s*:/.exec(text) : null;
  if (next) text = text.slice(0, next.index);
  const trailer = /(?:Trace ID|Request Id|Correlation ID|Timestamp)\s*:/i.exec(text);
  if (trailer) text = text.slice(0, trailer.index);
  text = text.trim();
  return text === '' ? null : text;
}
