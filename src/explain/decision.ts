// The client-type decision Entra made for a token request (entra-protocol.md §2), computed with
// the same function Entrada's token endpoint uses (decideClientType). With a manifest, the
// registration is known and there is one verdict; without one, every registration that could
// apply is tried and compared with the error Entra returned.

import { explainRefusal } from '../core/errors/explain.js';
import { refusalError } from '../core/errors/idp-error.js';
import { withAppId } from '../core/errors/message-args.js';
import type { ClientType, Platform } from '../core/model.js';
import {
  decideClientType,
  describeDecision,
  PLATFORM_LABEL,
  type ClientTypeInput,
  type CredentialPresented,
  type GrantKind,
  type RedirectUriMatch,
  type Verdict,
} from '../core/policy/client-type.js';
import { matchRedirectUri } from '../core/policy/redirect-uri.js';
import { CLIENT_TYPE_CODES, type Ctx } from './findings.js';
import { entraOnly } from './advice.js';
import { looksBrowser, looksNative } from './client-kind.js';
import { modelDiffers } from './disagreement.js';
import { moveUri, PORTAL } from './portal.js';
import { matchingRegistrations } from './redirect-diff.js';
import type { Decision, Scenario } from './report.js';
import type { RequestSummary } from './summary.js';

const CLIENT_TYPE_TEXT: Record<ClientType, string> = {
  confidential: 'confidential client',
  public: 'public client',
  spa: 'single-page app',
};

const RULE_TEXT: Record<string, string> = {
  'confidential-without-credential': 'confidential client, and no client_secret or client_assertion was sent',
  'public-with-credential': 'public client, which must not send a client_secret or client_assertion',
  'origin-on-non-spa': 'an Origin header (a browser), but the client type is not single-page app',
  'spa-without-origin': 'single-page app, but no Origin header (not redeemed by a browser)',
  'spa-with-credential': 'single-page app, which must not send a client_secret or client_assertion',
  'spa-without-pkce': 'single-page app redeeming cross-origin without PKCE (no code_verifier)',
  'redirect-uri-unregistered': 'the redirect URI is not registered',
};


function credentialOf(s: RequestSummary): CredentialPresented {
  const k = s.credentials?.kind ?? 'none';
  return k === 'none' ? 'none' : k === 'client_assertion' ? 'assertion' : 'secret';
}

function baseInput(s: RequestSummary, grant: GrantKind): Omit<ClientTypeInput, 'redirectUri' | 'isFallbackPublicClient'> {
  return {
    grant,
    credential: credentialOf(s),
    origin: s.origin,
    ...(grant === 'authorization_code' ? { codeHasPkce: s.pkce.codeVerifier } : {}),
  };
}

export function outcomeOf(v: Verdict): string {
  if (!v.refusal) return `accepted by the client-type check (${CLIENT_TYPE_TEXT[v.clientType]})`;
  return `AADSTS${v.refusal.code}: ${RULE_TEXT[v.rule] ?? v.rule}`;
}

/** Does a verdict explain the observed code? (A passing verdict explains any later failure.) */
function explains(v: Verdict, observed: number | null, succeeded = false): boolean | null {
  if (succeeded) return !v.refusal;
  if (observed === null) return null;
  if (v.refusal) return v.refusal.code === observed;
  return !CLIENT_TYPE_CODES.has(observed);
}

interface Candidate {
  registration: string;
  input: ClientTypeInput;
}

