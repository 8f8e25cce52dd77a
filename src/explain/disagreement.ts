// When the real Entra's answer is not what Entrada's model of its client-type rules predicts for
// the request (and registration) shown. Entra's order of checks is not documented, and real
// answers have differed from the model [O: issue 13 — 7000218 where the model predicts 9002326,
// 700025 for client credentials on an app with "Allow public client flows: Yes"]. The finding
// says so plainly, then names the setting in the inputs most likely behind the code Entra gave —
// the one that code is about — and its fix. A proxy is named only with evidence: Entra's message
// quoting an Origin the captured request does not carry.

import type { Platform } from '../core/model.js';
import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import { matchRedirectUri } from '../core/policy/redirect-uri.js';
import { publicFlowsProperty } from './advice.js';
import { looksBrowser, looksNative } from './client-kind.js';
import type { Ctx } from './findings.js';
import { moveUri, PORTAL } from './portal.js';

export function modelDiffers(ctx: Ctx, predicted: string): void {
  const { s, observed, manifest } = ctx;
  if (observed === null) return;
  const why = [
    `Entra answered AADSTS${observed}, which differs from what Entrada's model of Entra's client-type rules predicts for this request${manifest ? ' and manifest' : ''} (${predicted}); Entra's order of checks is not documented, so the setting that AADSTS${observed} is about is the most likely cause`,
  ];
  const quoted = ctx.args['origin'];
  if (observed === 9002326 && quoted && s.origin === null && ctx.x.request) {
    why.push(`Entra's message names the origin '${quoted}', but the captured request has no Origin header: something between the capture and Entra (a proxy, a gateway, the browser) added it`);
  }
  const { setting, fix } = responsible(ctx, observed);
  if (setting) why.push(setting);
  ctx.f.add(s.index, observed, 'model-differs', observed, { why, fix });
}

