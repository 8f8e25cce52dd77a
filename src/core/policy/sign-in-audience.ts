// Who may sign in to an app, by its `signInAudience` and the tenant the request names
// [D: howto-convert-app-to-be-multi-tenant, supported-accounts-validation, reference-error-codes]:
//
//   AzureADMyOrg                        its home tenant's users only (single tenant);
//   AzureADMultipleOrgs                 work or school accounts of any tenant (multi-tenant);
//   AzureADandPersonalMicrosoftAccount  those and personal Microsoft accounts;
//   PersonalMicrosoftAccount            personal Microsoft accounts only.
//
// A multi-tenant app is used in another tenant once its service principal exists there: the first
// consent in that tenant (a user's, where the tenant lets users consent, or an administrator's)
// creates it [D]. Entrada has no personal Microsoft accounts, so every user is a work account.
//
// Two decisions, both pure: before anyone signs in (appAtPathTenant: the path tenant and the app),
// and once the user is known (accessForUser: the user's tenant, the path, the app).

import type { SignInAudience } from '../model.js';

export type TenantAlias = 'common' | 'organizations' | 'consumers';

/** Entra's tenant of personal Microsoft accounts: `/consumers` is it [D: id-token claims, tid]. */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** Its display name, as AADSTS50020 names it [O: "does not exist in tenant 'Microsoft Services'"]. */
export const CONSUMERS_TENANT_NAME = 'Microsoft Services';

/**
 * Single-tenant apps registered after this day may not use /common (AADSTS50194 "… created after
 * '10/15/2018'") [D]; older ones still may, for their own users.
 */
export const SINGLE_TENANT_ALIAS_CUTOFF = '2018-10-15T00:00:00Z';
/** The date as AADSTS50194's message writes it [O]. */
export const SINGLE_TENANT_ALIAS_CUTOFF_TEXT = '10/15/2018';

export function isMultiTenant(audience: SignInAudience): boolean {
  return audience === 'AzureADMultipleOrgs' || audience === 'AzureADandPersonalMicrosoftAccount';
}

export function allowsWorkAccounts(audience: SignInAudience): boolean {
  return audience !== 'PersonalMicrosoftAccount';
}

export function allowsPersonalAccounts(audience: SignInAudience): boolean {
  return audience === 'AzureADandPersonalMicrosoftAccount' || audience === 'PersonalMicrosoftAccount';
}

/** What the decisions read about the app. */
export interface AudienceApp {
  signInAudience: SignInAudience;
  /** Home tenant. */
  tenantId: string;
  /** Graph `createdDateTime`; absent (seeded apps) counts as registered now [I]. */
  createdDateTime?: string;
}

export type AtPathTenant = { ok: true } | { ok: false; code: 700016; directory: 'path' | 'consumers' };

/**
 * Before the sign-in page. A tenant in the path must hold the app's service principal, unless the
 * app is multi-tenant (the consent there will create it) — else 700016, at once [D]. /consumers
 * serves only apps open to personal accounts; another app is "not found in the directory"
 * of personal accounts [I: Entra names 9188040d-… there].
 */
export function appAtPathTenant(input: { app: AudienceApp; pathTenantId: string | null; alias: TenantAlias | null; hasServicePrincipal: boolean }): AtPathTenant {
  const { app } = input;
  if (input.alias === 'consumers') return allowsPersonalAccounts(app.signInAudience) ? { ok: true } : { ok: false, code: 700016, directory: 'consumers' };
  if (input.pathTenantId === null) return { ok: true };
  if (input.hasServicePrincipal || isMultiTenant(app.signInAudience)) return { ok: true };
  return { ok: false, code: 700016, directory: 'path' };
}

export type ForUser =
  /** `provision`: the app has no service principal in the user's tenant yet; consent creates it. */
  | { ok: true; provision: boolean }
  /** The account is not in the tenant the request is for (the path's, or personal accounts'). */
  | { ok: false; code: 50020; tenant: 'path' | 'consumers' }
  /** A single-tenant app on /common or /organizations. */
  | { ok: false; code: 50194 }
  /** The app does not exist in the user's tenant and cannot be added there. */
  | { ok: false; code: 700016 };

/**
 * Once the user (a work account of `userTenantId`) has signed in. In order:
 *  1. a tenant in the path is the only tenant: a user of another one is AADSTS50020 [D: the
 *     account "does not exist in tenant … and cannot access the application"; Entrada has no
 *     guests (B2B), so a user belongs to their home tenant only];
 *  2. /consumers, or an app for personal accounts only: a work account is AADSTS50020 with the
 *     tenant of personal accounts [I: Entra's page for this case names "Microsoft Services"];
 *  3. a single-tenant app on /common or /organizations: AADSTS50194 after the sign-in, for its own
 *     users too, unless registered before 10/15/2018 [D; O: reported after the password and MFA];
 *  4. the app's service principal in the user's tenant: present → go on; absent → a multi-tenant
 *     app is added by this consent, a single-tenant one is AADSTS700016 [D].
 */
export function accessForUser(input: {
  app: AudienceApp;
  pathTenantId: string | null;
  alias: TenantAlias | null;
  userTenantId: string;
  hasServicePrincipal: boolean;
}): ForUser {
  const { app } = input;
  if (input.pathTenantId !== null && input.pathTenantId !== input.userTenantId) return { ok: false, code: 50020, tenant: 'path' };
  if (input.alias === 'consumers' || !allowsWorkAccounts(app.signInAudience)) return { ok: false, code: 50020, tenant: 'consumers' };
  if (input.alias !== null && app.signInAudience === 'AzureADMyOrg' && registeredAfterCutoff(app)) return { ok: false, code: 50194 };
  if (input.hasServicePrincipal) return { ok: true, provision: false };
  return isMultiTenant(app.signInAudience) ? { ok: true, provision: true } : { ok: false, code: 700016 };
}

function registeredAfterCutoff(app: AudienceApp): boolean {
  if (app.createdDateTime === undefined) return true;
  const created = Date.parse(app.createdDateTime);
  return Number.isNaN(created) || created >= Date.parse(SINGLE_TENANT_ALIAS_CUTOFF);
}

/** `iss` of a user token for an AAD account, as AADSTS50020 names the account's identity provider [O]. */
export function identityProviderOf(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}
