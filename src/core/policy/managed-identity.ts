// Managed identities (entra-protocol.md §6.3). In the directory a managed identity is a service
// principal of type ManagedIdentity with no application behind it; Graph tells the two kinds apart,
// and names the Azure resource, in `alternativeNames` [D: Graph servicePrincipal]:
//   user-assigned   ['isExplicit=True',  '/subscriptions/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>']
//   system-assigned ['isExplicit=False', '/subscriptions/…/providers/<the resource it belongs to, e.g. a VM>']
//
// A request to a managed identity endpoint (IMDS or App Service) names at most one identity:
// `client_id`, `object_id` (App Service: `principal_id`) or a resource id (`msi_res_id` on IMDS,
// `mi_res_id` on App Service; MSAL sends the latter two [M]); naming none means the system-assigned
// identity of the machine the code runs on. Entrada's endpoint stands in for one such machine, the
// "host" [I]: it may hand out the host's system-assigned identity and every user-assigned identity of
// its tenant (as if all were attached to the host), never another host's system-assigned identity.
// Pure: the tenant's identities come in, a verdict goes out.

import type { ServicePrincipal } from '../model.js';
import { isLoopbackAddress } from './network-address.js';

export type ManagedIdentityType = 'SystemAssigned' | 'UserAssigned';

export interface ManagedIdentity {
  sp: ServicePrincipal;
  type: ManagedIdentityType;
  /** User-assigned: the identity's own resource id; system-assigned: the id of the resource it belongs to. */
  resourceId: string;
}

/** The ARM resource provider and type of user-assigned identities [D]. */
export const USER_ASSIGNED_RESOURCE_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

/** Graph's alternativeNames for a managed identity of this type and resource id. */
export function managedIdentityAlternativeNames(type: ManagedIdentityType, resourceId: string): string[] {
  return [type === 'UserAssigned' ? 'isExplicit=True' : 'isExplicit=False', resourceId];
}

/** The managed identity a service principal is, or undefined for an application's service principal. */
export function asManagedIdentity(sp: ServicePrincipal): ManagedIdentity | undefined {
  if (sp.servicePrincipalType !== 'ManagedIdentity') return undefined;
  const explicit = sp.alternativeNames.find((n) => /^isExplicit=/i.test(n));
  const resourceId = sp.alternativeNames.find((n) => n.startsWith('/'));
  if (explicit === undefined || resourceId === undefined) return undefined;
  return { sp, type: /=true$/i.test(explicit) ? 'UserAssigned' : 'SystemAssigned', resourceId };
}

interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** `<namespace>/<type>`, e.g. `Microsoft.Compute/virtualMachines`, as written. */
  resourceType: string;
  name: string;
}

