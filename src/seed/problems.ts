// A problem found in a seed file, located by its path in the document.

export type SeedPath = ReadonlyArray<string | number>;

export interface SeedProblem {
  path: SeedPath;
  message: string;
}

/** `tenants[0].applications[2].web.redirectUris[1]`; the document itself is `(root)`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out || '(root)';
}

export function formatProblem(problem: SeedProblem): string {
  return `${formatPath(problem.path)}: ${problem.message}`;
}

/** Thrown by applySeed when handed a seed that does not validate. */
export class SeedValidationError extends Error {
  readonly errors: string[];
  constructor(errors: string[]) {
    super(`The seed is invalid:\n  ${errors.join('\n  ')}`);
    this.name = 'SeedValidationError';
    this.errors = errors;
  }
}
