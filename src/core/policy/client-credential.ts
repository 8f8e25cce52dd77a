// Which credential a token request presents, and whether a client secret is valid
// (entra-protocol.md §2.3, §4.1). Pure: the hash comparison is passed in.

import { idpError } from '../errors/idp-error.js';
import type { PasswordCredential } from '../model.js';
import type { CredentialPresented } from './client-type.js';

const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface PresentedCredential {
  kind: CredentialPresented;
  secret?: string;
  assertion?: string;
  assertionType?: string;
  /** Where the secret came from; RFC 6749 §2.3.1 allows the body or HTTP Basic. */
  via?: 'body' | 'basic';
}

type SecretCheck =
  | { ok: true; keyId: string }
  | { ok: false; code: 7000215 | 7000222; sentKeyId: boolean };

/**
 * The secret must equal one credential that is inside its validity window. Every credential is
 * compared (no early exit) so timing does not reveal which one matched. A value that matches
 * only expired credentials is 7000222; anything else is 7000215. `sentKeyId` marks the classic
 * mistake of sending the secret's ID instead of its value (diagnostics only; same wire error).
 */
export function checkClientSecret(
  presented: string,
  credentials: readonly PasswordCredential[],
  now: Date,
  verify: (value: string, stored: string) => boolean,
): SecretCheck {
  let valid: string | undefined;
  let expired = false;
  const t = now.getTime();
  for (const c of credentials) {
    const matches = verify(presented, c.secretHash);
    if (!matches) continue;
    const inWindow = Date.parse(c.startDateTime) <= t && t < Date.parse(c.endDateTime);
    if (inWindow) valid ??= c.keyId;
    else if (t >= Date.parse(c.endDateTime)) expired = true;
  }
  if (valid) return { ok: true, keyId: valid };
  const sentKeyId = credentials.some((c) => c.keyId.toLowerCase() === presented.trim().toLowerCase());
  return { ok: false, code: expired ? 7000222 : 7000215, sentKeyId };
}

/**
 * Which client and credential a token request presents: client_secret in the body, HTTP Basic
 * (RFC 6749 §2.3.1) or a client_assertion. A client uses one authentication method per request
 * (RFC 6749 §2.3); Entra's answer to two is not documented, Entrada refuses it [I: AADSTS9002313].
 */
export function presentedCredential(
  params: Readonly<Record<string, string>>,
  basic: { clientId: string; secret: string } | undefined,
): { clientId: string | undefined; credential: PresentedCredential } {
  const bodyClientId = params['client_id'];
  if (basic && bodyClientId !== undefined && bodyClientId.toLowerCase() !== basic.clientId.toLowerCase()) {
    throw idpError(9002313, { detail: 'client_id in the body differs from the client id in the HTTP Basic header.' });
  }
  const clientId = bodyClientId ?? basic?.clientId;
  const bodySecret = params['client_secret'];
  const assertion = params['client_assertion'];
  const methods = [bodySecret !== undefined && bodySecret !== '', basic !== undefined, assertion !== undefined && assertion !== ''];
  if (methods.filter(Boolean).length > 1) {
    throw idpError(9002313, { detail: 'More than one client authentication method was used (RFC 6749 §2.3).' });
  }
  if (assertion !== undefined && assertion !== '') {
    const type = params['client_assertion_type'];
    if (type === undefined || type === '') throw idpError(900144, { args: { name: 'client_assertion_type' } });
    if (type !== JWT_BEARER_ASSERTION_TYPE) throw idpError(9002313, { detail: `client_assertion_type '${type}' is not supported.` });
    return { clientId, credential: { kind: 'assertion', assertion, assertionType: type } };
  }
  if (basic) return { clientId, credential: { kind: 'secret', secret: basic.secret, via: 'basic' } };
  if (bodySecret !== undefined && bodySecret !== '') return { clientId, credential: { kind: 'secret', secret: bodySecret, via: 'body' } };
  return { clientId, credential: { kind: 'none' } };
}
