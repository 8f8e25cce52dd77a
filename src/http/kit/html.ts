// The one way the pages write HTML: the `html` tagged template. The template's own text is markup
// written here in the source; every value placed into it is escaped, unless it is already `Html`
// (made by `html` itself, so escaped once already). Raw markup enters only through
// unsafeRawHtml(), kept for constants written in the source (the inline style and script), so
// `grep unsafeRawHtml src` lists every place that could inject markup.

const TEXT = Symbol('html text');

/** Markup that is safe to place in a page as is: only `html`, joinHtml() and unsafeRawHtml() make it. */
export interface Html {
  readonly [TEXT]: string;
}

/** What `html` accepts between `${…}`: text and numbers are escaped, `Html` and lists of it are kept. */
type HtmlValue = string | number | Html | readonly Html[];

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text as HTML element content or a quoted attribute value. Pages never call it: `html` does.
 * Exported for tests that check how a value appears in a page.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

function made(text: string): Html {
  return Object.freeze({ [TEXT]: text });
}

function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && TEXT in value;
}

function markupOf(value: HtmlValue): string {
  if (isHtml(value)) return value[TEXT];
  if (Array.isArray(value)) return value.map((item: Html) => item[TEXT]).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<p>${text}</p>\`` escapes `text`; nested `Html` (or a list of it) goes in as is. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += markupOf(value) + strings[i + 1];
  });
  return made(out);
}

/** `items` one after another, `separator` (text, escaped) between them. */
export function joinHtml(items: readonly Html[], separator = ''): Html {
  return made(items.map((item) => item[TEXT]).join(escapeHtml(separator)));
}

/**
 * Markup taken as is, NOT escaped: only for constants written in the source (an inline style or
 * script whose CSP hash the page also sends), never for a value from a request or the directory.
 */
export function unsafeRawHtml(markup: string): Html {
  return made(markup);
}

/** The markup, to send. */
export function htmlText(value: Html): string {
  return value[TEXT];
}
