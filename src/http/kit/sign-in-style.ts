// The look of the sign-in pages (/authorize, /devicelogin, /logout): one centred card, light and
// dark. Inline in every page and allowed by its hash in the CSP (kit/page.ts), so nothing loads.
// Colours meet WCAG AA (test/portal/contrast.table.test.ts): text 4.5:1 or more on its background;
// what shows where a control is (input borders, the account buttons' borders: --field, not the
// decorative --line) 3:1 or more (1.4.11).

export const SIGN_IN_STYLE = `
:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--ink:#1b1f24;--muted:#5a636e;--line:#cfd6de;--field:#6b7480;--accent:#0b5cad;--accent-ink:#fff;--err-bg:#fdecec;--err-line:#c9372c;--err-ink:#8a1c14}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--card:#1f2226;--ink:#e8eaed;--muted:#a6afb9;--line:#3a4047;--field:#8a949f;--accent:#7ab4f5;--accent-ink:#0d1117;--err-bg:#3a1d1b;--err-line:#e0675d;--err-ink:#f6c6c1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:28rem;margin:0 auto;padding:2.5rem 1.25rem}
main{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:2rem 1.75rem}
.brand{font-weight:600;color:var(--muted);margin:0 0 1rem;font-size:.9375rem}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.0625rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
a{color:var(--accent)}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.6rem .7rem;border:1px solid var(--field);border-radius:.4rem;background:var(--card);color:var(--ink)}
input.code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.15em;text-transform:uppercase}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
button{font:inherit;font-weight:600;padding:.6rem 1.25rem;border-radius:.4rem;border:1px solid var(--accent);cursor:pointer}
button.primary{background:var(--accent);color:var(--accent-ink)}
button.secondary{background:transparent;color:var(--accent)}
.error{background:var(--err-bg);border:1px solid var(--err-line);color:var(--err-ink);border-radius:.4rem;padding:.7rem .9rem;margin:1rem 0;overflow-wrap:anywhere}
.error code{font-size:.875em}
.app{font-weight:600}
.lead{margin:-.5rem 0 1rem;color:var(--muted)}
.badge{display:inline-block;font-size:.8125rem;font-weight:600;line-height:1.4;padding:0 .5rem;border:1px solid var(--line);border-radius:1rem;color:var(--muted)}
ul.perms{margin:.5rem 0;padding-left:1.25rem}
ul.perms li{margin:.3rem 0}
ul.accounts{list-style:none;margin:1rem 0 0;padding:0}
ul.accounts li{margin:.5rem 0}
button.account{display:block;width:100%;text-align:left;font-weight:400;background:transparent;color:var(--ink);border-color:var(--field)}
button.account:hover{border-color:var(--accent)}
button.account .name{display:block;font-weight:600}
button.account .upn{display:block;color:var(--muted);font-size:.9375rem;overflow-wrap:anywhere}
pre{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:.4rem;padding:.6rem .75rem;font-size:.875rem;line-height:1.45}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:var(--muted);font-size:.9375rem}
footer{margin-top:1.25rem;color:var(--muted);font-size:.875rem;text-align:center}
`.trim();
