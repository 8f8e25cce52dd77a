// Manifest: the app registration as JSON, in both of the Azure portal's formats (Microsoft Graph's
// application, and the older AAD Graph manifest), to read, edit and save, download, or replace with
// an uploaded file. Saving reads the text as `entrada import` does (either format, whatever tab
// is open) and applies it to this app with Graph's PATCH (manifest-input.ts), so the directory
// checks it as it checks any Graph change. Secrets are metadata in a manifest: never set from it.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../../core/model.js';
import { updateApplication } from '../../../../directory/applications.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, errorNotice, noticeFor, portalGet, portalPost, queryValue, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { MANIFEST_FORMATS, MANIFEST_TEXT_MAX, manifestDisposition, manifestFormat, manifestPatch, manifestText, type ManifestFormat } from './manifest-input.js';
import { MANIFEST_SCRIPT } from './manifest-script.js';

const NOTICES = {
  saved: 'Saved. The registration now has the values of the manifest.',
  'saved-secrets': 'Saved. The manifest’s passwordCredentials differ from the app’s client secrets: secrets are not set from a manifest, so the app kept its own (manage them under Certificates & secrets).',
};

export function registerAppManifest(app: FastifyInstance, options: PortalOptions): void {
  portalGet(app, options, '/portal/apps/:id/manifest', async ({ viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const format = manifestFormat(queryValue(query, 'format'));
    return page(registration, viewer, format, manifestText(registration, format), noticeFor(query, NOTICES));
  });

  portalGet(app, options, '/portal/apps/:id/manifest/download', async ({ reply, viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    return reply
      .code(200)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', manifestDisposition(registration))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(manifestText(registration, manifestFormat(queryValue(query, 'format'))));
  });

  portalPost(app, options, '/portal/apps/:id/manifest', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const format = manifestFormat(form['format']);
    const text = form['manifest'] ?? '';
    const save = manifestPatch(text, registration);
    if (!save.ok) return { ...page(registration, viewer, format, text, readErrors(save.errors)), status: 400 };
    try {
      await updateApplication(options.service, viewer.actor, { id: registration.id }, save.body);
    } catch (err) {
      return { ...page(registration, viewer, format, text, errorNotice(err)), status: 400 };
    }
    return seeOther(reply, `${appPath(registration, 'manifest')}?format=${save.format}`, save.secretsDiffer ? 'saved-secrets' : 'saved');
  });
}

function readErrors(errors: string[]): Html {
  return html`<div class="notice error" role="alert"><p>The manifest was not saved:</p><ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`;
}

function page(registration: Application, viewer: Viewer, format: ManifestFormat, text: string, notice: Html = html``): PortalPage {
  const base = appPath(registration, 'manifest');
  return {
    title: bladeTitle(registration, 'manifest'),
    nav: 'apps',
    script: MANIFEST_SCRIPT,
    main: bladeFrame(
      registration,
      'manifest',
      html`${notice}
<p>The manifest is the app registration's definition as JSON. Edit it here and save, or upload a manifest file; either format may be saved from either view. Client secrets appear as metadata only (their values are never in a manifest) and are not set from one.</p>
<nav aria-label="Manifest format"><ul class="tabs">${MANIFEST_FORMATS.map(
        ([f, label]) => html`<li><a href="${base}?format=${f}"${f === format ? html` aria-current="page"` : html``}>${label}</a></li>`,
      )}</ul></nav>
<form method="post" action="${base}" id="manifest-form">${csrfInput(viewer)}<input type="hidden" name="format" value="${format}">
<div class="actions"><button type="submit">Save</button><a class="button secondary" href="${base}/download?format=${format}" download>Download</a><a href="${base}?format=${format}">Discard changes</a></div>
<div id="manifest-upload" hidden>
<label for="manifest-file">Upload a manifest file (.json)</label>
<p class="hint" id="manifest-file-hint">Its text replaces the editor's; nothing is saved until you select Save.</p>
<input type="file" id="manifest-file" accept=".json,application/json" aria-describedby="manifest-file-hint">
<p id="manifest-upload-status" class="hint" role="status"></p>
</div>
<label for="manifest">${MANIFEST_FORMATS.find(([f]) => f === format)?.[1] ?? ''}</label>
<textarea id="manifest" name="manifest" class="manifest" rows="28" maxlength="${MANIFEST_TEXT_MAX}" spellcheck="false" autocomplete="off">${text}</textarea>
</form>`,
    ),
  };
}
