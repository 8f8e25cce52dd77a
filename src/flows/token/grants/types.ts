// A grant module: which grant_type values it answers, which parameters it reads, and its handler.
// The token route looks grants up in registry.ts and never grows a switch.
//
// Each grant names the dependencies it uses (`Deps`, a part of TokenDeps): its handler cannot touch
// any other, and the registry, which passes the full TokenDeps, type-checks only because the full
// object has every part a grant asks for.

import type { GrantKind } from '../../../core/policy/client-type.js';
import type { TokenDeps, TokenRequest, TokenResponse } from '../../shared/context.js';

export interface GrantModule<Deps extends Partial<TokenDeps> = TokenDeps> {
  /** grant_type values on the wire (MSAL sends short forms for some grants [M]). */
  grantTypes: readonly string[];
  kind: GrantKind;
  /** Parameters the grant reads, besides client authentication; others are ignored [M][O]. */
  parameters: readonly string[];
  // A property, not a method: parameters are then checked contravariantly, so a module is accepted
  // where a GrantModule<TokenDeps> is expected only if TokenDeps satisfies its Deps.
  handle: (req: TokenRequest, deps: Deps) => Promise<TokenResponse>;
}
