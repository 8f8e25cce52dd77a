// The frame the Enterprise applications, Users and Groups pages share, as the Azure portal lays
// out one object's blades: a breadcrumb back to the list, the object's name, one tab per blade.

import { html, type Html } from '../../../http/kit/html.js';

export interface ObjectTab<K extends string> {
  key: K;
  label: string;
  href: string;
}

export interface ObjectFrame<K extends string> {
  /** The list the object belongs to: its label and path. */
  list: [string, string];
  name: string;
  /** The accessible name of the tab navigation (e.g. "User"). */
  navLabel: string;
  tabs: ReadonlyArray<ObjectTab<K>>;
  current: K;
}

/** Breadcrumb, heading and tabs, then `body`. */
export function objectFrame<K extends string>(frame: ObjectFrame<K>, body: Html): Html {
  const tab = frame.tabs.find((t) => t.key === frame.current);
  return html`<p class="crumbs"><a href="${frame.list[1]}">${frame.list[0]}</a> › ${frame.name}</p>
<h1>${frame.name} <span class="muted">· ${tab?.label ?? ''}</span></h1>
<nav aria-label="${frame.navLabel}"><ul class="tabs">${frame.tabs.map(
    (t) => html`<li><a href="${t.href}"${t.key === frame.current ? html` aria-current="page"` : html``}>${t.label}</a></li>`,
  )}</ul></nav>
${body}`;
}

/** The page title for a tab of an object. */
export function objectTitle<K extends string>(frame: Pick<ObjectFrame<K>, 'name' | 'tabs' | 'current'>): string {
  return `${frame.tabs.find((t) => t.key === frame.current)?.label ?? ''} · ${frame.name}`;
}

/** The text of a form field, trimmed and cut to `max` characters (user-supplied lengths are capped). */
export function field(form: Record<string, string>, name: string, max = 256): string {
  return (form[name] ?? '').trim().slice(0, max);
}

export function selected(on: boolean): Html {
  return on ? html` selected` : html``;
}

export function checked(on: boolean): Html {
  return on ? html` checked` : html``;
}