/** Every registration that could apply to this request, when the manifest is not known. */
function candidates(s: RequestSummary, grant: GrantKind): Candidate[] {
  const base = baseInput(s, grant);
  const absent: RedirectUriMatch = { kind: 'absent' };
  switch (grant) {
    case 'client_credentials':
    case 'on_behalf_of':
      return [{ registration: 'any registration (this flow is always confidential)', input: { ...base, redirectUri: absent, isFallbackPublicClient: null } }];
    case 'password':
    case 'device_code':
    case 'saml_bearer':
      return [false, true].map((fallback) => ({
        registration: `Allow public client flows = ${fallback ? 'Yes' : 'No'}`,
        input: { ...base, redirectUri: absent, isFallbackPublicClient: fallback },
      }));
    case 'authorization_code': {
      const uri = s.redirectUri ?? '';
      const platforms: Platform[] = ['web', 'spa', 'publicClient'];
      return [
        ...platforms.map((platform) => ({
          registration: `redirect URI registered under ${PLATFORM_LABEL[platform]}`,
          input: { ...base, redirectUri: { kind: 'registered', uri, registeredAs: uri, platform } as RedirectUriMatch, isFallbackPublicClient: null },
        })),
        { registration: 'redirect URI not registered', input: { ...base, redirectUri: { kind: 'unregistered', uri } as RedirectUriMatch, isFallbackPublicClient: null } },
      ];
    }
    case 'refresh_token': {
      const issued: Array<[ClientType, string]> = [
        ['confidential', 'the refresh token was issued to a confidential client (Web redirect URI, or public client flows off)'],
        ['public', 'the refresh token was issued to a public client (Mobile and desktop, or public client flows on)'],
        ['spa', 'the refresh token was issued to a single-page app (SPA redirect URI)'],
      ];
      return issued.map(([clientType, registration]) => ({ registration, input: { ...base, redirectUri: absent, isFallbackPublicClient: null, issuedClientType: clientType } }));
    }
  }
}

/** The decision block for one token request, adding the findings it implies. */
export function decide(ctx: Ctx): Decision | null {
  const { s, observed, manifest } = ctx;
  const grant = s.grantKind;
  if (!grant || !ctx.x.request) return null;
  if (grant === 'authorization_code' && !s.redirectUri) {
    return { basis: manifest ? 'manifest' : 'scenarios', grant, scenarios: [], notes: ['the code redemption carries no redirect_uri, so no platform can decide the client type (Entra requires the redirect_uri used at /authorize)'] };
  }
  const notes: string[] = [];
  const scenarios: Scenario[] = candidates(s, grant).map((c) => {
    const v = decideClientType(c.input);
    return { registration: c.registration, clientType: v.clientType, code: v.refusal?.code ?? null, outcome: outcomeOf(v), matchesObserved: explains(v, observed, succeeded(ctx)), verdict: v } as Scenario & { verdict: Verdict };
  });

  if (manifest) {
    const app = manifest.read.app;
    if (s.clientId && s.clientId.toLowerCase() !== app.appId) {
      notes.push(`the manifest is for app ${app.appId} (${app.displayName}), but this request's client_id is ${s.clientId}; the verdict below assumes this request is for the manifest's app`);
    }
    if (grant === 'refresh_token') notes.push('a refresh token keeps the client type it was issued under; this verdict takes it from the registration as it is now');
    const redirectUri = matchRedirectUri(app, s.redirectUri ?? undefined);
    const input: ClientTypeInput = { ...baseInput(s, grant), redirectUri, isFallbackPublicClient: app.isFallbackPublicClient };
    const verdict = decideClientType(input);
    const why = whyOf(verdict, s);
    const matches = explains(verdict, observed, succeeded(ctx));
    // When Entra answered something else, the model's prediction is not offered as a diagnosis.
    if (verdict.refusal && matches !== false) verdictFinding(ctx, verdict, why);
    if (matches === false) {
      notes.push(
        `with this manifest Entrada's model of Entra predicts ${verdict.refusal ? `AADSTS${verdict.refusal.code}` : 'that the request passes the client-type check'}, but Entra answered AADSTS${observed}: either Entra's own checks differ from the model here, or the registration Entra used differs from this manifest (edited since, or another app)`,
      );
      if (observed !== null && CLIENT_TYPE_CODES.has(observed)) modelDiffers(ctx, verdict.refusal ? `AADSTS${verdict.refusal.code}` : 'no client-type error');
    }
    return {
      basis: 'manifest',
      grant,
      clientType: verdict.clientType,
      why,
      code: verdict.refusal?.code ?? null,
      outcome: outcomeOf(verdict),
      matchesObserved: matches,
      scenarios: matches === false ? scenarios.map(strip) : [],
      notes,
    };
  }

  inferFromScenarios(ctx, scenarios as Array<Scenario & { verdict: Verdict }>);
  return { basis: 'scenarios', grant, scenarios: scenarios.map(strip), notes };
}

/** The response shows tokens were issued (so every check passed). */
function succeeded(ctx: Ctx): boolean {
  const r = ctx.s.response;
  return r !== null && r.code === null && r.status !== null && r.status >= 200 && r.status < 300;
}

