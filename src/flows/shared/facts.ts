// What a token or devicecode flow learnt about its request, for the sign-in log (never a
// secret). The flow returns the facts with its outcome, answer or refusal alike: a request refused
// after its client was identified is still logged with the client's name and the decision.

import type { Application, Tenant, User } from '../../core/model.js';
import type { Verdict } from '../../core/policy/client-type.js';

export interface RequestFacts {
  /** Once the client is identified (client-auth.ts). */
  client?: {
    tenantId: string;
    appDisplayName: string;
    isFallbackPublicClient: boolean | null;
    /** The app's Single-page application redirect URIs; their origins may read an SPA's answer. */
    spaRedirectUris: readonly string[];
  };
  /** The client-type decision (core/policy/client-type.ts), once it ran. */
  verdict?: Verdict;
  /** The user a token is issued for. */
  user?: { id: string; userPrincipalName: string };
}

/** How a flow ended, with the facts it learnt on the way. */
export type FlowOutcome<T> = { ok: true; value: T; facts: RequestFacts } | { ok: false; error: unknown; facts: RequestFacts };

/**
 * The facts of one flow run. A refusal is thrown from deep in a grant, so the kernel notes each
 * fact as it learns it, here, and the run returns them (runRecorded) rather than losing them with
 * the stack.
 */
export class FactRecorder {
  private readonly facts: RequestFacts = {};

  client(tenant: Tenant, app: Application): void {
    this.facts.client = {
      tenantId: tenant.id,
      appDisplayName: app.displayName,
      isFallbackPublicClient: app.isFallbackPublicClient,
      spaRedirectUris: app.spa.redirectUris,
    };
  }

  verdict(verdict: Verdict): void {
    this.facts.verdict = verdict;
  }

  user(user: User): void {
    this.facts.user = { id: user.id, userPrincipalName: user.userPrincipalName };
  }

  get recorded(): RequestFacts {
    return { ...this.facts };
  }
}

/** Runs a flow with a fresh recorder; any exception becomes the refused outcome, facts kept. */
export async function runRecorded<T>(run: (facts: FactRecorder) => Promise<T>): Promise<FlowOutcome<T>> {
  const facts = new FactRecorder();
  try {
    return { ok: true, value: await run(facts), facts: facts.recorded };
  } catch (error) {
    return { ok: false, error, facts: facts.recorded };
  }
}
