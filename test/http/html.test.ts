// The page kit's `html` template (src/http/kit/html.ts): every interpolated value is escaped unless
// it is already Html; lists of Html go in as is; raw markup only through unsafeRawHtml().

import { describe, expect, it } from 'vitest';
import { escapeHtml, html, htmlText, joinHtml, unsafeRawHtml, type Html } from '../../src/http/kit/html.js';

const text = (value: Html) => htmlText(value);

describe('html tagged template', () => {
  it('escapes < > & " and \' in interpolated text', () => {
    expect(text(html`<p>${`<b>"Tom" & 'Jerry'</b>`}</p>`)).toBe('<p>&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>');
  });

  it('keeps the template itself as markup, with its escape sequences read as usual', () => {
    expect(text(html`<p class="a">x</p>\n<br>`)).toBe('<p class="a">x</p>\n<br>');
    expect(text(html``)).toBe('');
  });

  it('escapes a value in a quoted attribute so it cannot end the attribute or the tag', () => {
    const value = `" onmouseover="alert(1)" x='`;
    expect(text(html`<input value="${value}">`)).toBe('<input value="&quot; onmouseover=&quot;alert(1)&quot; x=&#39;">');
  });

  it('writes numbers as text', () => {
    expect(text(html`<dd>${401}</dd><a href="/error?code=${7000215}">`)).toBe('<dd>401</dd><a href="/error?code=7000215">');
  });

  it('inserts nested Html as is, and escapes each value only once', () => {
    const inner = html`<span class="app">${'A & B'}</span>`;
    expect(text(html`<p>${inner}</p>`)).toBe('<p><span class="app">A &amp; B</span></p>');
    expect(text(html`<div>${html`<p>${inner}</p>`}</div>`)).toBe('<div><p><span class="app">A &amp; B</span></p></div>');
  });

  it('inserts a list of Html one after another, and an empty list as nothing', () => {
    const items = ['<a>', 'b'].map((v) => html`<li>${v}</li>`);
    expect(text(html`<ul>${items}</ul>`)).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(text(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('joinHtml puts escaped text between the items', () => {
    const items = ['x', 'y'].map((v) => html`<li>${v}</li>`);
    expect(text(joinHtml(items, '\n'))).toBe('<li>x</li>\n<li>y</li>');
    expect(text(joinHtml(items, '<&>'))).toBe('<li>x</li>&lt;&amp;&gt;<li>y</li>');
    expect(text(joinHtml([]))).toBe('');
  });

  it('takes markup as is only through unsafeRawHtml()', () => {
    expect(text(html`<style>${unsafeRawHtml('a>b{color:red}')}</style>`)).toBe('<style>a>b{color:red}</style>');
    expect(text(html`<style>${'a>b{color:red}'}</style>`)).toBe('<style>a&gt;b{color:red}</style>');
  });

  it('does not take an object that merely looks like Html, nor its string form', () => {
    const fake = { toString: () => '<script>x</script>' } as unknown as string;
    expect(text(html`${fake}`)).toBe('&lt;script&gt;x&lt;/script&gt;');
    const real = html`<b>x</b>`;
    expect(text(html`${String(real)}`)).not.toContain('<b>');
  });

  it('escapeHtml is the same escaping', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
    expect(text(html`${`<>&"'`}`)).toBe(escapeHtml(`<>&"'`));
  });
});
