// Whether a client_id can name an application at all, before anything is looked up: absent is
// AADSTS900144; anything but a GUID, and the all-zero GUID, is AADSTS700038 [O: issue 13 — the
// token endpoint answers unauthorized_client for both; Entra's sign-in page shows "AADSTS700038:
// 00000000-0000-0000-0000-000000000000 is not a valid application identifier."]. The same check
// runs at the token, devicecode and authorize endpoints, so each refuses the same ids alike.

import type { AadstsRefusal } from '../errors/message-args.js';
import { isGuid } from '../guid.js';

const NIL_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

type ClientIdCheck = { ok: true; clientId: string } | { ok: false; refusal: AadstsRefusal<900144 | 700038> };

export function checkClientId(clientId: string | undefined): ClientIdCheck {
  if (clientId === undefined || clientId === '') return { ok: false, refusal: { code: 900144, args: { name: 'client_id' } } };
  // The nil GUID is what an unset configuration value often becomes; no app can have it.
  if (!isGuid(clientId) || NIL_GUID.test(clientId)) return { ok: false, refusal: { code: 700038, args: { clientId } } };
  return { ok: true, clientId };
}
