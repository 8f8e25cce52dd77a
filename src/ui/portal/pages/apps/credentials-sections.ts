// The three parts of "Certificates & secrets", in the Azure portal's order: certificates, client
// secrets, federated credentials — each a table and the form that adds one. Rendering only; the
// routes (app-credentials.ts) decide what to show.

import type { Application, FederatedIdentityCredential, KeyCredential, PasswordCredential } from '../../../../core/model.js';
import { DEFAULT_FIC_AUDIENCE } from '../../../../core/policy/federated-credential.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, type Viewer } from '../../portal-kit.js';
import { appPath } from './app-blade.js';
import { CERTIFICATE_TEXT_MAX, hexThumbprint, SECRET_DESCRIPTION_MAX, SECRET_EXPIRY_CHOICES } from './credentials-input.js';

type Form = Record<string, string>;

/** Where each form posts; the page itself stays at …/credentials. */
export function credentialsAction(app: Application, what: 'secrets' | 'secrets/delete' | 'certificates' | 'certificates/delete' | 'federated' | 'federated/delete'): string {
  return `${appPath(app, 'credentials')}/${what}`;
}

/** A refusal of the page's own (not Graph's), above the form it concerns. */
export function problemNotice(message: string): Html {
  return html`<div class="notice error" role="alert"><p>${message}</p></div>`;
}

function day(instant: string): Html {
  return html`<time datetime="${instant}">${instant.slice(0, 10)}</time>`;
}

/** Validity in words beside the date, so it is not told by colour alone. */
function state(start: string, end: string, now: Date): Html {
  if (Date.parse(end) <= now.getTime()) return html` <span class="badge error">Expired</span>`;
  if (Date.parse(start) > now.getTime()) return html` <span class="badge">Not yet valid</span>`;
  return html``;
}

/** A row's delete button behind a disclosure: one more step, as the Azure portal asks "are you sure". */
function deleteControl(viewer: Viewer, action: string, field: string, value: string, what: string, consequence: string): Html {
  return html`<details><summary>Delete</summary><form method="post" action="${action}">${csrfInput(viewer)}<input type="hidden" name="${field}" value="${value}">
<p>${consequence}</p><button class="danger" type="submit">Delete ${what}</button></form></details>`;
}

/** The value of a secret just created: shown in this one response, never stored in plain text, never again. */
export function newSecretBox(secret: PasswordCredential & { secretText: string }, app: Application): Html {
  return html`<section class="notice ok" aria-labelledby="new-secret-heading" data-replace-url="${appPath(app, 'credentials')}">
<h2 id="new-secret-heading">New client secret${secret.displayName ? html` “${secret.displayName}”` : html``}: copy its value now</h2>
<p><strong>Copy the value now; it will not be shown again.</strong> Entrada keeps only a hash of it: after you leave or reload this page, only its first three characters remain visible.</p>
<dl class="facts">
<dt>Value</dt><dd><code class="secret" id="new-secret-value">${secret.secretText}</code> <button class="secondary" type="button" data-copy="new-secret-value" hidden>Copy value</button> <span id="new-secret-copied" role="status"></span></dd>
<dt>Secret ID</dt><dd><code>${secret.keyId}</code></dd>
<dt>Expires</dt><dd>${day(secret.endDateTime)}</dd>
</dl>
<p class="hint">Send the value as <code>client_secret</code> (MSAL's <code>clientSecret</code>), not the secret ID.</p>
</section>`;
}

export function certificatesSection(app: Application, viewer: Viewer, now: Date, form: Form, error: Html): Html {
  const row = (k: KeyCredential) => html`<tr>
<td><code>${hexThumbprint(k.thumbprintSha1)}</code><br><span class="muted">SHA-256 <code>${hexThumbprint(k.thumbprintSha256)}</code></span></td>
<td>${k.displayName ?? ''}</td>
<td>${day(k.startDateTime)}</td>
<td>${day(k.endDateTime)}${state(k.startDateTime, k.endDateTime, now)}</td>
<td><code>${k.keyId}</code></td>
<td>${deleteControl(viewer, credentialsAction(app, 'certificates/delete'), 'keyId', k.keyId, `certificate ${hexThumbprint(k.thumbprintSha1)}`, 'Client assertions signed with this certificate are refused from now on.')}</td>
</tr>`;
  return html`<h2 id="certificates">Certificates (${app.keyCredentials.length})</h2>
<p class="hint">A certificate proves the application's identity with a client assertion it signs with its private key; only the public certificate is uploaded here.</p>
${
  app.keyCredentials.length === 0
    ? html`<p class="muted">No certificates have been added for this application.</p>`
    : html`<div class="table-wrap" role="region" aria-label="Certificates" tabindex="0"><table><caption class="muted">Certificates of ${app.displayName}</caption>
<thead><tr><th scope="col">Thumbprint (SHA-1)</th><th scope="col">Description</th><th scope="col">Start date</th><th scope="col">Expires</th><th scope="col">Certificate ID</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
<tbody>${app.keyCredentials.map(row)}</tbody></table></div>`
}
<form method="post" action="${credentialsAction(app, 'certificates')}" class="card">${csrfInput(viewer)}
<h3>Upload certificate</h3>
${error}
<label for="certificate">Certificate (PEM or base64 DER: .cer, .pem, .crt)</label>
<p class="hint" id="certificate-hint">Paste the public certificate, "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----". Never a private key.</p>
<textarea id="certificate" name="certificate" rows="6" maxlength="${CERTIFICATE_TEXT_MAX}" aria-describedby="certificate-hint" spellcheck="false" required>${form['certificate'] ?? ''}</textarea>
<label for="certificate-description">Description</label>
<p class="hint" id="certificate-description-hint">Optional; the certificate's subject when empty.</p>
<input type="text" id="certificate-description" name="description" maxlength="${SECRET_DESCRIPTION_MAX}" aria-describedby="certificate-description-hint" value="${form['description'] ?? ''}">
<div class="actions"><button type="submit">Add certificate</button></div>
</form>`;
}

