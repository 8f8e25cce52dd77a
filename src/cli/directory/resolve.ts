// Ids resolved as az resolves them: an application by appId, object id or identifier URI; a
// service principal by appId / servicePrincipalName or object id; a user by object id or UPN; a
// group by object id or display name.

import { isGuid } from '../../core/guid.js';
import { CliError } from '../directory-session.js';
import { filterQuery, lit, NotFound, objectPath, type Json, type RunContext } from './kit.js';

export async function resolveApp(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  if (isGuid(ref)) {
    const [hit] = await client.list(`/v1.0/applications?${filterQuery(`appId eq ${lit(ref)}`)}`);
    if (hit) return client.get(objectPath('applications', hit.id));
    return client.get(objectPath('applications', ref));
  }
  const hits = await client.list(`/v1.0/applications?${filterQuery(`identifierUris/any(s:s eq ${lit(ref)})`)}`);
  if (hits.length === 0) throw new NotFound(`Application with identifier URI '${ref}' doesn't exist`);
  return client.get(objectPath('applications', hits[0].id));
}

export async function resolveSp(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  // az: servicePrincipalNames (the appId and the app's identifier URIs), else an object id.
  const hits = await client.list(`/v1.0/servicePrincipals?${filterQuery(`servicePrincipalNames/any(c:c eq ${lit(ref)})`)}`);
  if (hits.length > 0) return hits[0];
  if (isGuid(ref)) return client.get(objectPath('servicePrincipals', ref));
  throw new NotFound(`Service principal '${ref}' doesn't exist`);
}

export function resolveUser(ctx: RunContext, ref: string): Promise<Json> {
  return ctx.session.client.get(objectPath('users', ref));
}

export async function resolveGroup(ctx: RunContext, ref: string): Promise<Json> {
  const { client } = ctx.session;
  if (isGuid(ref)) return client.get(objectPath('groups', ref));
  const hits = await client.list(`/v1.0/groups?${filterQuery(`displayName eq ${lit(ref)}`)}`);
  if (hits.length === 0) throw new NotFound(`Group '${ref}' doesn't exist`);
  if (hits.length > 1) throw new CliError(1, `More than one group is named '${ref}' (${hits.map((g) => g.id).join(', ')}); give the object id.`);
  return hits[0];
}

/** A member: an object id as is; a UPN (it has an @) is the user's id. */
export async function resolveMemberId(ctx: RunContext, ref: string): Promise<string> {
  if (isGuid(ref)) return ref.toLowerCase();
  if (ref.includes('@')) return String((await resolveUser(ctx, ref)).id);
  throw new CliError(2, `'${ref}' is neither an object id (GUID) nor a user principal name.`);
}
