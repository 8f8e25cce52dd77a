// The one-way rules of src/ (README, "Development"): each test names a rule and lists the imports
// that break it, as `importer -> imported`. Imports are read with a regular expression, type-only
// imports included: a type import still ties two files together.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * The node: modules core/ may use: pure computation, no file, network, process, worker or clock
 * access. Everything else in node: does I/O or touches the process, so it belongs outside core/.
 */
const PURE_NODE_MODULES = new Set(['node:crypto', 'node:buffer', 'node:url', 'node:util']);

/** Packages that are HTTP or a database driver: flows/ reaches them only through ports. */
const FLOW_FORBIDDEN_PACKAGES = ['fastify', 'pg', 'better-sqlite3', 'kysely'];

interface Import {
  /** Importing file, relative to src/, with `/` separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** For a relative specifier: the imported file, relative to src/ (`.js` read as `.ts`). */
  to?: string;
}

const STATIC_IMPORT = /^\s*(?:import|export)\s[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = toPosix(relative(SRC, file));
  const specifiers = [STATIC_IMPORT, SIDE_EFFECT_IMPORT, DYNAMIC_IMPORT].flatMap((re) => [...text.matchAll(re)].map((m) => m[1]));
  return [...new Set(specifiers)].map((specifier) => {
    if (!specifier.startsWith('.')) return { from, specifier };
    const to = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.js$/, '.ts');
    return { from, specifier, to };
  });
}

const FILES = sourceFiles(SRC);
const IMPORTS = FILES.flatMap(importsOf);

function show(found: Import[]): string[] {
  return found.map((i) => `${i.from} -> ${i.to ?? i.specifier}`);
}

/** The top folder of a path under src/ (`core`, `flows`, …), or the file name for top-level files. */
function topOf(path: string): string {
  return path.split('/')[0];
}

/** The endpoint family of a file under http/ (`token`, `authorize`, …), `kit`, or undefined for http/*.ts. */
function familyOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'http' && parts.length > 2 ? parts[1] : undefined;
}

/** The flow folder of a file under flows/ (`token` for flows/token/grants too), or undefined. */
function flowOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'flows' && parts.length > 2 ? parts[1] : undefined;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('import boundaries of src/', () => {
  it('reads the import graph (the rules below are not vacuous)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(IMPORTS.some((i) => i.from === 'http/app.ts' && i.to === 'http/kit/refusal.ts')).toBe(true);
    expect(IMPORTS.some((i) => i.from === 'cli/main.ts' && i.to === 'explain/cli.ts')).toBe(true); // import('…')
    // Every relative import names a file that exists.
    const known = new Set(FILES.map((f) => toPosix(relative(SRC, f))));
    expect(show(IMPORTS.filter((i) => i.to !== undefined && !known.has(i.to)))).toEqual([]);
  });

  it('core/ imports only core/ and pure node: modules (no I/O)', () => {
    const bad = IMPORTS.filter(
      (i) => topOf(i.from) === 'core' && (i.to ? topOf(i.to) !== 'core' : !PURE_NODE_MODULES.has(i.specifier)),
    );
    expect(show(bad)).toEqual([]);
  });

  it('flows/ imports no http/, storage/, HTTP framework or database driver', () => {
    const bad = IMPORTS.filter(
      (i) =>
        topOf(i.from) === 'flows' &&
        (i.to ? ['http', 'storage'].includes(topOf(i.to)) : FLOW_FORBIDDEN_PACKAGES.includes(packageOf(i.specifier))),
    );
    expect(show(bad)).toEqual([]);
  });

  it('a flow imports flows/shared/, never another flow', () => {
    const bad = IMPORTS.filter((i) => {
      const from = flowOf(i.from);
      const to = i.to && flowOf(i.to);
      return from !== undefined && to !== undefined && to !== from && to !== 'shared';
    });
    expect(show(bad)).toEqual([]);
  });

  it('an http/ endpoint family imports http/kit/, never another family; kit/ imports no family', () => {
    const bad = IMPORTS.filter((i) => {
      const from = familyOf(i.from);
      const to = i.to && familyOf(i.to);
      if (from === undefined || !to || to === from) return false;
      return to !== 'kit'; // kit → family, and family → other family
    });
    expect(show(bad)).toEqual([]);
  });

  it('src/http/ holds only app.ts (the composition of the families), kit/ and family folders', () => {
    const loose = FILES.map((f) => toPosix(relative(SRC, f))).filter((f) => f.startsWith('http/') && f.split('/').length === 2);
    expect(loose).toEqual(['http/app.ts']);
  });

  it('no route imports another route (app.ts composes them)', () => {
    const isRoute = (path: string) => /-route\.ts$|\/routes\.ts$/.test(path);
    const bad = IMPORTS.filter((i) => i.to !== undefined && isRoute(i.from) && isRoute(i.to));
    expect(show(bad)).toEqual([]);
  });

  it('explain/ imports no http/ or storage/', () => {
    const bad = IMPORTS.filter((i) => topOf(i.from) === 'explain' && i.to !== undefined && ['http', 'storage'].includes(topOf(i.to)));
    expect(show(bad)).toEqual([]);
  });

  // The admin portal (ui/) is an edge like cli/: it changes the directory only through the directory
  // service (directory/), as Graph does, and reaches no storage adapter; http/ knows nothing of it.
  it('ui/ imports no storage/ and no flows/; http/ and directory/ import no ui/', () => {
    const bad = IMPORTS.filter(
      (i) =>
        i.to !== undefined &&
        ((topOf(i.from) === 'ui' && ['storage', 'flows'].includes(topOf(i.to))) || (['http', 'directory', 'core'].includes(topOf(i.from)) && topOf(i.to) === 'ui')),
    );
    expect(IMPORTS.some((i) => i.from === 'compose.ts' && i.to === 'ui/portal/portal-routes.ts')).toBe(true);
    expect(show(bad)).toEqual([]);
  });

  it('no file cycle in src/ (strongly connected components of the relative-import graph)', () => {
    expect(fileCycles().map((cycle) => cycle.join(' ⇄ '))).toEqual([]);
  });
});

/** Tarjan's algorithm: every strongly connected component of more than one file, or a file importing itself. */
function fileCycles(): string[][] {
  const graph = new Map<string, string[]>();
  for (const f of FILES) graph.set(toPosix(relative(SRC, f)), []);
  for (const i of IMPORTS) if (i.to && graph.has(i.to)) graph.get(i.from)!.push(i.to);

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;

  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
  };

  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
