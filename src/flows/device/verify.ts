// What /devicelogin does, without HTTP: find the request a person's code names, sign the person in
// with their password, check the app may act for them (asking their consent where it is missing),
// then approve (or decline) in one conditional update. Refusals are IdpErrors whose codes the page shows (entra-protocol.md §3.6).

import { IdpError, idpError } from '../../core/errors/idp-error.js';
import type { Tenant, User } from '../../core/model.js';
import type { DeviceCodeRecord, SignInSession } from '../../core/ports.js';
import { assessSignIn, signInRefusal } from '../shared/sign-in-policy.js';
import { adminOnly, consentQuestion, recordUserConsent, type ConsentQuestion } from '../shared/consent.js';
import type { AttemptOrigin } from '../shared/password-sign-in.js';
import { checkPasswordStep, type PasswordStep } from '../shared/password-step.js';
import { identifyClient } from '../shared/client-auth.js';
import type { TokenDeps, TokenRequest } from '../shared/context.js';
import { homeTenantOf, requestOf } from '../shared/device-request.js';
import { delegatedPermissions, requireUserAssignment, resolveResource } from '../shared/resource.js';
import { normaliseUserCode } from './codes.js';

type VerifyDeps = Pick<TokenDeps, 'directory' | 'deviceCodes' | 'hashes' | 'clock' | 'consent' | 'random' | 'smartLockout' | 'passwordChanges'>;

/** What the page shows about a request: who asks, and for what. */
export interface RequestView {
  userCode: string;
  appName: string;
  appId: string;
  /** Resource display name, e.g. "Demo API". */
  resourceName: string;
  /** Each permission asked: its value and the words a user is shown. */
  permissions: Array<{ value: string; description: string }>;
}

/** The pending request a typed code names, or 90119 (empty), 70018 (unknown), 70019 (expired), 90120 (used). */
export async function pendingRequest(typed: string | undefined, deps: VerifyDeps): Promise<DeviceCodeRecord> {
  const userCode = normaliseUserCode(typed ?? '');
  if (userCode === '') throw idpError(90119);
  const record = /^[A-Z0-9]{1,32}$/.test(userCode) ? await deps.deviceCodes.findByUserCode(userCode) : undefined;
  if (!record) throw idpError(70018);
  if (record.status !== 'pending') throw idpError(90120);
  if (deps.clock.now().getTime() >= Date.parse(record.expiresAt)) throw idpError(70019);
  return record;
}

export async function describeRequest(record: DeviceCodeRecord, deps: VerifyDeps): Promise<RequestView> {
  const tenant = await tenantForDisplay(record, deps);
  const app = await deps.directory.getApplicationByAppId(record.clientId);
  const { resource: request, oidc } = requestOf(record);
  let resourceName = request.identifier;
  let permissions: RequestView['permissions'] = [];
  const found = tenant ? await deps.directory.findResource(tenant.id, request.identifier) : undefined;
  if (found) {
    resourceName = found.app.displayName;
    const scopes = found.app.api.oauth2PermissionScopes.filter((s) => s.isEnabled);
    const asked = request.isDefault ? scopes.map((s) => s.value) : request.permissions;
    permissions = asked.map((value) => {
      const s = scopes.find((x) => x.value.toLowerCase() === value.toLowerCase());
      return { value, description: s ? (s.userConsentDisplayName ?? s.adminConsentDisplayName) : value };
    });
  } else {
    permissions = request.permissions.map((value) => ({ value, description: value }));
  }
  for (const o of oidc) permissions.push({ value: o, description: OIDC_WORDS[o] ?? o });
  return { userCode: record.userCode, appName: app?.displayName ?? record.clientId, appId: record.clientId, resourceName, permissions };
}

const OIDC_WORDS: Record<string, string> = {
  openid: 'Sign you in',
  profile: 'View your basic profile',
  email: 'View your email address',
  offline_access: 'Maintain access to data you have given it access to',
};

/**
 * The person at /devicelogin, by user name and password (50126 / 50053 / 50057; 50055 when the
 * password must be changed) or by the "Update your password" form (shared/password-step.ts).
 */
async function signIn(
  record: DeviceCodeRecord,
  credentials: { username: string; password: string } | PasswordStep,
  deps: VerifyDeps,
  where?: AttemptOrigin,
): Promise<{ tenant: Tenant; user: User }> {
  const tenant = record.tenantId ? await deps.directory.findTenant(record.tenantId) : null;
  if (record.tenantId && !tenant) throw idpError(50126);
  const posted: PasswordStep = 'step' in credentials ? credentials : { step: 'signin', ...credentials };
  return checkPasswordStep(tenant ?? null, posted, where ?? { clientAddress: undefined }, deps);
}

/** Where the person at /devicelogin is: the origin the page was served from and the browser's address. */
export interface PageOrigin {
  origin: string;
  clientAddress: string;
}

/**
 * Approved; or the person must first consent to what the device asks (the page shows `question`),
 * or complete a second factor (the MFA step; `register` when no method is registered yet).
 */
export type Approval = { kind: 'approved' } | { kind: 'consent'; question: ConsentQuestion } | { kind: 'mfa'; register: boolean };

