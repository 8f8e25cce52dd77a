// Pure: the exchanges found in the input (and optionally the app's manifest) → the report: what
// each request was, the client-type decision Entra made for it, and the diagnoses with their
// evidence and the fix in the portal's terms. No I/O; the clock is passed in.

import { lookupCode } from '../core/errors/catalogue.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { registeredRedirectUris } from '../core/policy/redirect-uri.js';
import {
  catalogueFinding,
  checkAppInTenant,
  checkAssertion,
  checkClientCredentialsScope,
  checkCodeReuse,
  checkConsent,
  checkFederated,
  checkMisplacedCredential,
  checkPassword,
  checkRedirectUri,
  checkResourceOnV2,
  checkSecret,
  checkSeveralMethods,
  checkSeveralPlatforms,
  checkTenant,
} from './checks.js';
import { entraOnly, inTheirWords } from './advice.js';
import { decide } from './decision.js';
import { CLIENT_TYPE_CODES, Findings, messageArgs, parseTimestamp, type Ctx } from './findings.js';
import type { ObservedExchange, ParsedInput } from './parse/exchange.js';
import type { ExplainedRequest, ManifestContext, ManifestSummary, Report } from './report.js';
import { checkAuthorityPath, checkClientId, checkLoginHost, checkScopeOnV1, checkSecretInUrl, checkSingleTenantAlias, checkWrappedCodes } from './request-checks.js';
import { summarize } from './summary.js';

interface DiagnoseInput {
  parsed: ParsedInput;
  manifest?: ManifestContext | null;
  /** The time of the run; a response's own timestamp takes precedence for expiry checks. */
  now: Date;
}

/** The checks, in the order their findings read best. */
const CHECKS: Array<(ctx: Ctx) => void> = [
  checkClientId,
  checkSingleTenantAlias,
  checkLoginHost,
  checkAuthorityPath,
  checkResourceOnV2,
  checkScopeOnV1,
  checkClientCredentialsScope,
  checkSecret,
  checkRedirectUri,
  checkSeveralPlatforms,
  checkCodeReuse,
  checkAppInTenant,
  checkTenant,
  checkConsent,
  checkPassword,
  checkMisplacedCredential,
  checkSeveralMethods,
  checkAssertion,
  checkFederated,
  checkSecretInUrl,
];

export function diagnose(input: DiagnoseInput): Report {
  const { parsed, now } = input;
  const manifest = input.manifest ?? null;
  const exchanges: readonly ObservedExchange[] = parsed.exchanges;
  const summaries = exchanges.map((x, i) => summarize(x, i + 1));
  const f = new Findings();
  const requests: ExplainedRequest[] = summaries.map((s, i) => {
    const observed = s.response?.code ?? null;
    const ctx: Ctx = {
      x: exchanges[i],
      s,
      observed,
      args: messageArgs(observed, s.response?.message ?? null),
      manifest,
      at: parseTimestamp(s.response?.timestamp ?? null) ?? now,
      exchanges,
      summaries,
      f,
    };
    const decision = decide(ctx);
    if (!ctx.x.request && observed !== null && CLIENT_TYPE_CODES.has(observed) && observed !== 50011) errorOnlyClientType(ctx);
    for (const check of CHECKS) check(ctx);
    catalogueFinding(ctx);
    checkWrappedCodes(ctx);
    return { ...s, decision };
  });
  const findings = f.all().map((finding) => ({
    ...finding,
    fix: finding.fix.map((line) => personalise(line, manifest)),
  }));
  return {
    version: 1,
    input: { kind: parsed.kind, requests: exchanges.length, ignored: parsed.ignored, notes: parsed.notes },
    manifest: manifest ? manifestSummary(manifest, now) : null,
    requests,
    findings,
  };
}

/**
 * A client-type error with no request to go by (a pasted error body): which situations produce
 * it, and — with a manifest — which of them this registration is in.
 */
