// Writes docs/errors.md from the AADSTS catalogue (src/core/errors/catalogue.ts), so the two never
// drift: `npm run docs:errors`. test/core/catalogue.test.ts fails when the file is stale.

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { allCodes, catalogue, placeholdersOf } from '../src/core/errors/catalogue.js';

const BASIS = { D: 'documented', O: 'observed', I: 'inferred' } as const;

const HEADER = `# AADSTS error codes

Every error code Entrada can send, with the OAuth \`error\` value and HTTP status it goes out with, the
message clients receive after \`AADSTS<code>: \`, and — beyond what Entra says — what the refusal means,
its usual causes and what to change. The same text is served by the error page at \`/error?code=<code>\`
(the \`error_uri\` of error responses, which Entra leaves out for the codes marked *no \`error_uri\`*);
\`/error\` alone lists all codes.

This file is generated from \`src/core/errors/catalogue.ts\` by \`npm run docs:errors\`;
\`test/core/catalogue.test.ts\` fails if it is stale.

How to read an entry:

* **OAuth error / HTTP status** — what the token endpoint sends. \`invalid_client\` is always 401,
  \`server_error\` 500, everything else 400 (codes Entra only shows on its own pages are listed with 400 too).
* **Message** — Entra's own wording, reproduced so clients and people recognise it; \`{name}\` marks a
  value filled in from the request (listed under *Placeholders*).
* **Basis** — *documented*: Microsoft documents the code; *observed*: seen in real Entra responses;
  *inferred*: Entrada's best reading where neither exists (usually the \`error\` value or status).
* Settings are named as in the Azure portal / Microsoft Entra admin center, e.g.
  *App registrations → &lt;app&gt; → Authentication*. Entrada's seed files use the matching Microsoft Graph
  property names (\`web.redirectUris\`, \`spa.redirectUris\`, \`publicClient.redirectUris\`,
  \`isFallbackPublicClient\` for "Allow public client flows").
`;

const md = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderErrorsDoc(): string {
  const codes = allCodes();
  const out: string[] = [HEADER, '## Index', '', '| Code | OAuth error | HTTP | Name |', '|---|---|---|---|'];
  for (const code of codes) {
    const e = catalogue[code];
    out.push(`| [AADSTS${code}](#aadsts${code}) | \`${e.error}\` | ${e.status} | ${e.name} |`);
  }
  for (const code of codes) {
    const e = catalogue[code];
    const sub = `${e.suberror ? `, suberror \`${e.suberror}\`` : ''}${e.errorUri === false ? ', no `error_uri`' : ''}`;
    const basis = e.source.map((s) => BASIS[s]).join(', ');
    out.push('', `## AADSTS${code}`, '', `**${e.name}** — OAuth error \`${e.error}\`, HTTP ${e.status}${sub}. Basis: ${basis}.`, '', `> ${md(e.message)}`, '');
    const slots = placeholdersOf(e.message);
    out.push(`Placeholders: ${slots.length > 0 ? slots.map((p) => `\`${p}\``).join(', ') : 'none'}.`, '');
    for (const [i, para] of e.explanation.split('\n\n').entries()) out.push(i === 0 ? `**What it means.** ${md(para)}` : md(para), '');
    out.push('**Usual causes:**', '', ...e.causes.map((c) => `* ${md(c)}`), '', `**How to fix it.** ${md(e.fix)}`);
  }
  return `${out.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorsDoc());
  console.log(`docs/errors.md: ${allCodes().length} codes`);
}
