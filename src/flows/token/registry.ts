// grant_type → grant module. Adding a grant is one module plus one line here.

import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { deviceCodeGrant } from './grants/device-code.js';
import { onBehalfOfGrant } from './grants/on-behalf-of.js';
import { passwordGrant } from './grants/password.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { samlBearerGrant } from './grants/saml-bearer.js';
import type { GrantModule } from './grants/types.js';

const modules: GrantModule[] = [authorizationCodeGrant, clientCredentialsGrant, passwordGrant, refreshTokenGrant, onBehalfOfGrant, deviceCodeGrant, samlBearerGrant];

export const grantRegistry: ReadonlyMap<string, GrantModule> = new Map(
  modules.flatMap((m) => m.grantTypes.map((t) => [t, m] as const)),
);