export function secretsSection(app: Application, viewer: Viewer, now: Date, form: Form, error: Html): Html {
  const expires = form['expires'] ?? '180';
  const row = (p: PasswordCredential) => html`<tr>
<td>${p.displayName ?? ''}</td>
<td>${day(p.endDateTime)}${state(p.startDateTime, p.endDateTime, now)}</td>
<td><code>${p.hint ?? ''}***</code></td>
<td><code>${p.keyId}</code></td>
<td>${deleteControl(viewer, credentialsAction(app, 'secrets/delete'), 'keyId', p.keyId, `secret ${p.displayName ?? p.keyId}`, 'Applications using this secret can no longer get tokens with it.')}</td>
</tr>`;
  return html`<h2 id="secrets">Client secrets (${app.passwordCredentials.length})</h2>
<p class="hint">A secret string the application uses to prove its identity when requesting a token (also called an application password).</p>
${
  app.passwordCredentials.length === 0
    ? html`<p class="muted">No client secrets have been created for this application.</p>`
    : html`<div class="table-wrap" role="region" aria-label="Client secrets" tabindex="0"><table><caption class="muted">Client secrets of ${app.displayName}</caption>
<thead><tr><th scope="col">Description</th><th scope="col">Expires</th><th scope="col">Value</th><th scope="col">Secret ID</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
<tbody>${app.passwordCredentials.map(row)}</tbody></table></div>`
}
<form method="post" action="${credentialsAction(app, 'secrets')}" class="card">${csrfInput(viewer)}
<h3>New client secret</h3>
${error}
<label for="secret-description">Description</label>
<input type="text" id="secret-description" name="description" maxlength="${SECRET_DESCRIPTION_MAX}" value="${form['description'] ?? ''}">
<label for="secret-expires">Expires</label>
<select id="secret-expires" name="expires">${SECRET_EXPIRY_CHOICES.map(([value, label]) => html`<option value="${value}"${value === expires ? html` selected` : html``}>${label}</option>`)}</select>
<fieldset><legend>Custom expiry (when Expires is Custom)</legend>
<label for="secret-start">Start</label>
<input type="date" id="secret-start" name="start" value="${form['start'] ?? ''}" aria-describedby="secret-start-hint">
<p class="hint" id="secret-start-hint">Empty: now. Dates are in UTC.</p>
<label for="secret-end">End</label>
<input type="date" id="secret-end" name="end" value="${form['end'] ?? ''}">
</fieldset>
<div class="actions"><button type="submit">Add client secret</button></div>
</form>`;
}

export function federatedSection(app: Application, viewer: Viewer, form: Form, error: Html): Html {
  const fics = app.federatedIdentityCredentials ?? [];
  const row = (f: FederatedIdentityCredential) => html`<tr>
<td>${f.name}</td>
<td><code>${f.issuer}</code></td>
<td><code>${f.subject}</code></td>
<td>${f.audiences.join(', ')}</td>
<td>${f.description ?? ''}</td>
<td>${deleteControl(viewer, credentialsAction(app, 'federated/delete'), 'id', f.id, `federated credential ${f.name}`, 'Tokens of this issuer and subject no longer authenticate the application.')}</td>
</tr>`;
  const field = (name: string, label: string, hint: string, value: string, max: number, required = true) =>
    html`<label for="fic-${name}">${label}</label><p class="hint" id="fic-${name}-hint">${hint}</p>
<input type="text" id="fic-${name}" name="${name}" maxlength="${max}" aria-describedby="fic-${name}-hint" spellcheck="false" value="${value}"${required ? html` required` : html``}>`;
  return html`<h2 id="federated">Federated credentials (${fics.length})</h2>
<p class="hint">Let other identity providers (GitHub Actions, Kubernetes, another cloud) authenticate as this application with their tokens, without a secret: the token's issuer, subject and audience must match a credential exactly.</p>
${
  fics.length === 0
    ? html`<p class="muted">No federated credentials have been added for this application.</p>`
    : html`<div class="table-wrap" role="region" aria-label="Federated credentials" tabindex="0"><table><caption class="muted">Federated credentials of ${app.displayName}</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Issuer</th><th scope="col">Subject identifier</th><th scope="col">Audience</th><th scope="col">Description</th><th scope="col"><span class="muted">Actions</span></th></tr></thead>
<tbody>${fics.map(row)}</tbody></table></div>`
}
<form method="post" action="${credentialsAction(app, 'federated')}" class="card">${csrfInput(viewer)}
<h3>Add a federated credential</h3>
${error}
${field('issuer', 'Issuer', 'The external token’s iss, exactly, e.g. https://token.actions.githubusercontent.com.', form['issuer'] ?? '', 600)}
${field('subject', 'Subject identifier', 'The external token’s sub, exactly and case-sensitively, e.g. repo:contoso/app:ref:refs/heads/main.', form['subject'] ?? '', 600)}
${field('name', 'Name', '3 to 120 letters, digits, - and _; cannot be changed later.', form['name'] ?? '', 120)}
${field('description', 'Description', 'Optional.', form['description'] ?? '', 600, false)}
${field('audience', 'Audience', `The external token’s aud; ${DEFAULT_FIC_AUDIENCE} unless the issuer cannot send it.`, form['audience'] ?? DEFAULT_FIC_AUDIENCE, 600)}
<div class="actions"><button type="submit">Add federated credential</button></div>
</form>`;
}