function strip(s: Scenario): Scenario {
  const { registration, clientType, code, outcome, matchesObserved } = s;
  return { registration, clientType, code, outcome, matchesObserved };
}

/** Without a (matching) manifest: the registrations that explain the observed client-type error. */
function inferFromScenarios(ctx: Ctx, scenarios: Array<Scenario & { verdict: Verdict }>): void {
  const { observed } = ctx;
  if (observed === null || !CLIENT_TYPE_CODES.has(observed)) return;
  const matching = scenarios.filter((sc) => sc.verdict.refusal?.code === observed);
  if (matching.length === 0) {
    modelDiffers(ctx, scenarios.map((sc) => `${sc.registration} → ${sc.code === null ? 'accepted' : `AADSTS${sc.code}`}`).join('; '));
    return;
  }
  const lead =
    matching.length === 1
      ? `Entra answered AADSTS${observed}, which for this request means: ${whyOf(matching[0].verdict, ctx.s)}`
      : `Entra answered AADSTS${observed}, which this request gets when: ${matching.map((m) => m.registration).join('; or ')}`;
  for (const m of matching) verdictFinding(ctx, m.verdict, lead);
}

/** What decided, in one sentence (describeDecision, except for an unregistered redirect URI). */
function whyOf(v: Verdict, s: RequestSummary): string {
  if (v.rule === 'redirect-uri-unregistered') {
    return `redirect_uri '${s.redirectUri ?? ''}' is not one of the app's registered redirect URIs, so no platform can decide and Entra refuses the code redemption`;
  }
  return describeDecision(v.decidedBy);
}

/** A finding for a refusing verdict: why (what decided) and the fix naming that setting or URI. */
function verdictFinding(ctx: Ctx, v: Verdict, why: string): void {
  const code = v.refusal!.code;
  const explanation = explainRefusal(refusalError(withAppId(v.refusal!, ctx.s.clientId ?? ''), { verdict: v }));
  const portal = portalFixes(ctx, v);
  ctx.f.add(ctx.s.index, code, 'client-type', ctx.observed, {
    why: [why, ...evidence(ctx, v)],
    fix: portal.length > 0 ? portal : [entraOnly(explanation.fix)],
  });
}

/** What in the request led to the rule that refused it. */
function evidence(ctx: Ctx, v: Verdict): string[] {
  const { s } = ctx;
  switch (v.rule) {
    case 'confidential-without-credential':
      return [`credentials sent: ${s.credentials?.description ?? 'none'}`];
    case 'public-with-credential':
    case 'spa-with-credential':
      return [`credentials sent: ${s.credentials?.description ?? 'a credential'}`];
    case 'origin-on-non-spa':
      return [`the request has the header Origin: ${s.origin} — a browser sent it`];
    case 'spa-without-origin':
      return ['the request has no Origin header, so it was not sent by a browser (a server, script or native app redeemed it)'];
    case 'spa-without-pkce':
      return s.origin !== null
        ? [`the request has the header Origin: ${s.origin} but no code_verifier`]
        : ['the request has no code_verifier (Entra checks PKCE before the Origin header); it has no Origin header either, so once PKCE is added a redemption outside the browser gets AADSTS9002327'];
    default:
      return [];
  }
}

