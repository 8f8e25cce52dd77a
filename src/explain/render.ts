// The report as text for a terminal, or as JSON (shape documented in report.ts). Both pass
// through scrub(): any secret value from the input that reached the output is replaced — a
// second line of defence, since nothing above prints a value in the first place.

import { PLATFORM_LABEL } from '../core/policy/client-type.js';
import type { Decision, ExplainedRequest, Finding, Report } from './report.js';

export function renderJson(report: Report, secrets: readonly string[]): string {
  return scrub(JSON.stringify(report, null, 2), secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]));
}

export function renderText(report: Report, secrets: readonly string[], options: { inputName?: string } = {}): string {
  const out: string[] = [];
  const n = report.requests.length;
  const what = report.input.kind === 'har' ? 'HAR file' : report.input.kind === 'curl' ? 'curl command' : report.input.kind === 'raw-http' ? 'raw HTTP' : report.input.kind === 'error-body' ? 'error body' : 'text';
  out.push(`${n} login request${n === 1 ? '' : 's'}/response${n === 1 ? '' : 's'} found in the ${what}${options.inputName ? ` (${options.inputName})` : ''}${report.input.ignored > 0 ? `; ${report.input.ignored} other entr${report.input.ignored === 1 ? 'y' : 'ies'} ignored` : ''}`);
  for (const note of report.input.notes) out.push(`note: ${note}`);
  const m = report.manifest;
  if (m) {
    out.push(`manifest: '${m.displayName}' (appId ${m.appId}, ${m.format === 'aad' ? 'AAD Graph' : 'Microsoft Graph'} format, ${m.signInAudience}${m.publisherDomain ? `, publisher domain ${m.publisherDomain}` : ''})`);
    out.push(`  Allow public client flows: ${m.isFallbackPublicClient === true ? 'Yes' : 'No'}${m.isFallbackPublicClient === null ? ' (not set)' : ''}`);
    for (const platform of ['web', 'spa', 'publicClient'] as const) {
      const uris = m.redirectUris.filter((u) => u.platform === platform).map((u) => u.uri);
      if (uris.length > 0) out.push(`  ${PLATFORM_LABEL[platform]}: ${uris.join(', ')}`);
    }
    if (m.secrets.length > 0) out.push(`  client secrets: ${m.secrets.map((k) => `'${k.displayName ?? '(no description)'}' hint ${k.hint ?? '?'}… ${k.expired ? 'EXPIRED' : 'expires'} ${k.endDateTime ?? '?'}`).join('; ')}`);
  }
  for (const r of report.requests) out.push('', ...requestLines(r));
  out.push('');
  if (report.findings.length === 0) {
    out.push('Diagnosis: nothing wrong found in what the input shows.');
  } else {
    out.push('Diagnosis');
    report.findings.forEach((f, i) => {
      out.push(...findingLines(f, i + 1, report.requests.length));
    });
  }
  return scrub(out.map((l) => printable(l)).join('\n'), secrets);
}

