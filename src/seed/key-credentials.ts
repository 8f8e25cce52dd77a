// Which certificates a seeded app ends up with when the seed is applied again at a start: the seed's
// own, plus those added outside it (`entrada app add-cert`, a manifest import) since.

import type { Guid, KeyCredential } from '../core/model.js';
import { toInstant, type CertificateInfo } from './certificate.js';
import { derivedId } from './ids.js';

/**
 * The stored credential for a certificate a seed entry or a Graph body names: its dates are those
 * given, else `fallback`'s (a credential already stored), else the certificate's validity.
 */
export function keyCredentialOf(
  cred: { displayName: string | null; startDateTime?: string; endDateTime?: string },
  cert: CertificateInfo,
  keyId: string,
  fallback?: { startDateTime: string; endDateTime: string },
): KeyCredential {
  return {
    keyId: keyId.toLowerCase(),
    displayName: cred.displayName,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: cert.der,
    thumbprintSha1: cert.thumbprintSha1,
    thumbprintSha256: cert.thumbprintSha256,
    startDateTime: cred.startDateTime ? toInstant(new Date(cred.startDateTime)) : (fallback?.startDateTime ?? cert.notBefore),
    endDateTime: cred.endDateTime ? toInstant(new Date(cred.endDateTime)) : (fallback?.endDateTime ?? cert.notAfter),
  };
}

/**
 * The seed's keyCredentials first, in seed order, then every stored one that is not the seed's:
 *   - a stored keyId the seed lists is replaced by the seed's entry;
 *   - a stored certificate with the thumbprint of a seed certificate gives way to the seed's entry
 *     (one certificate is registered once);
 *   - a stored keyId equal to the id the seed derives for that certificate
 *     (derivedId.keyCredential) was written by an earlier seed that no longer lists it: it goes,
 *     so deleting a certificate from the seed file removes it.
 * Everything else stays: certificates added with `entrada app add-cert` (random keyIds) survive
 * every start. [I] A certificate a seed once listed with an explicit `keyId` and no longer lists
 * cannot be told from one added by hand, so it stays too: remove it with `entrada app remove-cert`.
 */
export function mergeKeyCredentials(
  tenantId: Guid,
  appId: Guid,
  seeded: readonly KeyCredential[],
  stored: readonly KeyCredential[] | undefined,
): KeyCredential[] {
  const seedKeyIds = new Set(seeded.map((k) => k.keyId.toLowerCase()));
  const seedThumbprints = new Set(seeded.map((k) => k.thumbprintSha256));
  const kept = (stored ?? []).filter(
    (k) =>
      !seedKeyIds.has(k.keyId.toLowerCase()) &&
      !seedThumbprints.has(k.thumbprintSha256) &&
      k.keyId.toLowerCase() !== derivedId.keyCredential(tenantId, appId, k.thumbprintSha256),
  );
  return [...seeded, ...kept];
}
