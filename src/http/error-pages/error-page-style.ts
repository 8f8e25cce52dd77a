// The look of the /error pages: a wider reading column than the sign-in card, with the message
// template's «slots», fact lists and the code table. Passed to the page kit's document, which
// inlines it; ERROR_PAGE_CSP allows it by hash.

export const ERROR_PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#f7f7f5;--card:#fff;--ink:#1f2328;--muted:#57606a;--line:#d8dee4;--accent:#0b5cad;--slot-bg:#eef3f9;--slot-ink:#0b4a8b;--note:#fff8e1;--note-line:#e6c66a}
@media (prefers-color-scheme:dark){:root{--bg:#16181b;--card:#1e2125;--ink:#e6e8eb;--muted:#a3acb6;--line:#353a40;--accent:#7ab4f5;--slot-bg:#24313f;--slot-ink:#a9cdf5;--note:#2b2618;--note-line:#7a6630}}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
header.site{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;justify-content:space-between;color:var(--muted);font-size:.9375rem;margin-bottom:1.25rem}
header.site .brand{font-weight:600;color:var(--ink)}
main{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1.75rem 1.5rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 .25rem;letter-spacing:.01em}
.sub{margin:0 0 1.25rem;color:var(--muted)}
h2{font-size:1.125rem;margin:1.75rem 0 .5rem}
p{margin:.5rem 0}
ul{margin:.5rem 0;padding-left:1.25rem}
li{margin:.35rem 0}
a{color:var(--accent)}
a:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
blockquote.message{margin:.75rem 0 0;padding:.875rem 1rem;border-left:4px solid var(--accent);background:var(--bg);border-radius:0 .5rem .5rem 0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375rem;overflow-wrap:anywhere}
.slot{background:var(--slot-bg);color:var(--slot-ink);border-radius:.25rem;padding:0 .2rem;white-space:nowrap}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9375em}
.note{background:var(--note);border:1px solid var(--note-line);border-radius:.5rem;padding:.75rem 1rem;margin:1.25rem 0 0}
table{width:100%;border-collapse:collapse;font-size:.9375rem;margin-top:1rem}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem;border-top:1px solid var(--line)}
th{color:var(--muted);font-weight:600;border-top:none}
td.code{white-space:nowrap}
footer.site{margin-top:1.5rem;color:var(--muted);font-size:.875rem}
`.trim();