/**
 * Checks the person's user name and password, then approves for them (approveFor). Refusals:
 * 50126 (wrong user name or password, one message for both [I]), 50057 (disabled), and those of
 * approveFor.
 */
export async function approveWithPassword(
  record: DeviceCodeRecord,
  credentials: { username: string; password: string } | PasswordStep,
  where: PageOrigin,
  deps: VerifyDeps,
): Promise<{ tenant: Tenant; user: User; approval: Approval }> {
  const { tenant, user } = await signIn(record, credentials, deps, where);
  return { tenant, user, approval: await approveFor(record, { tenant, user }, where, deps) };
}

/**
 * Checks that the app may act for the signed-in person (its service principal in their tenant,
 * assignment, consent), then approves in one conditional update. Missing consent the person may
 * give is asked on the page (`consent: 'accept'` records it first, as a Principal grant);
 * admin-only permissions are AADSTS90094. Refusals: 700016, 50105, 90094, 65001, 70019, 90120.
 */
export async function approveFor(
  record: DeviceCodeRecord,
  signedIn: { tenant: Tenant; user: User; session?: SignInSession },
  where: PageOrigin,
  deps: VerifyDeps,
  consent?: 'accept',
): Promise<Approval> {
  const { tenant, user } = signedIn;
  if (record.tenantId && record.tenantId !== tenant.id) throw idpError(50126);
  const req = pageRequest(record, tenant, where);
  const client = await identifyClient(req, tenant, deps);
  await requireUserAssignment(client, user, deps);
  const scope = requestOf(record);
  // MFA and Conditional Access before consent, as on /authorize. A device is a public client
  // (mobile apps and desktop clients) whatever browser approves it [I]. The MFA step's Approve
  // adds mfa to the session (the route), which is what the next call sees.
  const amr = signedIn.session?.amr ?? ['pwd'];
  const found = await deps.directory.findResource(tenant.id, scope.resource.identifier);
  const { outcome } = await assessSignIn(
    { tenant, user, clientAppId: client.app.appId, resourceAppId: found?.app.appId, clientAppType: 'mobileAppsAndDesktopClients', clientAddress: where.clientAddress, asked: undefined, amr },
    deps,
  );
  if (!outcome.ok) {
    if (outcome.code === 50076 || outcome.code === 50079) return { kind: 'mfa', register: outcome.code === 50079 };
    throw signInRefusal(outcome, record.endpoint, found?.app.appId);
  }
  const question = await consentQuestion(tenant, client, user, scope, deps);
  if (question && question.missing.length > 0) {
    if (adminOnly(question).length > 0) throw idpError(90094);
    if (consent !== 'accept') return { kind: 'consent', question };
    await recordUserConsent(client, user, question, deps);
  }
  const resource = await resolveResource(req, tenant, scope.resource, deps);
  await delegatedPermissions(client, user, resource, scope.resource, deps);

  const now = deps.clock.now().toISOString();
  if (!(await deps.deviceCodes.approve(record.userCode, { tenantId: tenant.id, userId: user.id, authTime: now, amr }, now))) {
    throw stillPending(record, deps);
  }
  return { kind: 'approved' };
}

/**
 * Only the signed-in person may decline, as in Entra (Cancel comes after sign-in): otherwise anyone
 * who glimpsed a user code could end someone else's sign-in.
 */
export async function decline(record: DeviceCodeRecord, credentials: { username: string; password: string }, deps: VerifyDeps, where?: AttemptOrigin): Promise<void> {
  try {
    await signIn(record, credentials, deps, where);
  } catch (err) {
    // The right password that must be changed (50055) still proves who declines.
    if (!(err instanceof IdpError && err.code === 50055)) throw err;
  }
  await declineSignedIn(record, deps);
}

/** Decline by a person already signed in (Cancel on the consent step). */
export async function declineSignedIn(record: DeviceCodeRecord, deps: VerifyDeps): Promise<void> {
  if (!(await deps.deviceCodes.decline(record.userCode, deps.clock.now().toISOString()))) throw stillPending(record, deps);
}

/** Why a conditional update found the request no longer pending: expired (70019) or used (90120). */
function stillPending(record: DeviceCodeRecord, deps: VerifyDeps): IdpError {
  return deps.clock.now().getTime() >= Date.parse(record.expiresAt) ? idpError(70019) : idpError(90120);
}

async function tenantForDisplay(record: DeviceCodeRecord, deps: VerifyDeps): Promise<Tenant | undefined> {
  return record.tenantId ? deps.directory.findTenant(record.tenantId) : homeTenantOf(record.clientId, deps);
}

/** The token-flow helpers take a TokenRequest; this is the one the page stands for. */
function pageRequest(record: DeviceCodeRecord, tenant: Tenant, where: PageOrigin): TokenRequest {
  return {
    endpoint: record.endpoint,
    tenant,
    tenantAlias: null,
    tenantSegment: tenant.id,
    origin: where.origin,
    params: {},
    clientId: record.clientId,
    credential: { kind: 'none' },
    originHeader: null,
    clientAddress: where.clientAddress,
  };
}
