// The decision simulator of the Authentication page: the registration as the form shows it (saved
// or not), a request a person describes, and the verdict the token endpoint would give, from
// core/policy/simulate-token-request.ts (the functions the token endpoint runs). Also a fixed set
// of common requests, so the effect of an edit on every flow is visible at once.

import type { Application, Platform } from '../../../../core/model.js';
import { GRANT_KINDS, type CredentialPresented, type GrantKind } from '../../../../core/policy/client-type.js';
import { simulateTokenRequest, type SimulatedRegistration, type SimulatedRequest, type SimulatedVerdict } from '../../../../core/policy/simulate-token-request.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { tableWrap } from '../../portal-kit.js';

export const GRANT_LABELS: Record<GrantKind, string> = {
  authorization_code: 'Authorization code (redeeming the code)',
  refresh_token: 'Refresh token',
  client_credentials: 'Client credentials',
  password: 'Resource owner password (ROPC)',
  device_code: 'Device code',
  on_behalf_of: 'On-behalf-of',
  saml_bearer: 'SAML bearer assertion',
};

const CREDENTIAL_LABELS: Record<CredentialPresented, string> = {
  none: 'no client credential',
  secret: 'client_secret',
  assertion: 'client_assertion (certificate)',
};

/** The longest redirect_uri the simulator reads (the token endpoint's own limit is larger than any real URI). */
const MAX_URI_LENGTH = 2048;

/**
 * One URI per line, blank lines dropped, each trimmed; nothing cut, so a save sends the directory
 * exactly what was typed and it refuses what Entra would (the body limit bounds the size).
 */
