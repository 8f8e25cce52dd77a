// Every grant the bench measures, in the table's order.

import { authorizationCode } from './authorization-code.js';
import { certificate } from './certificate.js';
import { clientCredentials } from './client-credentials.js';
import { deviceCode } from './device-code.js';
import { managedIdentity } from './managed-identity.js';
import { onBehalfOf } from './on-behalf-of.js';
import { password } from './password.js';
import { refreshToken } from './refresh-token.js';
import type { Grant } from './types.js';

export const GRANTS: readonly Grant[] = [clientCredentials, authorizationCode, refreshToken, password, deviceCode, onBehalfOf, certificate, managedIdentity];