function errorOnlyClientType(ctx: Ctx): void {
  const code = ctx.observed!;
  const app = ctx.manifest?.read.app;
  const why: string[] = [];
  const uris = app ? registeredRedirectUris(app) : [];
  const web = uris.filter((u) => u.platform === 'web').map((u) => `'${u.uri}'`);
  const spa = uris.filter((u) => u.platform === 'spa').map((u) => `'${u.uri}'`);
  const pub = uris.filter((u) => u.platform === 'publicClient').map((u) => `'${u.uri}'`);
  const flows = app ? (app.isFallbackPublicClient === true ? 'Yes' : 'No') : null;
  switch (code) {
    case 7000218:
      why.push('Entra decided the caller is a confidential client, and the request carried neither client_secret nor client_assertion. That happens for: a password or device-code request while Allow public client flows is No; an authorization code redeemed with a redirect URI registered under Web; client credentials or on-behalf-of without a credential');
      if (app) why.push(`this manifest: Allow public client flows = ${flows}${flows === 'No' ? ' (so password and device-code requests without a secret get 7000218)' : ''}; Web redirect URIs: ${web.join(', ') || 'none'}`);
      break;
    case 700025:
      why.push('Entra decided the caller is a public client, and the request carried a client_secret or client_assertion. That happens for: a password or device-code request while Allow public client flows is Yes; an authorization code redeemed with a redirect URI registered under Mobile and desktop applications or Single-page application');
      if (app) why.push(`this manifest: Allow public client flows = ${flows}${flows === 'Yes' ? ' (so password and device-code requests with a secret or certificate get 700025)' : ''}; Mobile and desktop redirect URIs: ${pub.join(', ') || 'none'}; Single-page application: ${spa.join(', ') || 'none'}`);
      break;
    case 9002326: {
      const origin = ctx.args['origin'];
      why.push(`a browser${origin ? ` at origin ${origin}` : ''} called the token endpoint (it sent an Origin header), and the client type decided was not single-page app`);
      if (app && origin) {
        const sameOrigin = uris.filter((u) => u.platform !== 'spa' && u.uri.toLowerCase().startsWith(origin.toLowerCase()));
        if (sameOrigin.length > 0) why.push(`this manifest registers ${sameOrigin.map((u) => `'${u.uri}' under ${PLATFORM_LABEL[u.platform]}`).join(', ')} on that origin: a browser app needs it under Single-page application`);
      }
      break;
    }
    case 9002327:
      why.push('the code or refresh token belongs to a redirect URI registered under Single-page application, and it was redeemed without an Origin header — by a server, script or native app, not a browser');
      if (app) why.push(`this manifest's Single-page application redirect URIs: ${spa.join(', ') || 'none'}`);
      break;
    case 9002325:
      why.push('a browser redeemed an authorization code for a Single-page application redirect URI without PKCE (no code_verifier, or no code_challenge at /authorize)');
      break;
    default:
      break;
  }
  const entry = lookupCode(code);
  ctx.f.add(ctx.s.index, code, 'client-type', code, {
    why: [...why, 'paste the request too (curl command, HAR or raw HTTP) to see exactly which setting decided'],
    fix: entry ? [entraOnly(entry.fix)] : [],
  });
}

/**
 * In the person's words: catalogue fixes say "<app>" (with a manifest, name the app), and portal
 * labels gain the manifest property of the format the manifest uses.
 */
function personalise(line: string, manifest: ManifestContext | null): string {
  const named = manifest ? line.replace(/<app>/g, `'${manifest.read.app.displayName}'`) : line;
  return inTheirWords(named, manifest);
}

function manifestSummary(m: ManifestContext, now: Date): ManifestSummary {
  const app = m.read.app;
  return {
    appId: app.appId,
    objectId: app.id,
    displayName: app.displayName,
    format: m.read.format,
    signInAudience: app.signInAudience,
    publisherDomain: m.publisherDomain,
    isFallbackPublicClient: app.isFallbackPublicClient,
    redirectUris: registeredRedirectUris(app),
    secrets: m.read.secrets.map((k) => ({
      displayName: k.displayName,
      hint: k.hint,
      endDateTime: k.endDateTime,
      expired: k.endDateTime !== null && Date.parse(k.endDateTime) <= now.getTime(),
    })),
    certificates: app.keyCredentials.length + m.read.certificatesWithoutKey.length,
    warnings: m.read.warnings,
  };
}

