// Reading a seed file: JSON or YAML text → a validated Seed, or every problem found, each located
// (syntax errors by file:line:column, validation errors by their path in the document).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { core } from 'zod';
import { findJsonProblems, lineAndColumn } from './json-syntax.js';
import { formatPath, formatProblem } from './problems.js';
import { LenientTenantSchema, SeedSchema, type Seed, type SeedTenant } from './schema.js';
import { analyzeSeed } from './validate.js';

type SeedLoadResult = { ok: true; seed: Seed } | { ok: false; errors: string[] };

/** Where the embedded demo seed lives (shipped next to this module). */
export const DEMO_SEED_URL = new URL('./demo.yaml', import.meta.url);

/**
 * Parse and validate seed text. JSON when the file name ends in .json or the text starts with `{`,
 * YAML otherwise. Lists every problem, not just the first.
 */
export function parseSeed(text: string, fileName: string): SeedLoadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') {
    return { ok: false, errors: [`${fileName}: the file is empty; a seed starts with "tenants:"`] };
  }
  const isJson = /\.json$/i.test(fileName) || source.trimStart().startsWith('{');
  const data = isJson ? readJson(source, fileName) : readYaml(source, fileName);
  if (!data.ok) return data;
  if (data.value === null || data.value === undefined) {
    return { ok: false, errors: [`${fileName}: the file is empty; a seed starts with "tenants:"`] };
  }
  return validateSeedData(data.value);
}

/** Read and parse a seed file. An unreadable file is reported like any other problem. */
export async function loadSeedFile(path: string): Promise<SeedLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message;
    return { ok: false, errors: [`${path}: cannot read the seed file (${why})`] };
  }
  return parseSeed(text, path);
}

/** The embedded demo seed (demo.yaml), applied when `entrada start` is given no --seed. */
export async function loadDemoSeed(): Promise<SeedLoadResult> {
  return loadSeedFile(fileURLToPath(DEMO_SEED_URL));
}

/** Validate already-parsed data (e.g. from a config object) as a seed. */
export function validateSeedData(data: unknown): SeedLoadResult {
  const parsed = SeedSchema.safeParse(data);
  if (parsed.success) {
    const { problems } = analyzeSeed(parsed.data.tenants.map((tenant, index) => ({ tenant, index })));
    return problems.length ? { ok: false, errors: problems.map(formatProblem) } : { ok: true, seed: parsed.data };
  }
  const errors = parsed.error.issues.map(formatIssue);
  // Tenants whose structure is sound (their problems, if any, are single values such as a redirect
  // URI or a secret's length) are cross-checked all the same, so a typo doesn't hide their other
  // problems until the next run.
  const tenants = (data as { tenants?: unknown } | null)?.tenants;
  if (Array.isArray(tenants)) {
    const valid: Array<{ tenant: SeedTenant; index: number }> = [];
    tenants.forEach((raw, index) => {
      const tenant = LenientTenantSchema.safeParse(raw);
      if (tenant.success) valid.push({ tenant: tenant.data, index });
    });
    errors.push(...analyzeSeed(valid).problems.map(formatProblem));
  }
  return { ok: false, errors };
}

function formatIssue(issue: core.$ZodIssue): string {
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined$/.test(message)) message = `is required (${issue.expected})`;
  return `${formatPath(issue.path)}: ${message}`;
}

type Read = { ok: true; value: unknown } | { ok: false; errors: string[] };

function readJson(text: string, fileName: string): Read {
  const problems = findJsonProblems(text);
  if (problems.length) {
    return { ok: false, errors: problems.map((p) => `${fileName}:${p.line}:${p.column}: JSON syntax error: ${p.message}`) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    // The scanner accepts only RFC 8259 JSON, so this is not expected; report it all the same.
    return { ok: false, errors: [`${fileName}: JSON syntax error: ${(e as Error).message}`] };
  }
}

function readYaml(text: string, fileName: string): Read {
  // uniqueKeys: a key given twice is an error, not "the last one wins".
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const { line, column } = lineAndColumn(text, e.pos[0]);
        return `${fileName}:${line}:${column}: YAML syntax error: ${e.message}`;
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (e) {
    return { ok: false, errors: [`${fileName}: YAML error: ${(e as Error).message}`] };
  }
}