function responsible(ctx: Ctx, code: number): { setting: string | null; fix: string[] } {
  const { s, manifest } = ctx;
  const app = manifest?.read.app ?? null;
  const match = app && s.redirectUri ? matchRedirectUri(app, s.redirectUri) : null;
  const registered = match?.kind === 'registered' ? match : null;
  const under = (p: Platform) => `redirect URI '${registered?.registeredAs ?? s.redirectUri}' is registered under ${PLATFORM_LABEL[p]}`;
  const flows = app?.isFallbackPublicClient === true ? 'Yes' : 'No';
  const flowsSetting = `"Allow public client flows" is ${flows} (manifest ${publicFlowsProperty(manifest?.read.format ?? null, flows === 'Yes')})`;
  const grant = s.grantKind === 'client_credentials' ? 'client credentials (grant_type=client_credentials)' : s.grantType ? `grant_type=${s.grantType}` : 'this request';
  switch (code) {
    case 7000218: {
      // Entra treated the app as confidential and found no secret or assertion.
      if (s.credentials && s.credentials.kind !== 'none') {
        return {
          setting: `the captured request carries ${s.credentials.description}, yet Entra says it received none: Entra reads a secret only from an application/x-www-form-urlencoded body or an HTTP Basic header, so the request the app really sends differs from this one (another content type, an empty value at run time, another code path)`,
          fix: ['log or capture the request the app sends at run time, and check that client_secret (or client_assertion) is in its form body, non-empty'],
        };
      }
      if (registered?.platform === 'web' || (!registered && s.grantKind === 'authorization_code')) {
        const setting = registered ? `the ${under('web')}, which makes the app a confidential client that must send a client secret or certificate` : 'the redirect URI is most likely registered under Web, which makes the app a confidential client that must send a client secret or certificate';
        const from = registered?.registeredAs ?? s.redirectUri ?? '<redirect URI>';
        if (looksBrowser(s)) return { setting, fix: [`this is a browser app: ${moveUri(ctx, from, 'web', 'spa')}`] };
        if (looksNative(s)) return { setting, fix: [`this is a desktop/mobile app: ${moveUri(ctx, from, 'web', 'publicClient')}`] };
        return { setting, fix: [`if it is a server-side app: ${PORTAL.newSecret}, and send its Value as client_secret`, `if it cannot keep a secret: ${moveUri(ctx, from, 'web', 'publicClient')}`] };
      }
      const setting = app ? `${flowsSetting}, so Entra treats ${grant} as coming from a confidential client` : `for ${grant}, "Allow public client flows" is most likely No, so Entra treats the app as a confidential client`;
      return { setting, fix: [`if the app cannot keep a secret: ${PORTAL.publicFlows} → Yes`, `otherwise: ${PORTAL.newSecret}, and send its Value as client_secret`] };
    }
    case 700025: {
      // Entra treated the app as public and refused the secret or assertion it sent.
      if (registered && registered.platform !== 'web') {
        return {
          setting: `the ${under(registered.platform)}, which makes the app a public client that must not send a secret`,
          fix: [`if this is a server-side app that owns the secret: ${moveUri(ctx, registered.registeredAs, registered.platform, 'web')}`, 'if it is a desktop, mobile or browser app: stop sending client_secret / client_assertion'],
        };
      }
      if (!app || app.isFallbackPublicClient === true) {
        return {
          setting: app
            ? `${flowsSetting}: Entra treats the app as a public client even for ${grant}, and a public client must not send a secret`
            : `the app most likely has "Allow public client flows" set to Yes (${publicFlowsProperty(null, true)}): Entra then treats it as a public client even for ${grant}`,
          fix: [`an app that holds a secret or certificate is a confidential client: ${PORTAL.publicFlows} → No`, 'if a desktop/CLI part of the app needs public flows, give it an app registration of its own'],
        };
      }
      return { setting: null, fix: ['stop sending client_secret / client_assertion if this is a desktop, mobile or browser app; otherwise check the registration Entra used (download the manifest again)'] };
    }
    case 9002326: {
      const from = registered?.registeredAs ?? s.redirectUri;
      if (from && registered?.platform !== 'spa') {
        return {
          setting: registered ? `the ${under(registered.platform)}, not Single-page application, while a browser (Origin header) redeemed the code` : 'a browser (Origin header) called the token endpoint for a redirect URI that is not registered under Single-page application',
          fix: [`if this is a browser app: ${moveUri(ctx, from, registered?.platform ?? 'web', 'spa')}`, 'if a server redeems the code: call the token endpoint from the server, without an Origin header'],
        };
      }
      return { setting: null, fix: [`${grant} cannot be used from a browser: make this call from server-side code`] };
    }
    case 9002327:
      return {
        setting: registered?.platform === 'spa' ? `the ${under('spa')}, so its codes and refresh tokens may only be redeemed by a browser (with an Origin header)` : 'the code or refresh token was issued for a Single-page application redirect URI',
        fix: [
          `if a server redeems it: ${moveUri(ctx, registered?.registeredAs ?? s.redirectUri ?? '<redirect URI>', 'spa', 'web')}, and send a client secret`,
          'if it is a real single-page app: let the browser redeem it (MSAL.js does), so the Origin header is sent',
        ],
      };
    case 9002325:
      return {
        setting: 'a Single-page application redirect URI requires PKCE for the code',
        fix: ['send code_verifier: the random verifier whose S256 hash was the code_challenge at /authorize (add code_challenge and code_challenge_method=S256 to /authorize if they are missing)'],
      };
    case 50011:
      return {
        setting: `the redirect URI sent${s.redirectUri ? ` ('${s.redirectUri}')` : ''} is not registered on the app exactly as sent, for the platform this request needs`,
        fix: [
          'App registrations → your app → Authentication: register the redirect URI exactly as the app sends it (scheme, host, port, path and trailing slash), under the platform of the app that redeems it',
          'behind a reverse proxy or gateway, make the app build its redirect URI from the public host and scheme (forwarded headers), not the internal ones',
        ],
      };
    default:
      // Never an empty fix (issue 13): the registration pages that hold every client-type setting.
      return {
        setting: null,
        fix: ['App registrations → your app → Authentication: compare its platforms, redirect URIs and "Allow public client flows" with the request shown above'],
      };
  }
}