export function urisFromText(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The registration as the Authentication form describes it. */
export function draftFromForm(app: Application, form: Record<string, string>): SimulatedRegistration {
  return {
    appId: app.appId,
    web: { ...app.web, redirectUris: urisFromText(form['web']) },
    spa: { redirectUris: urisFromText(form['spa']) },
    publicClient: { redirectUris: urisFromText(form['publicClient']) },
    isFallbackPublicClient: form['allowPublicClient'] === 'yes',
  };
}

/** The request the simulator's fields describe. */
export function requestFromForm(form: Record<string, string>): SimulatedRequest {
  const grant = GRANT_KINDS.find((g) => g === form['sim_grant']) ?? 'password';
  const redirectUri = (form['sim_redirect'] ?? '').trim().slice(0, MAX_URI_LENGTH);
  const credential = (['none', 'secret', 'assertion'] as const).find((c) => c === form['sim_credential']) ?? 'none';
  return {
    grant,
    redirectUri,
    credential,
    origin: form['sim_origin'] === 'yes' ? originOf(redirectUri) : null,
    codeHasPkce: form['sim_pkce'] !== 'no',
  };
}

/** A browser sends its page's origin; the redirect URI's origin stands for it (a fixed one otherwise). */
function originOf(uri: string): string {
  try {
    const u = new URL(uri);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  } catch {
    // not a URL: the page is elsewhere
  }
  return 'https://localhost:3000';
}

/** Same URI under two platforms: Azure refuses to save it; the form warns as it is typed. */
export function duplicateUris(draft: SimulatedRegistration): Array<{ uri: string; platforms: Platform[] }> {
  const seen = new Map<string, Platform[]>();
  for (const platform of ['web', 'spa', 'publicClient'] as const) {
    for (const uri of new Set(draft[platform].redirectUris)) seen.set(uri, [...(seen.get(uri) ?? []), platform]);
  }
  return [...seen].filter(([, platforms]) => platforms.length > 1).map(([uri, platforms]) => ({ uri, platforms }));
}

interface MatrixRow {
  key: string;
  label: string;
  request: SimulatedRequest;
}

/** The common requests every registration is shown against (redirect URIs: the first 5 per platform). */
export function matrixRows(draft: SimulatedRegistration): MatrixRow[] {
  const rows: MatrixRow[] = [
    { key: 'password-none', label: 'ROPC (MSAL acquireTokenByUsernamePassword), no secret', request: { grant: 'password', credential: 'none', origin: null } },
    { key: 'password-secret', label: 'ROPC with client_secret', request: { grant: 'password', credential: 'secret', origin: null } },
    { key: 'device_code-none', label: 'Device code, no secret', request: { grant: 'device_code', credential: 'none', origin: null } },
    { key: 'client_credentials-secret', label: 'Client credentials with client_secret', request: { grant: 'client_credentials', credential: 'secret', origin: null } },
    { key: 'client_credentials-none', label: 'Client credentials, no secret', request: { grant: 'client_credentials', credential: 'none', origin: null } },
  ];
  for (const platform of ['web', 'spa', 'publicClient'] as const) {
    draft[platform].redirectUris.slice(0, 5).forEach((uri, i) => {
      rows.push({ key: `code-${platform}-${i}-server`, label: `Code for ${uri}, redeemed by a server, no secret`, request: { grant: 'authorization_code', redirectUri: uri, credential: 'none', origin: null } });
      rows.push({ key: `code-${platform}-${i}-secret`, label: `Code for ${uri}, redeemed with client_secret`, request: { grant: 'authorization_code', redirectUri: uri, credential: 'secret', origin: null } });
      rows.push({ key: `code-${platform}-${i}-browser`, label: `Code for ${uri}, redeemed by a browser page (Origin, PKCE)`, request: { grant: 'authorization_code', redirectUri: uri, credential: 'none', origin: originOf(uri) } });
    });
  }
  return rows;
}

function verdictText(v: SimulatedVerdict): Html {
  return v.accepted
    ? html`<strong>Accepted</strong> as ${v.clientType === 'spa' ? 'a single-page app' : `a ${v.clientType} client`}`
    : html`<strong>AADSTS${v.refusal?.code ?? ''}</strong> <code>${v.refusal?.error ?? ''}</code>`;
}

/** The one request's verdict: what the token endpoint answers, what decided, the fix. */
export function renderVerdict(draft: SimulatedRegistration, request: SimulatedRequest): Html {
  const v = simulateTokenRequest(draft, request);
  const what = html`${GRANT_LABELS[request.grant]}, ${CREDENTIAL_LABELS[request.credential]}${request.redirectUri ? html`, redirect_uri <code>${request.redirectUri}</code>` : html``}${request.origin ? html`, Origin <code>${request.origin}</code>` : html`, no Origin header`}`;
  return html`<div class="verdict ${v.accepted ? 'ok' : 'refused'}" data-verdict="${v.accepted ? 'accepted' : String(v.refusal?.code ?? '')}">
<p>${what}</p>
<p>${verdictText(v)}${v.accepted ? html`. The client must ${v.credentialRule === 'required' ? 'still prove itself with a valid secret or certificate' : 'not send a secret or certificate'}; the grant itself is checked as usual.` : html``}</p>
${v.refusal ? html`<p>${v.refusal.message}</p>` : html``}
<p><span class="muted">Decided by:</span> ${v.decidedBy}.</p>
${v.fix ? html`<p><span class="muted">Fix:</span> ${v.fix}.</p>` : html``}
</div>`;
}

/** The table of common requests against the draft: the request, then the verdict and what decided it. */
export function renderMatrix(draft: SimulatedRegistration): Html {
  return tableWrap('Every common request', html`<table><caption class="muted">What the token endpoint answers, for this registration as the form shows it</caption>
<thead><tr><th scope="col">Request</th><th scope="col">Verdict and what decided it</th></tr></thead><tbody>
${matrixRows(draft).map((row) => {
  const v = simulateTokenRequest(draft, row.request);
  return html`<tr data-row="${row.key}" data-verdict="${v.accepted ? 'accepted' : String(v.refusal?.code ?? '')}"><td>${row.label}</td><td>${verdictText(v)}<br><span class="muted">${v.decidedBy}</span></td></tr>`;
})}
</tbody></table>`);
}

/** What the live region shows: duplicate warnings, the verdict, the table. */
export function renderSimulation(draft: SimulatedRegistration, request: SimulatedRequest): Html {
  const dups = duplicateUris(draft);
  const warnings = dups.length
    ? html`<div class="notice warn" role="alert" data-warning="duplicate-uri">${dups.map((d) => html`<p>${d.uri} is listed under ${d.platforms.length} platforms. A redirect URI can be registered under one platform only; the platform decides whether the client is public or confidential.</p>`)}</div>`
    : html``;
  return html`${warnings}<h3>Verdict</h3>${renderVerdict(draft, request)}<h3>Every common request</h3>${renderMatrix(draft)}`;
}