const RESOURCE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)$/i;

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}` (top-level resources only). */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const m = RESOURCE_ID.exec(id.trim().replace(/\/$/, ''));
  return m ? { subscriptionId: m[1], resourceGroup: m[2], resourceType: m[3], name: m[4] } : undefined;
}

/** ARM resource ids compare case-insensitively [D]; one trailing slash is ignored [I]. */
export function resourceIdKey(id: string): string {
  return id.trim().replace(/\/$/, '').toLowerCase();
}

// ---- which identity a request means ----

export type IdentitySelector =
  | { by: 'host' }
  | { by: 'clientId' | 'objectId' | 'resourceId'; value: string; parameter: string };

/** Query parameters that name an identity, on either endpoint [D][M]. */
const IDENTITY_PARAMETERS = {
  client_id: 'clientId',
  object_id: 'objectId',
  principal_id: 'objectId',
  msi_res_id: 'resourceId',
  mi_res_id: 'resourceId',
} as const;

type SelectorResult = { ok: true; selector: IdentitySelector } | { ok: false; message: string };

/** At most one identity parameter, non-empty [I: Azure's endpoints refuse several; MSAL never sends two]. */
export function parseIdentitySelector(query: Readonly<Record<string, string | undefined>>): SelectorResult {
  const given = Object.entries(IDENTITY_PARAMETERS).filter(([name]) => query[name] !== undefined);
  if (given.length > 1) {
    return { ok: false, message: `Only one of client_id, object_id, principal_id, msi_res_id or mi_res_id may name the identity; the request has ${given.map(([n]) => n).join(' and ')}.` };
  }
  if (given.length === 0) return { ok: true, selector: { by: 'host' } };
  const [parameter, by] = given[0];
  const value = query[parameter]!.trim();
  if (value === '') return { ok: false, message: `${parameter} is empty; omit it for the system-assigned identity.` };
  return { ok: true, selector: { by, value, parameter } };
}

interface SelectionInput {
  /** The tenant's managed identities (DirectoryReader.listManagedIdentities). */
  identities: readonly ServicePrincipal[];
  selector: IdentitySelector;
  /**
   * The system-assigned identity the endpoint acts as: its name, client id, object id or resource
   * id; undefined = the tenant's only system-assigned identity, if it has exactly one.
   */
  host: string | undefined;
}

type Selection =
  | { ok: true; identity: ManagedIdentity; decidedBy: string }
  | { ok: false; message: string };

/** The sentence IMDS starts its answer with when it has no such identity [O]. */
const IDENTITY_NOT_FOUND = 'Identity not found';

export function selectManagedIdentity(input: SelectionInput): Selection {
  const all = input.identities.map(asManagedIdentity).filter((m): m is ManagedIdentity => m !== undefined);
  const systems = all.filter((m) => m.type === 'SystemAssigned');
  const users = all.filter((m) => m.type === 'UserAssigned');
  const host = resolveHost(systems, input.host);
  const { selector } = input;

  if (selector.by === 'host') {
    if (host.ok) {
      return { ok: true, identity: host.identity, decidedBy: `the request names no identity, so the system-assigned identity of '${host.identity.sp.displayName}', the host this endpoint acts as` };
    }
    const userHint = users.length
      ? ` To use a user-assigned identity pass client_id, object_id or the resource id (${users.map(describe).join('; ')}).`
      : '';
    return { ok: false, message: `${IDENTITY_NOT_FOUND}: the request names no identity (client_id, object_id or resource id), so it asks for the system-assigned identity of the host, and ${host.why}.${userHint}` };
  }

  const match = all.find((m) => matches(m, selector.by, selector.value));
  if (!match) {
    const known = all.length ? ` Its managed identities: ${all.map(describe).join('; ')}.` : ' It has none (a seed file declares them under managedIdentities).';
    return { ok: false, message: `${IDENTITY_NOT_FOUND}: no managed identity of this tenant has ${selector.parameter} '${selector.value}'.${known}` };
  }
  if (match.type === 'SystemAssigned' && !(host.ok && host.identity.sp.id === match.sp.id)) {
    const acting = host.ok ? `'${host.identity.sp.displayName}'` : 'no host (see ENTRADA_MANAGED_IDENTITY_HOST)';
    return {
      ok: false,
      message: `${IDENTITY_NOT_FOUND}: ${selector.parameter} '${selector.value}' is the system-assigned identity of '${match.sp.displayName}', and only that resource may use it; this endpoint acts as ${acting}. Set ENTRADA_MANAGED_IDENTITY_HOST=${match.sp.displayName} to act as it.`,
    };
  }
  const kind = match.type === 'UserAssigned' ? 'user-assigned' : 'system-assigned';
  return { ok: true, identity: match, decidedBy: `${selector.parameter} names the ${kind} identity '${match.sp.displayName}'` };
}

/** The system-assigned identity the endpoint acts as. */
export function resolveHost(
  systems: readonly ManagedIdentity[],
  host: string | undefined,
): { ok: true; identity: ManagedIdentity } | { ok: false; why: string } {
  const names = systems.map((m) => `'${m.sp.displayName}'`).join(', ');
  if (host !== undefined) {
    const wanted = host.trim();
    const found =
      systems.find((m) => m.sp.displayName.toLowerCase() === wanted.toLowerCase()) ??
      systems.find((m) => matches(m, 'clientId', wanted) || matches(m, 'objectId', wanted) || matches(m, 'resourceId', wanted));
    if (found) return { ok: true, identity: found };
    return { ok: false, why: `the host '${wanted}' (ENTRADA_MANAGED_IDENTITY_HOST) is not a system-assigned identity of this tenant${systems.length ? ` (they are ${names})` : ' (it has none)'}` };
  }
  if (systems.length === 1) return { ok: true, identity: systems[0] };
  if (systems.length === 0) return { ok: false, why: 'this tenant has no system-assigned managed identity (a seed file declares one under managedIdentities with type: SystemAssigned)' };
  return { ok: false, why: `this tenant has several (${names}) and none was chosen: set ENTRADA_MANAGED_IDENTITY_HOST to one of them` };
}

function matches(m: ManagedIdentity, by: 'clientId' | 'objectId' | 'resourceId', value: string): boolean {
  const v = value.trim().toLowerCase();
  if (by === 'clientId') return m.sp.appId.toLowerCase() === v;
  if (by === 'objectId') return m.sp.id.toLowerCase() === v;
  return resourceIdKey(m.resourceId) === resourceIdKey(value);
}

function describe(m: ManagedIdentity): string {
  return `${m.type === 'UserAssigned' ? 'user-assigned' : 'system-assigned'} '${m.sp.displayName}' client_id ${m.sp.appId}, resource id ${m.resourceId}`;
}

// ---- who may ask: the request's Host and forwarding headers ----

/**
 * Host names the endpoint answers to, besides loopback IP addresses (127.0.0.0/8, [::1],
 * [::ffff:127.x.y.z]; not 6to4 or NAT64 addresses embedding 127.x: isLoopbackAddress).
 * 169.254.169.254 is IMDS's own address: a client may be pointed at it and reach Entrada through a
 * local proxy or port forward [I]. Any port, or none: what defeats DNS rebinding is the name
 * (a page on attacker.example whose name now resolves to 127.0.0.1 still sends
 * `Host: attacker.example`), and the endpoint's port is the operator's choice.
 */
const MANAGED_IDENTITY_HOST_NAMES: readonly string[] = ['localhost', '169.254.169.254'];

/** Headers that say the request came through a proxy: refused [D: IMDS refuses X-Forwarded-For; `Forwarded` [I]]. */
const FORWARDING_HEADERS: readonly string[] = ['x-forwarded-for', 'forwarded'];

type SourceVerdict = { ok: true } | { ok: false; reason: 'forwarded' | 'host'; message: string };

/**
 * May this request have a token? Only if it was addressed to a loopback host (so a browser page of
 * another site cannot get one by DNS rebinding) and did not come through a proxy (IMDS's own rule:
 * a proxy on the machine must not relay other machines' requests to it). Headers as Node gives
 * them (lower-case names). A request without Host (HTTP/1.0; Node refuses HTTP/1.1 without one)
 * is accepted [I]: browsers always send Host, and rebinding needs a browser.
 */
export function checkRequestSource(headers: Readonly<Record<string, string | string[] | undefined>>): SourceVerdict {
  const forwarded = FORWARDING_HEADERS.find((name) => headers[name] !== undefined);
  if (forwarded !== undefined) {
    return {
      ok: false,
      reason: 'forwarded',
      message: `The request carries a${forwarded === 'forwarded' ? ' Forwarded' : 'n X-Forwarded-For'} header; the managed identity endpoint does not answer requests relayed by a proxy.`,
    };
  }
  const host = headers['host'];
  if (host === undefined) return { ok: true };
  const name = typeof host === 'string' ? hostName(host) : undefined;
  if (name !== undefined && (MANAGED_IDENTITY_HOST_NAMES.includes(name) || isLoopbackAddress(name))) return { ok: true };
  const shown = String(host).slice(0, 100);
  return {
    ok: false,
    reason: 'host',
    message: `The request's Host header '${shown}' is not this machine: the managed identity endpoint answers only requests addressed to localhost, a 127.x.x.x address, [::1] or 169.254.169.254 (any port), so that a web page of another site cannot obtain tokens through DNS rebinding.`,
  };
}

/** `name[:port]` or `[v6]:port` → the lower-case name (brackets kept for IPv6 literals); undefined if malformed. */
function hostName(host: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m || (m[2] !== undefined && Number(m[2]) > 65535)) return undefined;
  return m[1].toLowerCase();
}
