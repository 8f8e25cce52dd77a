// Pieces both log pages and the entry page render: a UTC time, the "log is off" page, a status
// badge that says its status in words (never colour alone).

import { html, type Html } from '../../../../http/kit/html.js';
import type { PortalPage } from '../../portal-kit.js';

/** An instant as `2026-11-26 10:00:01 UTC`, in a <time> element carrying the exact instant. */
export function utcTime(instant: string): Html {
  const text = instant.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
  return html`<time datetime="${instant}">${text}</time>`;
}

export function statusBadge(ok: boolean, words: string): Html {
  return html`<span class="badge ${ok ? 'ok' : 'error'}">${words}</span>`;
}

/**
 * Without a sign-in log (ENTRADA_SIGNIN_LOG_DAYS=0), there is nothing to list: say so and how to
 * turn it on (config/config.ts: the default keeps 7 days).
 */
export function signInLogOffPage(): PortalPage {
  return {
    title: 'Sign-in logs',
    nav: 'signins',
    main: html`<h1>Sign-in logs</h1>
<div class="notice warn" role="status"><p>The sign-in log is off in this Entrada, so no sign-ins are recorded.</p></div>
<p>Entrada keeps the log when <code>ENTRADA_SIGNIN_LOG_DAYS</code> is more than 0 (the default is 7 days). Start Entrada with it set, for example <code>ENTRADA_SIGNIN_LOG_DAYS=7 entrada start</code>; <code>ENTRADA_SIGNIN_LOG_MAX_ROWS</code> caps how many entries it keeps.</p>`,
  };
}

