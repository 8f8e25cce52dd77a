// What the "Expose an API" scopes and the "App roles" share: reading capped text fields from a
// form, the state radios, the row actions (edit, enable/disable, delete), and replacing one
// entry of a list by id. The directory layer keeps the rules (an enabled scope or role can be
// neither deleted nor given another value: CannotDeleteOrUpdateEnabledEntitlement); the page shows
// its refusal.

import { GraphError } from '../../../../directory/errors.js';
import { html, type Html } from '../../../../http/kit/html.js';
import { csrfInput, type Viewer } from '../../portal-kit.js';

/**
 * Lengths the portal accepts [I: Entra documents the value's characters (no spaces, not starting
 * with a dot) but these bounds only loosely; they keep rows small and match the Azure portal's
 * fields in practice].
 */
export const ENTITLEMENT_LIMITS = { value: 120, displayName: 256, description: 1024, identifierUri: 256 } as const;

/** A refusal of the portal's own, in Graph's shape so errorNotice() shows it like the directory's. */
export function formProblem(message: string): GraphError {
  return new GraphError(400, 'Request_BadRequest', message);
}

/** The trimmed field; a missing required one or one over `max` characters is refused by its label. */
export function readText(form: Record<string, string>, name: string, label: string, max: number, required: boolean): string {
  const value = (form[name] ?? '').trim();
  if (required && value === '') throw formProblem(`${label} is required.`);
  if (value.length > max) throw formProblem(`${label} is ${value.length} characters long; at most ${max} are allowed.`);
  return value;
}

/** A permission value as Entra accepts it: no whitespace, not starting with a dot [D: Graph appRole/permissionScope `value`]. */
export function readValue(form: Record<string, string>, name: string, label: string): string {
  const value = readText(form, name, label, ENTITLEMENT_LIMITS.value, true);
  if (/\s/.test(value)) throw formProblem(`${label} cannot contain spaces.`);
  if (value.startsWith('.')) throw formProblem(`${label} cannot start with a dot.`);
  return value;
}

/** The list with the entry `id` replaced by `next`, or removed when `next` is null. */
export function replaceById<T extends { id: string }>(list: readonly T[], id: string, next: T | null): T[] {
  return next === null ? list.filter((e) => e.id !== id) : list.map((e) => (e.id === id ? next : e));
}

/** The "State" radios of a scope or role form. */
export function stateField(enabled: boolean, legend: string): Html {
  const on = enabled ? html` checked` : html``;
  const off = enabled ? html`` : html` checked`;
  return html`<fieldset><legend>${legend}</legend>
<label class="inline" for="state-enabled"><input type="radio" id="state-enabled" name="state" value="enabled"${on}> Enabled</label>
<label class="inline" for="state-disabled"><input type="radio" id="state-disabled" name="state" value="disabled"${off}> Disabled</label></fieldset>`;
}

/** Edit, enable/disable and delete of one row; `base` is the entry's portal path (…/scopes/<id>, …/roles/<id>). */
export function rowActions(viewer: Viewer, base: string, name: string, enabled: boolean): Html {
  return html`<div class="actions"><a href="${base}" aria-label="Edit ${name}">Edit</a>
<form class="inline" method="post" action="${base}/state">${csrfInput(viewer)}<input type="hidden" name="state" value="${enabled ? 'disabled' : 'enabled'}"><button class="secondary" type="submit" aria-label="${enabled ? 'Disable' : 'Enable'} ${name}">${enabled ? 'Disable' : 'Enable'}</button></form>
<form class="inline" method="post" action="${base}/delete">${csrfInput(viewer)}<button class="danger" type="submit" aria-label="Delete ${name}">Delete</button></form></div>`;
}

/** "Enabled"/"Disabled" in words (never colour alone). */
export function stateBadge(enabled: boolean): Html {
  return enabled ? html`<span class="badge ok">Enabled</span>` : html`<span class="badge">Disabled</span>`;
}
