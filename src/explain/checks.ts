// Specific diagnoses, each from the evidence the input holds (the request, the response's code and
// message, the manifest). Every check adds to ctx.f; none prints or returns a secret value.

import { lookupCode } from '../core/errors/catalogue.js';
import { entraOnly } from './advice.js';
import { looksNative } from './client-kind.js';
import { isGuid } from '../core/guid.js';
import type { Platform } from '../core/model.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { matchRedirectUri } from '../core/policy/redirect-uri.js';
import { GRAPH_APP_ID, GRAPH_RESOURCE, OIDC_SCOPES, sameResource, splitScope, tokenizeScope } from '../core/policy/scope.js';
import { outcomeOf, verdictsPerPlatform } from './decision.js';
import { PORTAL } from './portal.js';
import { CLIENT_TYPE_CODES, type Ctx } from './findings.js';
import { parseBasic } from './parse/exchange.js';
import { closestRegistered, distance, urisOnSeveralPlatforms } from './redirect-diff.js';
import { describeSecret, fingerprint, secretShape } from './secrets.js';
import { paramsOf } from './summary.js';

// ───────────────────────── 901002: v1 resource on v2 ─────────────────────────

export function checkResourceOnV2(ctx: Ctx): void {
  const { s } = ctx;
  const onV2 = s.endpoint?.version === 'v2' && (s.endpoint.kind === 'token' || s.endpoint.kind === 'devicecode' || s.endpoint.kind === 'authorize');
  if (ctx.observed === 901002 || (onV2 && s.resource !== null)) {
    const resource = s.resource;
    const why: string[] = [];
    if (onV2 && resource !== null) why.push(`the request went to the v2.0 endpoint (${s.url ?? '/oauth2/v2.0/…'}) and carries resource=${resource}, a v1 parameter`);
    if (resource !== null && s.scope !== null) why.push(`it carries scope=${s.scope} as well; on v2.0 the scope alone names the API`);
    const target = (resource ?? '<resource>').replace(/\/$/, '');
    // An error that came back from /authorize (or a redirect) is fixed in the sign-in request, by
    // the app or plug-in that builds it: a v1-style client pointed at v2.0 endpoints or metadata.
    const atAuthorize = s.endpoint?.kind === 'authorize' || ctx.x.response?.redirect === true;
    if (atAuthorize) {
      const authority = `https://${s.endpoint?.host ?? 'login.microsoftonline.com'}/${s.endpoint?.tenant ?? '<tenant>'}`;
      ctx.f.add(s.index, 901002, 'resource-on-v2', ctx.observed, {
        why: [...why, 'the sign-in request (/authorize) carried resource=, which the v2.0 endpoints do not accept: the app or plug-in speaks v1 but is configured with v2.0 endpoints or metadata'],
        fix: [
          `configure it for v2.0: no resource parameter, and scope=${target}/.default (or ${target}/<permission>) with openid profile in the sign-in request`,
          `or, if it only speaks v1, give it the v1 metadata ${authority}/.well-known/openid-configuration (without /v2.0), which lists the v1 authorize and token endpoints`,
        ],
      });
      return;
    }
    const v1 = s.url ? s.url.replace(/\/oauth2\/v2\.0\//i, '/oauth2/') : '/<tenant>/oauth2/token';
    ctx.f.add(s.index, 901002, 'resource-on-v2', ctx.observed, {
      why: why.length > 0 ? why : ['the v2.0 endpoints refuse the v1 resource parameter'],
      fix: [
        `on v2.0, drop resource and send scope=${target}/.default${s.grantKind === 'client_credentials' ? '' : ' (or <resource>/<permission> for delegated permissions)'}`,
        `or keep resource and call the v1 endpoint ${v1}`,
      ],
    });
  }
}

// ───────────────────────── 1002012: client credentials without /.default ─────────────────────────

export function checkClientCredentialsScope(ctx: Ctx): void {
  const { s } = ctx;
  const scope = s.grantKind === 'client_credentials' && s.endpoint?.version !== 'v1' ? s.scope : (ctx.observed === 1002012 ? (ctx.args['scope'] ?? s.scope) : null);
  if (scope === null) return;
  const tokens = tokenizeScope(scope);
  const bad = tokens.filter((t) => !t.endsWith('/.default') || t === '/.default');
  if (bad.length === 0 && ctx.observed !== 1002012) return;
  const resources = new Map<string, string>();
  for (const t of tokens) {
    if (OIDC_SCOPES.has(t.toLowerCase())) continue;
    const id = t.endsWith('/.default') ? t.slice(0, -'/.default'.length) : splitScope(t).identifier;
    if (id && ![...resources.keys()].some((k) => sameResource(k, id))) resources.set(id, t);
  }
  const suggestion = [...resources.keys()].map((r) => `${r}/.default`);
  const why = [`grant_type=client_credentials asks for scope '${scope}'`];
  for (const t of bad) {
    if (OIDC_SCOPES.has(t.toLowerCase())) why.push(`'${t}' is an OpenID Connect scope; an app-only token has no user, so it cannot be requested here`);
    else if (!t.includes('/')) why.push(`'${t}' is a delegated Microsoft Graph permission (a bare name means Graph); client credentials gets application permissions, all at once, through ${GRAPH_RESOURCE}/.default`);
    else why.push(`'${t}' names one permission; client credentials takes the resource's /.default instead`);
  }
  ctx.f.add(s.index, 1002012, 'client-credentials-scope', ctx.observed, {
    why,
    fix: [
      suggestion.length === 1
        ? `send scope=${suggestion[0]}`
        : suggestion.length > 1
          ? `one resource per request: send scope=${suggestion[0]} (and a separate request for ${suggestion.slice(1).join(', ')})`
          : 'send scope=<Application ID URI of the API>/.default, e.g. https://graph.microsoft.com/.default',
      'the token then carries the application permissions granted under App registrations → <app> → API permissions (type Application, with admin consent)',
    ],
  });
}

// ───────────────────────── secrets: 7000215, 7000222, empty, secret ID ─────────────────────────

export function checkSecret(ctx: Ctx): void {
  const { s, x, manifest, observed } = ctx;
  const req = x.request;
  const p = req ? paramsOf(req) : {};
  const basic = req ? parseBasic(req.headers['authorization']) : null;
  const value = p['client_secret'] !== undefined ? p['client_secret'] : basic?.secret;
  const secrets = manifest?.read.secrets ?? [];
  const appLabel = manifest ? `'${manifest.read.app.displayName}'` : 'the app';

  if (value !== undefined) {
    const shape = secretShape(value);
    if (shape === 'empty' && (observed === null || observed === 7000218)) {
      ctx.f.add(s.index, 7000218, 'empty-secret', observed, {
        why: ['client_secret is in the body but empty, which Entra treats as no secret: the value the app reads (an environment variable, a Key Vault reference, a config entry) was empty when the request was built'],
        fix: ['check that the secret is set where the app reads it, in the environment this request came from'],
      });
    }
    if (shape === 'guid') {
      const keyId = value.trim().replace(/[{}]/g, '').toLowerCase();
      const named = secrets.find((k) => k.keyId === keyId);
      if (named || observed === null || observed === 7000215) {
        ctx.f.add(s.index, 7000215, 'secret-id-sent', observed, {
          why: [
            named
              ? `the client_secret sent is the Secret ID of the secret '${named.displayName ?? '(no description)'}'${named.hint ? ` (hint ${named.hint}…)` : ''} in the manifest: you sent the secret ID, not its value`
              : "the client_secret sent is a GUID: that is the shape of a Secret ID, not of a secret value (values are 40 characters: 3, a digit, 'Q~', then 34 more): you most likely sent the secret ID, not its value",
          ],
          fix: [
            `Certificates & secrets → Client secrets: copy the secret's Value, not its Secret ID; the Value is shown only right after the secret is created — if it is no longer shown, ${PORTAL.newSecret} and copy its Value`,
          ],
        });
      }
    }
    if (shape === 'other' && (observed === 7000215 || observed === null)) {
      const trimmed = value.trim();
      if (trimmed !== value) secretWhy(ctx, 'the client_secret begins or ends with whitespace (a copy-paste or a line ending from a file); it is part of the value Entra compares');
      if (/^["'].*["']$/.test(trimmed)) secretWhy(ctx, 'the client_secret is wrapped in quotes, which are sent as part of the value (quoting in a .env file or a shell)');
      if (/ /.test(trimmed) && plusInRaw(req?.rawBody ?? null, 'client_secret')) {
        secretWhy(ctx, "the body has a literal '+' in client_secret; a form body reads '+' as a space, so Entra got a different value — send it as %2B (curl --data-urlencode 'client_secret=…')");
      }
    }
  }

  if (observed === 7000215) {
    const why: string[] = [];
    const appId = ctx.args['appId'] ?? s.clientId;
    why.push(`Entra found no secret of app ${appId ?? '(unknown)'} with the value sent${value !== undefined ? ` (${describeSecret(value).slice(1, -1).replace(/^present, /, '')})` : ''}`);
    if (manifest) {
      const app = manifest.read.app;
      if (s.clientId && s.clientId.toLowerCase() !== app.appId) why.push(`the manifest is app ${app.appId} (${app.displayName}), but the request's client_id is ${s.clientId}: a secret works only with the client_id of the registration it was created on`);
      if (secrets.length === 0) why.push(`the manifest lists no client secrets at all for ${appLabel}`);
      else {
        why.push(`the manifest lists ${secrets.length} secret(s): ${secrets.map((k) => `'${k.displayName ?? '(no description)'}' (hint ${k.hint ?? '?'}…, expires ${k.endDateTime ?? '?'})`).join(', ')}`);
        const hinted = secrets.filter((k) => k.hint && value?.startsWith(k.hint));
        if (value !== undefined && secretShape(value) !== 'guid' && secrets.some((k) => k.hint)) {
          if (hinted.length === 0) why.push("the value sent does not begin with the hint of any of them, so it is none of these secrets (an old, deleted, or another app's secret)");
          else why.push(`the value sent begins like '${hinted[0].displayName ?? '(no description)'}': if it is meant to be that one, it was copied incompletely or altered`);
        }
      }
    }
    const idSent = value !== undefined && secretShape(value) === 'guid';
    ctx.f.add(s.index, 7000215, 'secret-invalid', observed, {
      why,
      fix: [
        idSent ? '' : `${PORTAL.newSecret}, copy its Value (not the Secret ID) right away, and configure that value in the app`,
        "check that the client_id is the Application (client) ID of the registration the secret belongs to; form-encode the value ('+' → %2B)",
      ],
    });
  }

  // Expiry: the manifest's end dates against the time of the request.
  const expired = secrets.filter((k) => k.endDateTime && Date.parse(k.endDateTime) <= ctx.at.getTime());
  const active = secrets.filter((k) => !expired.includes(k));
  const sentSecret = value !== undefined && value !== '';
  const hintedExpired = value !== undefined ? expired.filter((k) => k.hint && value.startsWith(k.hint)) : [];
  if (observed === 7000222 || (sentSecret && observed !== 7000215 && expired.length > 0 && (active.length === 0 || hintedExpired.length > 0))) {
    const why: string[] = [];
    const when = ctx.s.response?.timestamp ? `the request (${ctx.s.response.timestamp})` : `now (${ctx.at.toISOString()})`;
    const list = (hintedExpired.length > 0 ? hintedExpired : expired).map((k) => `'${k.displayName ?? '(no description)'}' (hint ${k.hint ?? '?'}…) expired ${k.endDateTime}`);
    if (list.length > 0) why.push(`in the manifest, ${list.join(', ')} — before ${when}`);
    if (hintedExpired.length > 0) why.push('the value sent begins with the hint of that expired secret');
    if (manifest && active.length === 0 && secrets.length > 0) why.push(`${appLabel} has no secret that is still valid`);
    if (observed === 7000222 && !manifest) why.push('Entra matched the value to a secret of the app whose end date has passed');
    ctx.f.add(s.index, 7000222, 'secret-expired', observed, {
      why,
      fix: [
        `${PORTAL.newSecret}, put its Value in every deployment of the app, then delete the expired secret`,
        'to rotate less often, use a certificate (Certificates & secrets → Certificates) or a federated credential instead of a secret',
      ],
    });
  }
}

function secretWhy(ctx: Ctx, line: string): void {
  ctx.f.add(ctx.s.index, 7000215, 'secret-mangled', ctx.observed, { why: [line], fix: ['send the secret value exactly as shown in the portal when it was created, form-encoded'] });
}

/** Whether the raw body has a literal '+' in the named parameter (a space after decoding). */
function plusInRaw(raw: string | null, name: string): boolean {
  if (!raw) return false;
  const seg = raw.split('&').find((p) => p.startsWith(`${name}=`));
  return seg?.includes('+') === true;
}

// ───────────────────────── 50011 and redirect URIs on several platforms ─────────────────────────

export function checkRedirectUri(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  const sent = s.redirectUri ?? ctx.args['redirectUri'] ?? null;
  const relevant = s.endpoint?.kind === 'authorize' || s.grantKind === 'authorization_code' || observed === 50011;
  if (!sent || !relevant) {
    if (observed === 50011) {
      ctx.f.add(s.index, 50011, 'redirect-uri', observed, {
        why: [
          s.response?.message
            ? 'the message does not name the redirect URI (older wording); it is the redirect_uri parameter of the /authorize request'
            : 'the input names only the code; the redirect URI Entra refused is the redirect_uri parameter of the sign-in (/authorize) request — paste that URL, or the HAR, to compare it',
        ],
        fix: [
          'compare the redirect_uri your app sends with Authentication → Redirect URIs, character by character (scheme, host, port, path case, trailing slash)',
          'behind a reverse proxy or load balancer the app builds the redirect URI from the scheme and host it sees (http instead of https, an internal host name): make it use the public ones (ASP.NET Core: forwarded headers)',
        ],
      });
    }
    return;
  }
  if (PLACEHOLDER_REDIRECT.test(sent.trim())) {
    ctx.f.add(s.index, observed === 50011 ? 50011 : null, 'placeholder-redirect-uri', observed, {
      title: 'The redirect URI sent is a placeholder',
      why: [
        /replyurlnotset/i.test(sent)
          ? `the redirect URI sent, '${sent}', is the placeholder an SDK sends when the app configured no redirect URI of its own`
          : `the redirect URI sent, '${sent}', is a placeholder left in the configuration`,
      ],
      fix: [`set the redirect URI in the app's configuration (MSAL: redirectUri; ASP.NET: CallbackPath) to the address the app really receives the sign-in on, and register that one under App registrations → <app> → Authentication → Redirect URIs (not the placeholder)`],
    });
    return;
  }
  if (manifest) {
    const app = manifest.read.app;
    const match = matchRedirectUri(app, sent);
    if (match.kind === 'registered') {
      if (observed === 50011) {
        ctx.f.add(s.index, 50011, 'redirect-uri', observed, {
          why: [`this manifest does register '${sent}' (as '${match.registeredAs}' under ${PLATFORM_LABEL[match.platform]}), yet Entra refused it: the request's client_id (${s.clientId ?? ctx.args['appId'] ?? '?'}) may be another app than the manifest's (${app.appId}), or the manifest was edited after the error`],
          fix: ['compare the Application (client) ID the app sends with the manifest\'s appId, and download the manifest again'],
        });
      }
      return;
    }
    const closest = closestRegistered(app, sent);
    const why = [`'${sent}' is not registered on '${app.displayName}' (${app.appId})`];
    const fix: string[] = [];
    const platform = closest?.platform ?? likelyPlatform(ctx);
    if (closest) {
      why.push(`the closest registered URI is '${closest.uri}' (${PLATFORM_LABEL[closest.platform]}); it differs in ${closest.differences.join('; ')}`);
      fix.push(`either add '${sent}' exactly under Authentication → ${PLATFORM_LABEL[platform]} → Redirect URIs`);
      fix.push(`or make the app send '${closest.uri}' (MSAL: the redirectUri setting; ASP.NET: CallbackPath; behind a proxy, the scheme and host the app believes it has)`);
    } else {
      why.push('the manifest registers no redirect URIs at all');
      fix.push(`Authentication → Add a platform → ${PLATFORM_LABEL[platform]} → add '${sent}'`);
    }
    ctx.f.add(s.index, 50011, 'redirect-uri', observed, { why, fix });
    return;
  }
  if (observed === 50011) {
    const platform = likelyPlatform(ctx);
    ctx.f.add(s.index, 50011, 'redirect-uri', observed, {
      why: [`Entra has no redirect URI '${sent}' on app ${ctx.args['appId'] ?? s.clientId ?? '(unknown)'}; matching is exact (scheme, host, path case, trailing slash), only http://localhost / 127.0.0.1 ignore the port`, 'pass --manifest to see the closest registered URI and what differs'],
      fix: [`add '${sent}' exactly under App registrations → <app> → Authentication → ${PLATFORM_LABEL[platform]} → Redirect URIs${platform === 'web' ? ' (Web: a server-side app with a secret; Single-page application for MSAL.js in a browser; Mobile and desktop applications for native apps)' : ''}`],
    });
  }
}

/** Redirect URIs that are placeholders, never an address to register [O: SDK defaults, templates]. */
const PLACEHOLDER_REDIRECT = /^https?:\/\/replyurlnotset\/?$|[{}<>]|your[_-]?(redirect|reply)|^(undefined|null|string|none)$|^https?:\/\/(undefined|null)(\/|$)/i;

/** The platform the client looks like: a browser (Origin, MSAL.js browser), a server (secret), a native app. */
function likelyPlatform(ctx: Ctx): Platform {
  const { s } = ctx;
  const lib = (s.library ?? '').toLowerCase();
  if (s.origin || lib.includes('browser') || lib.includes('msal.js.browser')) return 'spa';
  if (s.credentials && s.credentials.kind !== 'none') return 'web';
  if (looksNative(s)) return 'publicClient';
  if (ctx.x.request && paramsOf(ctx.x.request)['response_mode'] === 'form_post') return 'web';
  if (/(msal\.(dotnet|python|java|go|objc|android|ios))|msal\.js\.node/.test(lib) && (!s.credentials || s.credentials.kind === 'none')) return 'publicClient';
  return 'web';
}

export function checkSeveralPlatforms(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  if (!manifest) return;
  const code = observed !== null && CLIENT_TYPE_CODES.has(observed) && observed !== 50011 ? observed : null;
  const perPlatform = verdictsPerPlatform(ctx);
  if (perPlatform.length > 1 && new Set(perPlatform.map((p) => p.platform)).size > 1) {
    const list = perPlatform.map((p) => `as ${PLATFORM_LABEL[p.platform]} ('${p.uri}') → ${outcomeOf(p.verdict)}`);
    ctx.f.add(s.index, code, 'redirect-uri-on-several-platforms', observed, {
      title: 'Redirect URI registered under more than one platform',
      why: [
        `'${s.redirectUri}' matches registrations under ${perPlatform.length} platforms${perPlatform.some((p) => p.uri !== s.redirectUri) ? ' (http loopback URIs match whatever their port)' : ''}; Entra then picks one arbitrarily: ${list.join('; ')}`,
      ],
      fix: [platformCleanup(perPlatform.map((p) => ({ uri: p.uri, platform: p.platform })), s.origin !== null)],
    });
    return;
  }
  if (s.redirectUri || code === null) return;
  // No request to go by (a pasted error): report every ambiguous registration.
  for (const group of urisOnSeveralPlatforms(manifest.read.app)) {
    ctx.f.add(s.index, code, 'redirect-uri-on-several-platforms', observed, {
      why: [`the manifest registers ${group.map((g) => `'${g.uri}' under ${PLATFORM_LABEL[g.platform]}`).join(' and ')}; a request with that URI gets whichever platform Entra picks`],
      fix: [platformCleanup(group, false)],
    });
  }
}

function platformCleanup(group: Array<{ uri: string; platform: Platform }>, browser: boolean): string {
  const keep: Platform = browser && group.some((g) => g.platform === 'spa') ? 'spa' : group.some((g) => g.platform === 'web') ? 'web' : group[0].platform;
  const remove = group.filter((g) => g.platform !== keep).map((g) => `Authentication → ${PLATFORM_LABEL[g.platform]} → delete '${g.uri}'`);
  return `keep the URI under one platform only — the one the app is (${PLATFORM_LABEL[keep]} here${browser ? ', since a browser sent the request' : ''}): ${remove.join('; ')}`;
}

// ───────────────────────── 54005: a code redeemed twice ─────────────────────────

export function checkCodeReuse(ctx: Ctx): void {
  const { s, x, observed } = ctx;
  const code = x.request && s.grantKind === 'authorization_code' ? paramsOf(x.request)['code'] : undefined;
  const earlier: number[] = [];
  if (code) {
    ctx.exchanges.forEach((other, i) => {
      if (i + 1 >= s.index || !other.request) return;
      const p = paramsOf(other.request);
      if (p['grant_type'] === 'authorization_code' && p['code'] === code) earlier.push(i + 1);
    });
  }
  if (earlier.length === 0 && observed !== 54005) return;
  const why: string[] = [];
  if (earlier.length > 0) {
    const first = ctx.summaries[earlier[0] - 1];
    why.push(`request ${s.index} redeems the same authorization code (fingerprint ${fingerprint(code!)}) as request ${earlier.join(', ')}`);
    if (first.response?.status) why.push(`the first redemption (request ${earlier[0]}) got HTTP ${first.response.status}${first.response.tokens.length > 0 ? ` with ${first.response.tokens.join(', ')}` : ''}: a code works exactly once`);
  } else {
    why.push(`this input shows only one redemption of this code${code ? ` (fingerprint ${fingerprint(code)})` : ''}: the earlier one happened elsewhere — a second middleware or library handling the same callback, a retry after a timeout, a reload of the redirect page, or the back button`);
  }
  ctx.f.add(s.index, 54005, 'code-reused', observed, {
    why,
    fix: [
      'redeem each code once and keep what it returned (the refresh token renews access); if two components handle the callback (e.g. MSAL and an OpenID Connect middleware), let only one redeem the code',
      'on a reload of the redirect page, start a new sign-in instead of redeeming the old code again',
    ],
  });
}

// ───────────────────────── 700016: app not in the tenant ─────────────────────────

export function checkAppInTenant(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  const app = manifest?.read.app;
  // The client_id sent: the request's, else the one Entra names in its message.
  const sentId = s.clientId ?? ctx.args['appId'] ?? null;
  const objectIdSent = app && sentId && sentId.toLowerCase() === app.id.toLowerCase() && app.id.toLowerCase() !== app.appId;
  if (observed !== 700016 && !objectIdSent) return;
  const appId = ctx.args['appId'] ?? s.clientId;
  const tenant = s.endpoint?.tenant ?? null;
  const why: string[] = [];
  const fix: string[] = [];
  if (appId || ctx.args['tenant'] || tenant) why.push(`Entra looked for application ${appId ?? '(client_id)'} in ${ctx.args['tenant'] ? `directory '${ctx.args['tenant']}'` : `tenant '${tenant}'`}${tenant && ctx.args['tenant'] && tenant.toLowerCase() !== ctx.args['tenant'].toLowerCase() ? ` (the URL named '${tenant}')` : ''} and did not find it`);
  if (appId && tenant && appId.toLowerCase() === tenant.toLowerCase()) {
    why.push('the client_id is the same GUID as the tenant in the URL: one of them is the wrong ID');
  }
  if (app) {
    if (objectIdSent) {
      why.push(`the client_id sent is the manifest's Object ID (id), not its Application (client) ID (appId ${app.appId})`);
      fix.push(`send client_id=${app.appId}: the Application (client) ID from App registrations → '${app.displayName}' → Overview (not the Object ID)`);
    } else if (sentId && sentId.toLowerCase() !== app.appId) {
      why.push(`the manifest is app ${app.appId} (${app.displayName}); the client_id sent, ${sentId}, is a different app`);
      fix.push(`if '${app.displayName}' is the app you mean, send client_id=${app.appId}`);
    }
    const home = manifest!.publisherDomain;
    const kind = s.endpoint?.tenantKind ?? null;
    if (tenant && kind === 'alias') {
      if (app.signInAudience === 'AzureADMyOrg') {
        why.push(`the request used /${tenant}, and the app is single-tenant (signInAudience AzureADMyOrg): Entra resolved the signing-in user's home tenant, where this app does not exist`);
        fix.push(`use the tenant-specific authority https://login.microsoftonline.com/${home ?? '<Directory (tenant) ID>'}, or make the app multi-tenant (Authentication → Supported account types → Accounts in any organizational directory)`);
      }
    } else if (tenant && kind === 'domain' && home && tenant.toLowerCase() !== home.toLowerCase()) {
      why.push(`the request went to tenant '${tenant}', but the app's publisher domain is '${home}' — it is registered in that tenant`);
      fix.push(`use the app's own tenant in the authority: https://login.microsoftonline.com/${home} (or its Directory (tenant) ID from the app's Overview page)`);
      if (app.signInAudience !== 'AzureADMyOrg') fix.push(`or, to use this multi-tenant app in '${tenant}', have an administrator of '${tenant}' consent to it there first (that creates its service principal)`);
      else fix.push(`the app is single-tenant: to use it in '${tenant}' as well, set Authentication → Supported account types → Accounts in any organizational directory, then have an administrator of '${tenant}' consent to it`);
    } else if (tenant && kind === 'guid' && home) {
      why.push(`the request went to tenant ${tenant}; the manifest does not record its tenant ID, only its publisher domain '${home}'`);
      fix.push(`check that ${tenant} is the Directory (tenant) ID on the app's Overview page, or use https://login.microsoftonline.com/${home}`);
    }
  } else if (tenant && s.endpoint?.tenantKind === 'alias') {
    why.push(`the request used /${tenant}: if the app is single-tenant, Entra looks for it in the user's home tenant, where it does not exist`);
  }
  fix.push(`copy the Application (client) ID and the Directory (tenant) ID from the same page: App registrations → <app> → Overview${app ? '' : ' (pass --manifest to compare with the registration)'}`);
  ctx.f.add(s.index, 700016, 'app-not-in-tenant', observed, { why, fix });
}

// ───────────────────────── 90002: tenant not found ─────────────────────────

const PLACEHOLDER = /[{}<>$]|tenant[_ -]?(id|name)|your[_ -]?tenant|enter[_ ]the|^tenant$|^undefined$|^null$|^directory[_ -]?id$/i;
const CONSUMER_DOMAINS = new Set(['gmail.com', 'outlook.com', 'hotmail.com', 'live.com', 'yahoo.com', 'icloud.com', 'msn.com']);

export function checkTenant(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  const tenant = ctx.args['tenant'] ?? s.endpoint?.tenant ?? null;
  const kind = s.endpoint?.tenantKind ?? null;
  const suspicious = tenant !== null && (kind === 'invalid' || PLACEHOLDER.test(tenant));
  if (observed !== 90002 && observed !== 900023 && !suspicious) return;
  if (tenant === null) return;
  const code = observed === 900023 || (observed === null && kind === 'invalid') ? 900023 : 90002;
  const why: string[] = [`the tenant segment of the URL is '${tenant}'`];
  const t = tenant.trim().toLowerCase();
  if (PLACEHOLDER.test(tenant)) why.push('it looks like a placeholder left in the configuration, not a real tenant ID or domain');
  else if (/^[{(]?[0-9a-z-]{28,40}[})]?$/i.test(t) && t.includes('-') && !isGuid(t)) {
    const groups = t.replace(/[{}()]/g, '').split('-').map((g) => g.length);
    why.push(`it is not a well-formed GUID (8-4-4-4-12 hexadecimal digits): its groups have ${groups.join('-')} characters${/[g-z]/.test(t) ? ' and it contains letters beyond a–f' : ''} — a typo or a truncated copy`);
  }
  if (isGuid(t) && manifest) {
    const app = manifest.read.app;
    if (t === app.appId) why.push("it is the app's Application (client) ID, not the Directory (tenant) ID");
    else if (t === app.id.toLowerCase()) why.push("it is the app's Object ID, not the Directory (tenant) ID");
  }
  if (!isGuid(t) && t.includes('.')) {
    const labels = t.split('.');
    const suffix = labels.slice(1).join('.');
    if (suffix !== 'onmicrosoft.com' && distance(suffix, 'onmicrosoft.com') <= 3) why.push(`'${suffix}' looks like a misspelling of 'onmicrosoft.com': did you mean '${labels[0]}.onmicrosoft.com'?`);
    const home = manifest?.publisherDomain?.toLowerCase();
    if (home && home !== t && distance(home, t) <= 4) why.push(`it is close to the app's publisher domain '${home}': did you mean '${home}'?`);
    if (CONSUMER_DOMAINS.has(t)) why.push(`'${t}' is a personal email domain, not a tenant; for personal Microsoft accounts use /consumers (or /common)`);
  }
  ctx.f.add(s.index, code, 'tenant-not-found', observed, {
    why,
    fix: [
      'use the Directory (tenant) ID from App registrations → <app> → Overview (or Microsoft Entra ID → Overview → Tenant ID), or a verified domain listed under Microsoft Entra ID → Custom domain names (e.g. contoso.onmicrosoft.com)',
      'check the cloud too: a tenant in Azure Government or Azure China is not found on login.microsoftonline.com',
    ],
  });
}

// ───────────────────────── 65001: consent ─────────────────────────

/** Delegated Microsoft Graph permissions by id, to read a manifest's requiredResourceAccess. */
const GRAPH_SCOPE_IDS: Record<string, string> = {
  'e1fe6dd8-ba31-4d61-89e7-88639da4683d': 'User.Read',
  '37f7f235-527c-4136-accd-4a02d197296e': 'openid',
  '14dad69e-099b-42c9-810b-d002981feec1': 'profile',
  '64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0': 'email',
  '7427e0e9-2fba-42fe-b0c0-848c9e6a8182': 'offline_access',
  '570282fd-fa5c-430d-a7fd-fc8dc98a9dca': 'Mail.Read',
  'e383f46e-2787-4529-855e-0e479a3ffac0': 'Mail.Send',
  '465a38f9-76ea-45b9-9f34-9e8b0d4b0b42': 'Calendars.Read',
  '10465720-29dd-4523-a11a-6a75c743c9d9': 'Files.Read',
  'b340eb25-3456-403f-be2f-af7a0d370277': 'User.ReadBasic.All',
};

export function checkConsent(ctx: Ctx): void {
  const { s, manifest, observed } = ctx;
  if (observed !== 65001) return;
  const why: string[] = [];
  const fix: string[] = [];
  const who = ctx.args['appName'] ? `'${ctx.args['appName']}' (${ctx.args['appId']})` : (s.clientId ?? 'the app');
  const requested = s.scope ? tokenizeScope(s.scope).filter((t) => !OIDC_SCOPES.has(t.toLowerCase())) : [];
  if (s.resource) requested.push(`${s.resource} (v1 resource: every permission configured for it)`);
  if (requested.length > 0) why.push(`neither the user nor an administrator has consented to ${who} using ${requested.join(', ')}`);
  else why.push(`neither the user nor an administrator has consented to ${who} using the permissions requested (the error body does not name them; they are the request's scope)`);
  if (s.grantKind && ['password', 'refresh_token', 'device_code', 'on_behalf_of', 'client_credentials'].includes(s.grantKind)) {
    why.push(`grant_type=${s.grantType} cannot show a consent prompt, so the consent must exist beforehand`);
  }
  if (manifest && requested.length > 0) {
    const app = manifest.read.app;
    const graph = new Set(app.requiredResourceAccess.filter((r) => r.resourceAppId === GRAPH_APP_ID).flatMap((r) => r.resourceAccess.filter((a) => a.type === 'Scope').map((a) => GRAPH_SCOPE_IDS[a.id] ?? a.id)));
    const own = new Set(app.api.oauth2PermissionScopes.map((p) => p.value));
    const missing: string[] = [];
    for (const token of s.scope ? tokenizeScope(s.scope) : []) {
      if (OIDC_SCOPES.has(token.toLowerCase())) continue;
      const { identifier, permission } = splitScope(token);
      if (sameResource(identifier, GRAPH_RESOURCE) || identifier.toLowerCase() === GRAPH_APP_ID) {
        if (permission === '.default') continue;
        if ([...graph].some((g) => g.toLowerCase() === permission.toLowerCase())) why.push(`Microsoft Graph ${permission} is configured under API permissions, but not consented`);
        else {
          why.push(`Microsoft Graph ${permission} is not configured under API permissions (requiredResourceAccess)`);
          missing.push(`Microsoft Graph → Delegated permissions → ${permission}`);
        }
      } else if (app.identifierUris.some((u) => sameResource(u, identifier)) || sameResource(identifier, `api://${app.appId}`)) {
        why.push(own.has(permission) ? `'${permission}' is a permission this app exposes itself (Expose an API)` : `'${permission}' is not among the permissions this app exposes (Expose an API): ${[...own].join(', ') || 'none'}`);
      } else {
        why.push(`'${token}' is a permission of another API (${identifier}); the manifest lists other APIs' permissions by id only, so check API permissions in the portal`);
      }
    }
    if (missing.length > 0) fix.push(`API permissions → Add a permission → ${missing.join('; ')} → Add permissions`);
  }
  fix.push(`API permissions → Grant admin consent for <tenant> (an administrator), or have the user sign in interactively once (/authorize with prompt=consent) so they consent`);
  if (s.grantKind === 'on_behalf_of') fix.push("for on-behalf-of: grant admin consent for the middle-tier API's downstream permissions, or list the client app in the API's knownClientApplications (manifest) so the user consents to both at sign-in");
  ctx.f.add(s.index, 65001, 'consent', observed, { why, fix });
}

// ───────────────────────── 50126: username or password ─────────────────────────

const KNOWN_PARAMS = new Set(['client_id', 'scope', 'grant_type', 'username', 'password', 'client_secret', 'client_info', 'response_type', 'resource', 'claims', 'client-request-id', 'x-client-sku', 'x-client-ver', 'x-client-os', 'x-client-cpu', 'x-app-name', 'x-app-ver', 'x-ms-lib-capability', 'x-client-current-telemetry', 'x-client-last-telemetry', 'x-anchormailbox']);

export function checkPassword(ctx: Ctx): void {
  const { s, x, observed } = ctx;
  if (observed !== 50126) return;
  const p = x.request ? paramsOf(x.request) : {};
  const why: string[] = [];
  const password = p['password'];
  if (s.username !== null) why.push(`Entra rejected the password sent for '${s.username}'${password !== undefined ? ` (${[...password].length} characters)` : ''}`);
  else why.push('Entra rejected the username and password');
  if (s.username !== null && !s.username.includes('@')) why.push(`'${s.username}' is not a user principal name; Entra expects user@domain (e.g. ${s.username}@contoso.onmicrosoft.com)`);
  if (password !== undefined && password !== password.trim()) why.push('the password begins or ends with whitespace, which the password flow does not support');
  const raw = x.request?.rawBody ?? null;
  if (raw) {
    const segs = raw.split('&');
    const i = segs.findIndex((seg) => seg.startsWith('password='));
    if (i >= 0) {
      if (segs[i].includes('+')) why.push("the body has a literal '+' in password; a form body reads '+' as a space, so Entra got a different password — send it as %2B");
      const next = segs[i + 1];
      if (next !== undefined && (!next.includes('=') || !KNOWN_PARAMS.has(next.slice(0, next.indexOf('=')).toLowerCase()))) {
        why.push("the parameter after password has an unexpected name: an unencoded '&' in the password probably split it in two — send it as %26");
      }
      if (/%(?![0-9a-fA-F]{2})/.test(segs[i])) why.push("the password has a '%' that is not a percent-escape; send it as %25");
    }
  }
  ctx.f.add(s.index, 50126, 'password', observed, {
    why,
    fix: [
      'check the user name and password (an administrator can reset it under Users → <user> → Reset password)',
      "form-encode the body: MSAL does; with curl use --data-urlencode 'password=…'",
      'accounts that need MFA, federated (AD FS) accounts and personal Microsoft accounts cannot use the password grant; they get other codes, but prefer an interactive or device-code sign-in anyway',
    ],
  });
}

// ───────────────────────── credentials where Entra does not read them ─────────────────────────

export function checkMisplacedCredential(ctx: Ctx): void {
  const { s, observed } = ctx;
  const misplaced = s.credentials?.misplaced ?? [];
  if (misplaced.length === 0) return;
  const code = observed === 7000218 || (observed === null && s.credentials?.kind === 'none') ? 7000218 : null;
  ctx.f.add(s.index, code, 'misplaced-credential', observed, {
    title: 'Credential sent where Entra does not read it',
    why: misplaced.map((m) => `the request carries ${m}`),
    fix: ['send client_secret in the application/x-www-form-urlencoded body (or as HTTP Basic: Authorization: Basic base64(client_id:secret))'],
  });
}

// ───────────────────────── two credential methods at once ─────────────────────────

export function checkSeveralMethods(ctx: Ctx): void {
  const { s, observed } = ctx;
  const methods = s.credentials?.methods ?? [];
  if (methods.length < 2) return;
  ctx.f.add(s.index, null, 'several-credentials', observed, {
    title: 'More than one client authentication method',
    why: [`the request authenticates with ${methods.join(' and ')}; a client uses one method per request (RFC 6749 §2.3)`],
    fix: ['send only one: client_secret in the body, HTTP Basic, or client_assertion'],
  });
}

// ───────────────────────── assertion time and audience (when Entra complained) ─────────────────────────

export function checkAssertion(ctx: Ctx): void {
  const { s, observed } = ctx;
  const a = s.credentials?.assertion;
  if (!a || a.kind === 'not-a-jwt' || (observed !== 700024 && observed !== 700023)) return;
  if (observed === 700024 && (a.expires || a.notBefore)) {
    ctx.f.add(s.index, 700024, 'assertion-time', observed, {
      why: [`the client_assertion is valid from ${a.notBefore ?? '(no nbf)'} to ${a.expires ?? '(no exp)'}; the request was made at ${ctx.at.toISOString()}`],
      fix: ["build a fresh assertion for each request (MSAL does), and check the clock of the machine that signs it"],
    });
  }
  if (observed === 700023 && a.audience && s.url) {
    ctx.f.add(s.index, 700023, 'assertion-audience', observed, {
      why: [`the client_assertion's aud is ${a.audience.join(', ')}; the request went to ${s.url}`],
      fix: [`set aud to the token endpoint the request goes to: ${s.url}`],
    });
  }
}

// ───────────────────────── any other code: the catalogue ─────────────────────────

export function catalogueFinding(ctx: Ctx): void {
  const { s, observed } = ctx;
  if (observed === null || ctx.f.has(s.index, observed)) return;
  const entry = lookupCode(observed);
  const message = s.response?.message;
  if (!entry) {
    ctx.f.add(s.index, observed, 'catalogue', observed, {
      title: `AADSTS${observed}`,
      why: [`Entra said: ${message ?? '(no message)'}`, `AADSTS${observed} is not in Entrada's catalogue`],
      fix: [`look it up at https://login.microsoftonline.com/error?code=${observed}`],
    });
    return;
  }
  // The catalogue also serves Entrada's own pages: keep only what applies to the real Entra.
  ctx.f.add(s.index, observed, 'catalogue', observed, {
    why: [entraOnly(entry.explanation.split('\n\n')[0]), ...entry.causes.map(entraOnly).filter((c) => c !== '').map((c) => `possible cause: ${c}`)],
    fix: [entraOnly(entry.fix) || `look it up at https://login.microsoftonline.com/error?code=${observed}`],
  });
}

// ───────────────────────── federated credentials (70021, 700211–700213) ─────────────────────────

export function checkFederated(ctx: Ctx): void {
  const { s, observed } = ctx;
  const a = s.credentials?.assertion;
  if (a?.kind !== 'federated' || observed === null || ![70021, 700211, 700212, 700213, 7002138].includes(observed)) return;
  const part = observed === 700211 ? 'Issuer' : observed === 700212 ? 'Audience' : observed === 700213 || observed === 7002138 ? 'Subject identifier' : 'Issuer, Subject identifier and Audience';
  ctx.f.add(s.index, observed, 'federated-credential', observed, {
    why: [
      `the client_assertion is a token from ${a.issuer ?? '(no iss)'} with subject '${a.subject ?? '(no sub)'}' and audience ${(a.audience ?? ['(no aud)']).join(', ')}`,
      `a federated credential on the app must match the ${part} exactly (case-sensitive)`,
    ],
    fix: [
      `Certificates & secrets → Federated credentials → Add credential (or edit the existing one) with Issuer '${a.issuer ?? '?'}', Subject identifier '${a.subject ?? '?'}', Audience '${(a.audience ?? ['api://AzureADTokenExchange'])[0]}'`,
    ],
  });
}