/** The portal steps that change what decided, for each rule. */
function portalFixes(ctx: Ctx, v: Verdict): string[] {
  const d = v.decidedBy;
  const uri = d.by === 'redirect_uri' ? d.registeredAs : (ctx.s.redirectUri ?? '<redirect URI>');
  const move = (from: Platform, to: Platform) => moveUri(ctx, uri, from, to);
  const native = looksNative(ctx.s);
  switch (v.rule) {
    case 'confidential-without-credential':
      if (d.by === 'fallback_setting') {
        // A native app is a public client: a secret in it would not stay secret.
        if (native) return [`this is a desktop/mobile app, a public client: ${PORTAL.publicFlows} → Yes`];
        return [
          `if this app cannot keep a secret (desktop, mobile, CLI, script run by a person): ${PORTAL.publicFlows} → Yes`,
          `if it is a server-side app: ${PORTAL.newSecret}, and send its Value as client_secret (or upload a certificate and send a client_assertion)`,
        ];
      }
      if (d.by === 'redirect_uri') {
        if (native) return [`this is a desktop/mobile app, a public client: ${move('web', 'publicClient')}`];
        if (looksBrowser(ctx.s)) return [`this is a browser app: ${move('web', 'spa')}`, `if a server redeems the code instead: ${PORTAL.newSecret}, send its Value as client_secret, and redeem without an Origin header`];
        return [
          `if this app cannot keep a secret: ${move('web', 'publicClient')}`,
          `if it is a server-side app: ${PORTAL.newSecret}, and send its Value as client_secret`,
        ];
      }
      if (d.by === 'grant') {
        return [`${PORTAL.newSecret} (or Certificates & secrets → Certificates → Upload certificate), and send it as client_secret (or a client_assertion); ${d.grant === 'client_credentials' ? 'client credentials' : 'on-behalf-of'} cannot be made public`];
      }
      return [`send the client_secret or client_assertion the refresh token was first obtained with`];
    case 'public-with-credential':
      if (d.by === 'fallback_setting') {
        const what = ctx.s.credentials?.kind === 'client_assertion' ? 'client_assertion (certificate)' : 'client_secret';
        return [
          `if this is a server-side app that owns the ${what}: ${PORTAL.publicFlows} → No`,
          `if it is a desktop/mobile/CLI app: stop sending the ${what}; a public client cannot keep it secret`,
        ];
      }
      if (d.by === 'redirect_uri') {
        return [
          `if this is a server-side app with a secret: ${move(d.platform, 'web')}`,
          'if it is a desktop or mobile app: stop sending client_secret / client_assertion and use PKCE',
        ];
      }
      return [];
    case 'spa-with-credential':
      return ['remove client_secret / client_assertion from the browser code: a single-page app cannot keep a secret', `or, if a server redeems this code: ${move('spa', 'web')}, and redeem it from the server without an Origin header`];
    case 'origin-on-non-spa':
      if (d.by === 'grant' || d.by === 'fallback_setting') {
        const flow = ctx.s.grantType ?? 'this grant';
        return [`grant_type=${flow} cannot be used from a browser: make this call from server-side code (or a proxy that does not forward the Origin header); a browser app should sign users in with the authorization code flow and PKCE (MSAL.js) on a Single-page application redirect URI`];
      }
      return [
        `if this is a browser app (MSAL.js): ${move(d.by === 'redirect_uri' ? d.platform : 'web', 'spa')}`,
        'if it is a server-side app: redeem the code from the server, without an Origin header (strip it in any proxy)',
      ];
    case 'spa-without-origin':
      if (d.by === 'issued_grant') {
        return [
          "refresh a single-page app's tokens in the browser (MSAL.js acquireTokenSilent), where the Origin header is sent; they cannot be redeemed by a server",
          'if a backend needs tokens of its own: sign in through the backend with a redirect URI registered under Web and a client secret, or have it use on-behalf-of with the access token the SPA sends it',
        ];
      }
      return [
        `if a server redeems this code: ${move('spa', 'web')}, and ${ctx.s.credentials && ctx.s.credentials.kind !== 'none' ? 'keep sending the client secret it already sends' : 'send a client secret'}`,
        'if it is a real single-page app: let the browser redeem the code (MSAL.js does), so the Origin header is sent; check that no proxy strips it',
      ];
    case 'spa-without-pkce':
      return ['send code_verifier: the random verifier whose S256 hash was the code_challenge at /authorize (MSAL.js 2+ does this; add code_challenge and code_challenge_method=S256 to /authorize if they are missing)'];
    default:
      return [];
  }
}

/** For the two-platform check: what Entra would answer for each platform the URI is under. */
export function verdictsPerPlatform(ctx: Ctx): Array<{ uri: string; platform: Platform; verdict: Verdict }> {
  const { s, manifest } = ctx;
  if (!manifest || !s.redirectUri || !s.grantKind) return [];
  return matchingRegistrations(manifest.read.app, s.redirectUri).map((r) => ({
    ...r,
    verdict: decideClientType({
      ...baseInput(s, s.grantKind!),
      redirectUri: { kind: 'registered', uri: s.redirectUri!, registeredAs: r.uri, platform: r.platform },
      isFallbackPublicClient: manifest.read.app.isFallbackPublicClient,
    }),
  }));
}
