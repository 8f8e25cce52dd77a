// The portal's look: a header with the navigation, then the page, light and dark. Inline in every
// portal page and allowed by its hash in the CSP (http/kit/page.ts), so nothing loads. Colours
// meet WCAG AA: text 4.5:1 or more on its background, form field borders 3:1 or more (1.4.11).
// Usable from 390 px wide: the navigation wraps, code wraps (a box that scrolls would have to be
// focusable to be scrolled by keyboard), and wide tables scroll inside their own box, which is a
// focusable region for that reason (tableWrap() in portal-kit.ts).

export const PORTAL_STYLE = `
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--ink:#1b1f24;--muted:#4f5862;--line:#d5dbe1;--field:#6b7480;--accent:#0b5cad;--accent-ink:#fff;--ok-bg:#e8f5ec;--ok-line:#2e7d46;--ok-ink:#1d5631;--err-bg:#fdecec;--err-line:#c9372c;--err-ink:#8a1c14;--warn-bg:#fff6e0;--warn-line:#9a6a00;--warn-ink:#5c3f00}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1f2226;--ink:#e8eaed;--muted:#aab3bd;--line:#3a4047;--field:#8a949f;--accent:#7ab4f5;--accent-ink:#0d1117;--ok-bg:#17301f;--ok-line:#5cc07a;--ok-ink:#bfe8cb;--err-bg:#3a1d1b;--err-line:#e0675d;--err-ink:#f6c6c1;--warn-bg:#33290f;--warn-line:#d9a53a;--warn-ink:#f3dfae}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:2}
.skip:focus{left:1rem}
header.top{background:var(--card);border-bottom:1px solid var(--line)}
header.top .bar{max-width:72rem;margin:0 auto;padding:.6rem 1.25rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center}
header.top .brand{font-weight:700;color:var(--ink);text-decoration:none;margin-right:auto}
header.top nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .9rem}
header.top nav a{color:var(--accent);text-decoration:none;padding:.2rem 0;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{color:var(--ink);border-bottom-color:var(--accent);font-weight:600}
header.top .who{display:flex;gap:.6rem;align-items:center;color:var(--muted);font-size:.9375rem}
header.top .who button{white-space:nowrap}
.wrap{max-width:72rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
main{display:block}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
h3{font-size:1.05rem;margin:1.25rem 0 .4rem}
p{margin:.5rem 0}
a{color:var(--accent)}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.25rem;margin:1rem 0}
.card>h2:first-child,.card>h3:first-child{margin-top:0}
.crumbs{color:var(--muted);font-size:.9375rem;margin:0 0 .5rem}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.5rem 0 1rem;padding:0;list-style:none;border-bottom:1px solid var(--line)}
.tabs a{display:inline-block;padding:.4rem 0;text-decoration:none;border-bottom:2px solid transparent}
.tabs a[aria-current=page]{color:var(--ink);font-weight:600;border-bottom-color:var(--accent)}
.table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:.6rem;margin:.75rem 0}
table{border-collapse:collapse;width:100%;font-size:.9375rem}
th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);white-space:nowrap}
tr:last-child td{border-bottom:0}
dl.facts{display:grid;grid-template-columns:minmax(8rem,14rem) 1fr;gap:.35rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
label.inline{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.5rem 0}
.hint{color:var(--muted);font-size:.9rem;margin:.2rem 0 0;font-weight:400}
input[type=text],input[type=password],input[type=search],input[type=url],input[type=email],input[type=number],input[type=datetime-local],select,textarea{width:100%;max-width:40rem;font:inherit;padding:.5rem .6rem;border:1px solid var(--field);border-radius:.35rem;background:var(--card);color:var(--ink)}
textarea{min-height:6rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem}
textarea.manifest{max-width:none;min-height:28rem}
input[type=checkbox],input[type=radio]{width:1.1rem;height:1.1rem;accent-color:var(--accent)}
input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible,.table-wrap:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
fieldset{border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem 1rem;margin:1rem 0}
legend{font-weight:600;padding:0 .3rem}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;margin-top:1rem;align-items:center}
form.inline{display:inline}
button,.button{font:inherit;font-weight:600;padding:.45rem 1rem;border-radius:.35rem;border:1px solid var(--accent);cursor:pointer;background:var(--accent);color:var(--accent-ink);text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:transparent;color:var(--accent)}
button.danger{background:transparent;color:var(--err-ink);border-color:var(--err-line)}
button.link{background:none;border:0;padding:0;color:var(--accent);font-weight:400;text-decoration:underline}
.notice{border-radius:.4rem;padding:.6rem .9rem;margin:1rem 0;border:1px solid;overflow-wrap:anywhere}
.notice.ok{background:var(--ok-bg);border-color:var(--ok-line);color:var(--ok-ink)}
.notice.error{background:var(--err-bg);border-color:var(--err-line);color:var(--err-ink)}
.notice.warn{background:var(--warn-bg);border-color:var(--warn-line);color:var(--warn-ink)}
.badge{display:inline-block;font-size:.8125rem;font-weight:600;line-height:1.4;padding:0 .5rem;border:1px solid var(--field);border-radius:1rem;color:var(--muted);white-space:nowrap}
.badge.ok{border-color:var(--ok-line);color:var(--ok-ink);background:var(--ok-bg)}
.badge.error{border-color:var(--err-line);color:var(--err-ink);background:var(--err-bg)}
.muted{color:var(--muted)}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--bg);border:1px solid var(--line);border-radius:.4rem;padding:.6rem .75rem;line-height:1.45}
.secret{font-size:1rem;padding:.4rem .6rem;border:1px dashed var(--ok-line);background:var(--ok-bg);color:var(--ok-ink);overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
details{margin:.5rem 0}
summary{cursor:pointer;color:var(--accent)}
tr.entry>td{border-bottom:0}
tr.entry-more>td{padding-top:0}
table.changes td{overflow-wrap:anywhere;min-width:6rem}
.verdict{border-left:4px solid var(--line);padding:.25rem .75rem;margin:.25rem 0}
.verdict.ok{border-left-color:var(--ok-line)}
.verdict.refused{border-left-color:var(--err-line)}
footer.foot{max-width:72rem;margin:0 auto;padding:0 1.25rem 2rem;color:var(--muted);font-size:.875rem}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}header.top .bar{padding:.5rem .9rem}.wrap{padding:1rem .9rem 2rem}}
`.trim();