function requestLines(r: ExplainedRequest): string[] {
  const out: string[] = [];
  out.push(`Request ${r.index} (${r.source})`);
  if (r.method && r.url) out.push(`  ${r.method} ${r.url}`);
  const row = (label: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined) out.push(`  ${label.padEnd(13)} ${value}`);
  };
  if (r.endpoint) {
    const e = r.endpoint;
    row('endpoint', `${e.kind}${e.version ? `, ${e.version === 'v2' ? 'v2.0' : 'v1'}` : ''}`);
    if (e.tenant !== null) row('tenant', `${e.tenant} (${e.tenantKind === 'alias' ? 'multi-tenant alias' : e.tenantKind})`);
  }
  if (r.method) {
    row('grant_type', r.grantType ?? (r.endpoint?.kind === 'authorize' ? `(authorize request${r.responseType ? `, response_type=${r.responseType}` : ''})` : '(none)'));
    row('client_id', r.clientId ?? '(none)');
    row('redirect_uri', r.redirectUri ?? '(none)');
    if (r.credentials) row('credentials', r.credentials.description);
    row('Origin', r.origin ?? '(none)');
    if (r.scope !== null) row('scope', r.scope);
    if (r.resource !== null) row('resource', r.resource);
    if (r.username !== null) row('username', r.username);
    if (r.pkce.codeVerifier || r.pkce.codeChallengeMethod || r.grantKind === 'authorization_code') {
      row('PKCE', r.pkce.codeChallengeMethod ? `code_challenge (${r.pkce.codeChallengeMethod})` : r.pkce.codeVerifier ? 'code_verifier sent' : 'no code_verifier');
    }
    for (const s of r.secrets) row(s.name, s.description);
    row('library', r.library);
  }
  for (const n of [...r.notes, ...(r.credentials?.misplaced ?? []).map((m) => `credential in the wrong place: ${m}`)]) out.push(`  note: ${n}`);
  const res = r.response;
  if (res) {
    if (res.code !== null) {
      out.push(`  response      ${[res.status !== null ? `HTTP ${res.status}` : null, res.error, `AADSTS${res.code}`].filter(Boolean).join('  ')}${res.fromText ? '  (read from text)' : ''}`);
      if (res.message) out.push(`                ${res.message}`);
      const ids = [res.traceId && `Trace ID ${res.traceId}`, res.correlationId && `Correlation ID ${res.correlationId}`, res.timestamp && `at ${res.timestamp}`].filter(Boolean);
      if (ids.length > 0) out.push(`                ${ids.join(', ')}`);
    } else if (res.status !== null) {
      out.push(`  response      HTTP ${res.status}${res.error ? `  ${res.error}` : ''}${res.tokens.length > 0 ? ` (${res.tokens.join(', ')} issued; not shown)` : ''}`);
    }
  } else if (r.method) {
    out.push('  response      (not in the input)');
  }
  if (r.decision) out.push(...decisionLines(r.decision, r.response?.code ?? null));
  return out;
}

function decisionLines(d: Decision, observed: number | null): string[] {
  const out: string[] = [];
  // A refusal that matches is "the error Entra returned"; a pass that matches means the request
  // got past this check and failed later (or succeeded).
  const mark = (code: number | null | undefined, matches: boolean | null | undefined) => {
    if (matches !== true) return '';
    if (code !== null && code !== undefined) return '   ◀ matches the error Entra returned';
    return observed !== null ? `   ◀ consistent: passes this check, refused later (AADSTS${observed})` : '   ◀ consistent: tokens were issued';
  };
  if (d.basis === 'manifest' && d.why) {
    out.push('  Decision (from the manifest)');
    out.push(`    ${d.why}`);
    out.push(`    → ${d.outcome}${d.matchesObserved === false ? '   ✗ not what Entra answered' : mark(d.code, d.matchesObserved)}`);
  }
  if (d.scenarios.length > 0) {
    out.push(d.basis === 'manifest' ? '  What each registration would produce instead' : '  Decision (no manifest given: what each registration would produce)');
    const width = Math.max(...d.scenarios.map((s) => s.registration.length));
    for (const s of d.scenarios) out.push(`    ${s.registration.padEnd(width)}  → ${s.outcome}${mark(s.code, s.matchesObserved)}`);
  }
  for (const n of d.notes) out.push(`    note: ${n}`);
  return out;
}

function findingLines(f: Finding, i: number, requests: number): string[] {
  const head = `${i}. ${f.code !== null ? `AADSTS${f.code} — ` : ''}${f.title}`;
  const where = [requests > 1 && f.request !== null ? `request ${f.request}` : null, f.observed ? 'the error Entra returned' : f.code !== null ? 'what Entra would answer' : null].filter(Boolean).join('; ');
  const out = [`${head}${where ? `  [${where}]` : ''}`, '   why:'];
  for (const w of f.why) out.push(`     - ${w}`);
  out.push('   fix:');
  for (const x of f.fix) out.push(`     - ${x}`);
  return out;
}

/** Escape control characters (input values reach the terminal) except the line breaks we add. */
function printable(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Replace every occurrence of a secret value (longest first) with a marker. */
function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...new Set(secrets)].filter((v) => v.length >= 6).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join('(redacted)');
  }
  return out;
}
