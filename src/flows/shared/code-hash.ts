// Authorization codes and device codes are stored only as their hash. The flow that issues a code
// (authorize, device) and the grant that redeems it (token/grants) must hash it the same way.

import { createHash } from 'node:crypto';

export function codeHash(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

export function hashDeviceCode(deviceCode: string): string {
  return createHash('sha256').update(deviceCode).digest('base64url');
}
