// What the "Certificates & secrets" forms turn into before a directory operation sees them: a
// client secret's expiry choice into addPassword's dates, a pasted certificate into the
// keyCredentials collection Graph's PATCH takes. Pure, so the rules are table-tested
// (test/portal/credentials-input.test.ts).

import { X509Certificate } from 'node:crypto';
import type { Application, KeyCredential } from '../../../../core/model.js';
import { readCertificate } from '../../../../seed/certificate.js';

const DAY_MS = 86_400_000;

/**
 * The Azure portal's "Expires" choices for a new client secret, recommended first [I: the portal's
 * list as of 2025; it also offers 90 days]. Custom asks for a start and an end date.
 */
export const SECRET_EXPIRY_CHOICES: ReadonlyArray<readonly [value: string, label: string]> = [
  ['180', 'Recommended: 180 days (6 months)'],
  ['90', '90 days (3 months)'],
  ['365', '365 days (12 months)'],
  ['545', '545 days (18 months)'],
  ['730', '730 days (24 months)'],
  ['custom', 'Custom'],
];

export const SECRET_DESCRIPTION_MAX = 256;
/** A certificate is a few KB of PEM; a chain or a paste gone wrong is refused before parsing. */
export const CERTIFICATE_TEXT_MAX = 64 * 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * addPassword's `passwordCredential` for the form's description and expiry choice. A preset ends
 * that many days from now (and starts now, addPassword's default); a custom range starts at the
 * beginning of its start date and ends at the end of its end date, in UTC [I: the portal's date
 * pickers give days, not times].
 */
export function secretRequest(form: Record<string, string | undefined>, now: Date): Checked<{ passwordCredential: Record<string, string | null> }> {
  const description = (form['description'] ?? '').trim();
  if (description.length > SECRET_DESCRIPTION_MAX) return { ok: false, message: `The description is ${description.length} characters long; at most ${SECRET_DESCRIPTION_MAX} are allowed.` };
  const displayName = description === '' ? null : description;
  const choice = form['expires'] ?? '180';
  if (choice !== 'custom') {
    if (!SECRET_EXPIRY_CHOICES.some(([value]) => value === choice)) return { ok: false, message: 'Choose when the secret expires.' };
    return { ok: true, value: { passwordCredential: { displayName, endDateTime: new Date(now.getTime() + Number(choice) * DAY_MS).toISOString() } } };
  }
  const start = (form['start'] ?? '').trim();
  const end = (form['end'] ?? '').trim();
  if (start !== '' && !validDate(start)) return { ok: false, message: 'The start date must be a date (YYYY-MM-DD).' };
  if (!validDate(end)) return { ok: false, message: 'A custom expiry needs an end date (YYYY-MM-DD).' };
  const startDateTime = start === '' ? now.toISOString() : `${start}T00:00:00Z`;
  const endDateTime = `${end}T23:59:59Z`;
  if (Date.parse(endDateTime) <= Date.parse(startDateTime)) return { ok: false, message: 'The end date must be after the start date.' };
  return { ok: true, value: { passwordCredential: { displayName, startDateTime, endDateTime } } };
}

function validDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** A certificate pasted into the upload form, read as the directory will read it. */
export interface PastedCertificate {
  /** Base64 DER. */
  der: string;
  /** The subject, e.g. "CN=my-app", which describes the certificate when no description is given. */
  subject: string;
}

/**
 * The public certificate in what was pasted (PEM, or base64 DER as a .cer holds it). A private
 * key is refused outright: Entra takes only the public part, and the key must not travel to or be
 * kept by the directory (nor be shown back in the form). An expired certificate is refused as
 * `entrada app add-cert` refuses it: assertions signed with it fail with AADSTS700027.
 */
export function readPastedCertificate(text: string, now: Date): Checked<PastedCertificate> {
  const pasted = text.trim();
  if (pasted === '') return { ok: false, message: 'Paste a certificate: the PEM text ("-----BEGIN CERTIFICATE-----" …) or its base64 DER.' };
  if (/PRIVATE KEY-----/.test(pasted)) {
    return {
      ok: false,
      message:
        'This text holds a PRIVATE KEY. Nothing was uploaded and the text was cleared. Upload only the public certificate (the "-----BEGIN CERTIFICATE-----" block of a .pem, .crt or .cer file); the private key stays with the application that signs its client assertions.',
    };
  }
  if (pasted.length > CERTIFICATE_TEXT_MAX) return { ok: false, message: `The text is ${pasted.length} characters long; one certificate is at most a few thousand.` };
  const read = readCertificate(pasted);
  if (!read.ok) return { ok: false, message: `The pasted text ${read.message}.` };
  const { cert } = read;
  if (Date.parse(cert.notAfter) <= now.getTime()) {
    return {
      ok: false,
      message: `The certificate expired on ${cert.notAfter} (valid ${cert.notBefore} – ${cert.notAfter}); Entra refuses client assertions signed with an expired certificate (AADSTS700027), so it was not uploaded.`,
    };
  }
  const subject = new X509Certificate(Buffer.from(cert.der, 'base64')).subject.split('\n').join(', ');
  return { ok: true, value: { der: cert.der, subject } };
}

/** A stored certificate as Graph's PATCH takes it back: its certificate in `key`, its own keyId and dates. */
function asGraphKeyCredential(k: KeyCredential): Record<string, unknown> {
  return { keyId: k.keyId, displayName: k.displayName, type: k.type, usage: k.usage, key: k.key, startDateTime: k.startDateTime, endDateTime: k.endDateTime };
}

/**
 * The whole keyCredentials collection with one certificate added, as the Azure portal (and az)
 * change it: Graph's PATCH replaces the collection, so every stored certificate is sent back.
 * The new one's dates are the certificate's validity (the directory's default).
 */
export function keyCredentialsWith(app: Application, added: PastedCertificate, description: string): { keyCredentials: Array<Record<string, unknown>> } {
  const displayName = description.trim() === '' ? added.subject : description.trim();
  return {
    keyCredentials: [...app.keyCredentials.map(asGraphKeyCredential), { type: 'AsymmetricX509Cert', usage: 'Verify', key: added.der, displayName }],
  };
}

/** The collection without the certificate `keyId`, or undefined when the app has no such certificate. */
export function keyCredentialsWithout(app: Application, keyId: string): { keyCredentials: Array<Record<string, unknown>> } | undefined {
  const id = keyId.trim().toLowerCase();
  if (!app.keyCredentials.some((k) => k.keyId === id)) return undefined;
  return { keyCredentials: app.keyCredentials.filter((k) => k.keyId !== id).map(asGraphKeyCredential) };
}

/** Upper-case hex of a base64url thumbprint, as the Azure portal shows it. */
export function hexThumbprint(b64url: string): string {
  return Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();
}
