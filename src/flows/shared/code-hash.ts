// Authorization codes and device codes are stored only as their hash. The flow that issues a code
// (authorize, device) and the grant that redeems it (token/grants) must hash it the same way.

import { sha256Base64url } from '../../core/hash.js';

export function codeHash(code: string): string {
  return sha256Base64url(code);
}

export function hashDeviceCode(deviceCode: string): string {
  return sha256Base64url(deviceCode);
}
