// The OData query options Graph's directory lists take, the subset clients send
// (graph-and-clients.md §A.6, §C.1): $filter with eq / ne / in / startswith / any() joined by
// `and`, $select, $top (1–999, default 100), $count with `ConsistencyLevel: eventual`, paging by
// an absolute @odata.nextLink. Lists are filtered over the tenant's objects in memory: a tenant's
// directory is small, and this keeps one evaluator for every resource.

import type { FastifyRequest } from 'fastify';
import { GraphError } from '../../directory/errors.js';
import type { GraphObject } from '../../directory/representation.js';
import type { ParsedQuery } from '../kit/route-types.js';

const MAX_FILTER_CHARS = 2048;
const MAX_CLAUSES = 20;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 999;

type Literal = string | number | boolean | null;
type Clause =
  | { op: 'eq' | 'ne'; path: string[]; value: Literal }
  | { op: 'ge' | 'le' | 'gt' | 'lt'; path: string[]; value: Literal }
  | { op: 'in'; path: string[]; values: Literal[] }
  | { op: 'startswith'; path: string[]; value: string }
  | { op: 'any'; path: string[]; test: 'eq' | 'startswith'; value: string };

function unsupported(message: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', message);
}

/** A small tokenizer-parser for the clauses above. Anything else is Graph's Request_UnsupportedQuery. */
export function parseFilter(text: string, resource: string, filterable: ReadonlySet<string>, advanced: boolean): Clause[] {
  if (text.length > MAX_FILTER_CHARS) throw unsupported(`The $filter is longer than ${MAX_FILTER_CHARS} characters.`);
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const peekWord = () => /^[A-Za-z_][\w]*/.exec(text.slice(i))?.[0] ?? '';
  const expect = (ch: string) => {
    ws();
    if (text[i] !== ch) throw unsupported(`Invalid $filter: expected '${ch}' at position ${i}.`);
    i++;
  };
  const path = (): string[] => {
    ws();
    // A property path (`web/redirectUris`); a trailing `/any(` is the lambda, not a segment.
    const m = /^[A-Za-z_][\w]*(\/(?!any\s*\()[A-Za-z_][\w]*)*/i.exec(text.slice(i));
    if (!m) throw unsupported(`Invalid $filter: expected a property at position ${i}.`);
    i += m[0].length;
    const parts = m[0].split('/');
    if (!filterable.has(parts[0])) {
      throw unsupported(`Unsupported or invalid query filter clause specified for property '${parts[0]}' of resource '${resource}'.`);
    }
    return parts;
  };
  const literal = (): Literal => {
    ws();
    if (text[i] === "'") {
      let out = '';
      i++;
      for (;;) {
        if (i >= text.length) throw unsupported('Invalid $filter: unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          i++;
          return out;
        }
        out += text[i++];
      }
    }
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)|true|false|null|-?\d+(\.\d+)?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/.exec(text.slice(i));
    if (!m) throw unsupported(`Invalid $filter: expected a value at position ${i}.`);
    i += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    return /^-?\d+(\.\d+)?$/.test(m[0]) ? Number(m[0]) : m[0];
  };
  const stringLiteral = (): string => {
    const v = literal();
    if (typeof v !== 'string') throw unsupported('Invalid $filter: startswith and any() compare with a quoted string.');
    return v;
  };
  const clause = (): Clause => {
    ws();
    const word = peekWord();
    if (word.toLowerCase() === 'startswith') {
      i += word.length;
      expect('(');
      const p = path();
      expect(',');
      const value = stringLiteral();
      expect(')');
      return { op: 'startswith', path: p, value };
    }
    const p = path();
    ws();
    if (text.slice(i, i + 5).toLowerCase() === '/any(' || text[i] === '/') {
      // prop/any(x:x eq 'v') or prop/any(x:startswith(x,'v'))
      const m = /^\/any\(\s*([A-Za-z_]\w*)\s*:\s*/i.exec(text.slice(i));
      if (!m) throw unsupported(`Invalid $filter: expected /any(x:…) at position ${i}.`);
      i += m[0].length;
      const variable = m[1];
      let test: 'eq' | 'startswith';
      let value: string;
      if (/^startswith\s*\(/i.test(text.slice(i))) {
        i = text.indexOf('(', i) + 1;
        ws();
        if (!text.startsWith(variable, i)) throw unsupported(`Invalid $filter: any() must test '${variable}'.`);
        i += variable.length;
        expect(',');
        value = stringLiteral();
        expect(')');
        test = 'startswith';
      } else {
        ws();
        if (!text.startsWith(variable, i)) throw unsupported(`Invalid $filter: any() must test '${variable}'.`);
        i += variable.length;
        ws();
        if (peekWord().toLowerCase() !== 'eq') throw unsupported('Invalid $filter: any() supports eq and startswith.');
        i += 2;
        value = stringLiteral();
        test = 'eq';
      }
      expect(')');
      return { op: 'any', path: p, test, value };
    }
    const op = peekWord().toLowerCase();
    if (op === 'eq' || op === 'ne') {
      i += 2;
      if (op === 'ne' && !advanced) {
        throw unsupported("Unsupported property filter clause operator 'NotEqualsMatch'. Send the header 'ConsistencyLevel: eventual' and $count=true for advanced queries.");
      }
      return { op, path: p, value: literal() };
    }
    if (op === 'ge' || op === 'le' || op === 'gt' || op === 'lt') {
      i += 2;
      return { op, path: p, value: literal() };
    }
    if (op === 'in') {
      i += 2;
      expect('(');
      const values: Literal[] = [literal()];
      for (;;) {
        ws();
        if (text[i] === ',') {
          i++;
          values.push(literal());
          if (values.length > 15) throw unsupported('Invalid $filter: at most 15 values in an in() list.');
          continue;
        }
        break;
      }
      expect(')');
      return { op: 'in', path: p, values };
    }
    throw unsupported(`Unsupported Query. Entrada supports eq, ne, ge, le, gt, lt, in, startswith and any() joined by 'and'; got '${text.slice(i, i + 20)}'.`);
  };

  const clauses: Clause[] = [clause()];
  for (;;) {
    ws();
    if (i >= text.length) break;
    if (peekWord().toLowerCase() !== 'and') throw unsupported(`Unsupported Query. Clauses may be joined by 'and' only; got '${text.slice(i, i + 20)}'.`);
    i += 3;
    clauses.push(clause());
    if (clauses.length > MAX_CLAUSES) throw unsupported(`The $filter has more than ${MAX_CLAUSES} clauses.`);
  }
  return clauses;
}

function valueAt(object: GraphObject, path: string[]): unknown {
  let v: unknown = object;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** Directory string comparisons are case-insensitive [D: Graph filter docs for directory objects]. */
function same(a: unknown, b: Literal): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === b;
}

/** Range comparisons: instants by time (`2026-12-02T06:17:33Z` vs `…33.5Z`), numbers and strings as such. */
function compare(a: unknown, b: Literal, op: 'ge' | 'le' | 'gt' | 'lt'): boolean {
  if (a === null || a === undefined || b === null) return false;
  const ta = typeof a === 'string' ? Date.parse(a) : Number.NaN;
  const tb = typeof b === 'string' ? Date.parse(b) : Number.NaN;
  const [x, y] = !Number.isNaN(ta) && !Number.isNaN(tb) ? [ta, tb] : [a as string | number, b as string | number];
  if (typeof x !== typeof y) return false;
  return op === 'ge' ? x >= y : op === 'le' ? x <= y : op === 'gt' ? x > y : x < y;
}

function startsWith(a: unknown, prefix: string): boolean {
  return typeof a === 'string' && a.toLowerCase().startsWith(prefix.toLowerCase());
}

export function matches(object: GraphObject, clauses: readonly Clause[]): boolean {
  return clauses.every((c) => {
    const v = valueAt(object, c.path);
    switch (c.op) {
      case 'eq':
        return same(v, c.value);
      case 'ne':
        return !same(v, c.value);
      case 'in':
        return c.values.some((x) => same(v, x));
      case 'ge':
      case 'le':
      case 'gt':
      case 'lt':
        return compare(v, c.value, c.op);
      case 'startswith':
        return startsWith(v, c.value);
      case 'any':
        return Array.isArray(v) && v.some((x) => (c.test === 'eq' ? same(x, c.value) : startsWith(x, c.value)));
      default:
        return false;
    }
  });
}

export interface ListOptions {
  /** The collection's name in @odata.context, e.g. `applications`. */
  context: string;
  /** Graph's type name for messages, e.g. `application`. */
  resource: string;
  /** Top-level properties $filter may name. */
  filterable: readonly string[];
  /** $orderby values accepted: the order the list already has (e.g. `activityDateTime desc`). */
  orderedBy?: readonly string[];
}

/** Answers a list request: filter, count, page, select. */
export function listBody(req: FastifyRequest<{ Querystring: ParsedQuery }>, items: GraphObject[], options: ListOptions): Record<string, unknown> {
  const q = req.query;
  const text = (k: string) => {
    const v = q[k];
    if (Array.isArray(v)) throw unsupported(`The query option '${k}' is given more than once.`);
    return typeof v === 'string' ? v : undefined;
  };
  for (const key of Object.keys(q)) {
    if (key.startsWith('$') && !['$filter', '$select', '$top', '$skiptoken', '$count', '$orderby', '$search', '$expand'].includes(key)) {
      throw new GraphError(400, 'BadRequest', `Query option '${key}' is not allowed. Make sure that it is supported and that the request URL is correct.`);
    }
  }
  const orderBy = text('$orderby');
  if (orderBy !== undefined && !(options.orderedBy ?? []).includes(orderBy.trim().replace(/\s+/g, ' '))) {
    const order = options.orderedBy?.[0] ?? 'displayName';
    throw unsupported(`Entrada does not support $orderby=${orderBy.slice(0, 50)} on ${options.context}; the list comes ordered by ${order}.`);
  }
  for (const k of ['$search', '$expand']) {
    if (text(k) !== undefined) throw unsupported(`Entrada does not support ${k} on ${options.context}.`);
  }
  const advanced = String(req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
  const filter = text('$filter');
  const selected = selection(text('$select'), items[0], options.resource);
  let rows = items;
  if (filter !== undefined) {
    const clauses = parseFilter(filter, options.resource, new Set(options.filterable), advanced);
    rows = rows.filter((o) => matches(o, clauses));
  }
  const top = text('$top');
  const size = top === undefined ? DEFAULT_PAGE : /^\d{1,4}$/.test(top) ? Number(top) : Number.NaN;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw unsupported(`Invalid page size specified: '${top}'. Must be between 1 and ${MAX_PAGE} inclusive.`);
  }
  const skip = text('$skiptoken');
  const offset = skip === undefined ? 0 : readSkipToken(skip);
  const page = rows.slice(offset, offset + size).map((o) => project(o, selected));
  const context = `https://graph.microsoft.com/v1.0/$metadata#${options.context}${selected ? `(${selected.join(',')})` : ''}`;
  const body: Record<string, unknown> = { '@odata.context': context };
  const count = text('$count');
  if (count !== undefined && count !== 'true' && count !== 'false') throw new GraphError(400, 'BadRequest', `Invalid value '${count}' for $count: true or false.`);
  // `$count=true` without the header is silently ignored, as Graph does [O].
  if (count === 'true' && advanced) body['@odata.count'] = rows.length;
  body.value = page;
  if (offset + size < rows.length) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (k !== '$skiptoken' && typeof v === 'string') next.set(k, v);
    next.set('$skiptoken', Buffer.from(`o:${offset + size}`).toString('base64url'));
    body['@odata.nextLink'] = `${req.requestContext.origin}${req.url.split('?')[0]}?${next.toString()}`;
  }
  return body;
}

function readSkipToken(token: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const m = /^o:(\d{1,7})$/.exec(text);
  if (!m) throw new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken: use the @odata.nextLink of the previous page as it is.');
  return Number(m[1]);
}

/** The properties a $select names, checked against the resource's shape (`id` always included). */
export function selection(select: string | undefined, sample: GraphObject | undefined, resource: string): string[] | undefined {
  if (select === undefined) return undefined;
  const names = select.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0 || names.length > 100) throw new GraphError(400, 'BadRequest', 'Invalid $select.');
  for (const name of names) {
    if (sample && !Object.hasOwn(sample, name)) {
      throw new GraphError(400, 'Request_BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.${resource}'.`);
    }
  }
  return names;
}

export function project(object: GraphObject, names: string[] | undefined): GraphObject {
  if (!names) return object;
  const out: GraphObject = {};
  for (const name of names) out[name] = object[name];
  if (!('id' in out) && 'id' in object) out.id = object.id;
  return out;
}

/** `/{collection}/$count`: a plain-text number, only with `ConsistencyLevel: eventual` [D]. */
export function countBody(req: FastifyRequest<{ Querystring: ParsedQuery }>, items: GraphObject[], options: ListOptions): string {
  if (String(req.headers['consistencylevel'] ?? '').toLowerCase() !== 'eventual') {
    throw unsupported("Raw count (/$count) is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
  }
  const filter = typeof req.query.$filter === 'string' ? req.query.$filter : undefined;
  const rows = filter === undefined ? items : items.filter((o) => matches(o, parseFilter(filter, options.resource, new Set(options.filterable), true)));
  return String(rows.length);
}
