// Certificates & secrets: an app registration's certificates (keyCredentials), client secrets
// (passwordCredentials) and federated credentials, as the Azure portal's blade lists and adds
// them. Every change is one of Graph's operations on the directory: addPassword / removePassword
// for secrets, a PATCH of the whole keyCredentials collection for certificates (as the portal and
// az make it; addKey needs a proof signed by an existing certificate), and the
// federatedIdentityCredentials collection.
//
// A new secret's value is shown once, in the answer to the POST that created it (no redirect, so
// it is in no URL and no later page; `cache-control: no-store`). Entrada keeps only its hash.

import type { FastifyInstance } from 'fastify';
import type { Application } from '../../../../core/model.js';
import { addPassword, removePassword, updateApplication, writeFederatedCredential } from '../../../../directory/applications.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { errorNotice, noticeFor, portalGet, portalPost, seeOther, type PortalOptions, type PortalPage, type Viewer } from '../../portal-kit.js';
import { appPath, bladeFrame, bladeTitle, loadApp } from './app-blade.js';
import { keyCredentialsWith, keyCredentialsWithout, readPastedCertificate, SECRET_DESCRIPTION_MAX, secretRequest } from './credentials-input.js';
import { CREDENTIALS_SCRIPT } from './credentials-script.js';
import { certificatesSection, federatedSection, newSecretBox, problemNotice, secretsSection } from './credentials-sections.js';

type Form = Record<string, string>;

/** What one rendering of the page holds besides the stored app: a form typed back with its error, or a new secret. */
interface PageState {
  notice?: Html;
  newSecret?: Parameters<typeof newSecretBox>[0];
  secret?: { form: Form; error: Html };
  certificate?: { form: Form; error: Html };
  federated?: { form: Form; error: Html };
}

const NOTICES = {
  'secret-deleted': 'The client secret was deleted.',
  'certificate-added': 'The certificate was added.',
  'certificate-deleted': 'The certificate was deleted.',
  'federated-added': 'The federated credential was added.',
  'federated-deleted': 'The federated credential was deleted.',
};

export function registerAppCredentials(app: FastifyInstance, options: PortalOptions): void {
  const now = () => options.clock.now();
  const path = (registration: Application) => appPath(registration, 'credentials');

  portalGet(app, options, '/portal/apps/:id/credentials', async ({ viewer, params, query }) => {
    const registration = await loadApp(options, viewer, params['id']);
    return page(registration, viewer, now(), { notice: noticeFor(query, NOTICES) });
  });

  portalPost(app, options, '/portal/apps/:id/credentials/secrets', async ({ viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const request = secretRequest(form, now());
    if (!request.ok) return { ...page(registration, viewer, now(), { secret: { form, error: problemNotice(request.message) } }), status: 400 };
    try {
      const created = await addPassword(options.service, viewer.actor, { id: registration.id }, request.value);
      // The page itself, with the value: the one time it exists outside the caller's hands.
      return page(await loadApp(options, viewer, registration.id), viewer, now(), { newSecret: created });
    } catch (err) {
      return { ...page(registration, viewer, now(), { secret: { form, error: errorNotice(err) } }), status: 400 };
    }
  });

  portalPost(app, options, '/portal/apps/:id/credentials/secrets/delete', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    await removePassword(options.service, viewer.actor, { id: registration.id }, { keyId: form['keyId'] ?? '' });
    return seeOther(reply, path(registration), 'secret-deleted');
  });

  portalPost(app, options, '/portal/apps/:id/credentials/certificates', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const description = (form['description'] ?? '').trim().slice(0, SECRET_DESCRIPTION_MAX);
    const pasted = readPastedCertificate(form['certificate'] ?? '', now());
    if (!pasted.ok) {
      // A pasted private key is not written back into the page.
      const typed = /PRIVATE KEY-----/.test(form['certificate'] ?? '') ? { description } : { ...form, description };
      return { ...page(registration, viewer, now(), { certificate: { form: typed, error: problemNotice(pasted.message) } }), status: 400 };
    }
    try {
      await updateApplication(options.service, viewer.actor, { id: registration.id }, keyCredentialsWith(registration, pasted.value, description));
      return seeOther(reply, path(registration), 'certificate-added');
    } catch (err) {
      return { ...page(registration, viewer, now(), { certificate: { form, error: errorNotice(err) } }), status: 400 };
    }
  });

  portalPost(app, options, '/portal/apps/:id/credentials/certificates/delete', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const body = keyCredentialsWithout(registration, form['keyId'] ?? '');
    if (!body) return { ...page(registration, viewer, now(), { notice: problemNotice('The application has no such certificate (it may have been deleted already).') }), status: 404 };
    await updateApplication(options.service, viewer.actor, { id: registration.id }, body);
    return seeOther(reply, path(registration), 'certificate-deleted');
  });

  portalPost(app, options, '/portal/apps/:id/credentials/federated', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    // Surrounding spaces are a paste accident here, never part of an issuer or subject [I].
    const value = (name: string) => (form[name] ?? '').trim();
    const body = {
      name: value('name'),
      issuer: value('issuer'),
      subject: value('subject'),
      audiences: [value('audience')],
      description: value('description') === '' ? null : value('description'),
    };
    try {
      await writeFederatedCredential(options.service, viewer.actor, { id: registration.id }, undefined, body);
      return seeOther(reply, path(registration), 'federated-added');
    } catch (err) {
      return { ...page(registration, viewer, now(), { federated: { form, error: errorNotice(err) } }), status: 400 };
    }
  });

  portalPost(app, options, '/portal/apps/:id/credentials/federated/delete', async ({ reply, viewer, params, form }) => {
    const registration = await loadApp(options, viewer, params['id']);
    const id = (form['id'] ?? '').trim();
    // Graph addresses a credential by id or name; only the ids this page lists are accepted here.
    if (!(registration.federatedIdentityCredentials ?? []).some((f) => f.id === id.toLowerCase())) {
      return { ...page(registration, viewer, now(), { notice: problemNotice('The application has no such federated credential (it may have been deleted already).') }), status: 404 };
    }
    await writeFederatedCredential(options.service, viewer.actor, { id: registration.id }, id, null);
    return seeOther(reply, path(registration), 'federated-deleted');
  });
}

function page(registration: Application, viewer: Viewer, now: Date, state: PageState): PortalPage {
  return {
    title: bladeTitle(registration, 'credentials'),
    nav: 'apps',
    ...(state.newSecret ? { script: CREDENTIALS_SCRIPT } : {}),
    main: bladeFrame(
      registration,
      'credentials',
      html`${state.notice ?? html``}
${state.newSecret ? newSecretBox(state.newSecret, registration) : html``}
<p>Credentials let the application authenticate as itself to the token endpoint (as a confidential client): a certificate, a client secret, or a federated credential. Certificates are the stronger choice for production.</p>
<p><a href="#certificates">Certificates (${registration.keyCredentials.length})</a> · <a href="#secrets">Client secrets (${registration.passwordCredentials.length})</a> · <a href="#federated">Federated credentials (${(registration.federatedIdentityCredentials ?? []).length})</a></p>
${certificatesSection(registration, viewer, now, state.certificate?.form ?? {}, state.certificate?.error ?? html``)}
${secretsSection(registration, viewer, now, state.secret?.form ?? {}, state.secret?.error ?? html``)}
${federatedSection(registration, viewer, state.federated?.form ?? {}, state.federated?.error ?? html``)}`,
    ),
  };
}
