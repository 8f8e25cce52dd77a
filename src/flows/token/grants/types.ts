// A grant module: which grant_type values it answers, which parameters it reads, and its handler.
// The token route looks grants up in registry.ts and never grows a switch.

import type { GrantKind } from '../../../core/policy/client-type.js';
import type { TokenDeps, TokenRequest, TokenResponse } from '../../shared/context.js';

export interface GrantModule {
  /** grant_type values on the wire (MSAL sends short forms for some grants [M]). */
  grantTypes: readonly string[];
  kind: GrantKind;
  /** Parameters the grant reads, besides client authentication; others are ignored [M][O]. */
  parameters: readonly string[];
  handle(req: TokenRequest, deps: TokenDeps): Promise<TokenResponse>;
}
