// `entrada logs [--follow] [--app ID] [--failed] [--limit N] [--json]`: the sign-in log at the
// terminal, read from the database `entrada start` writes (so it works beside a running server,
// and against a shared PostgreSQL for a whole cluster). Oldest first, one line per request, then
// why and the fix for refusals — the same words the terminal and /error?trace_id= use. --json
// prints JSON Lines instead: one object a request (the stored entry with `why` and `fix`), so
// --follow can stream it into `jq` or a log shipper.

import type { SignInLogEntry, SignInLogStore } from '../core/ports.js';
import { explainEntry } from '../core/request-explanation.js';
import { printable } from './refusal-line.js';

interface LogsOptions {
  appId?: string;
  failedOnly: boolean;
  limit: number;
}

/** Where the command writes: `out` the entries (stdout), `err` refusals of its arguments (stderr). */
interface LogsIo {
  out(text: string): void;
  err(text: string): void;
}

export function logLines(e: SignInLogEntry): string {
  const when = e.createdAt.replace(/\.\d{3}Z$/, 'Z');
  const outcome = e.outcome === 'success' ? 'ok' : e.errorCode !== null ? `AADSTS${e.errorCode}` : 'refused';
  const what = [e.endpoint, e.grantType && `grant_type=${e.grantType}`].filter(Boolean).join(' ');
  const who = [e.appDisplayName ?? e.appId, e.userPrincipalName].filter(Boolean).join(' · ');
  const lines = [`${when}  ${outcome.padEnd(13)} ${printable(what, 60)}  ${printable(who, 120)}  [trace ${e.id}]`];
  if (e.outcome === 'failure') {
    const x = explainEntry(e);
    if (x.why) lines.push(`    why: ${printable(x.why, 400)}`);
    if (x.fix) lines.push(`    fix: ${printable(x.fix, 400)}`);
    if (!x.why && !x.fix && e.detail) lines.push(`    detail: ${printable(e.detail, 400)}`);
  }
  return lines.join('\n');
}

/** One entry as a JSON line: the entry as stored, with the explanation of a refusal (null for a success). */
export function logJson(e: SignInLogEntry): string {
  const x = e.outcome === 'failure' ? explainEntry(e) : undefined;
  return JSON.stringify({ ...e, why: x?.why ?? null, fix: x?.fix ?? null });
}

/** The newest `limit` entries, printed oldest first. */
async function recentLogs(store: SignInLogStore, o: LogsOptions): Promise<SignInLogEntry[]> {
  const rows = await store.list({ appId: o.appId, outcome: o.failedOnly ? 'failure' : undefined, limit: o.limit });
  return rows.reverse();
}

export async function runLogs(
  store: SignInLogStore,
  flags: Record<string, string | undefined>,
  io: LogsIo,
  follow: { intervalMs: number; until: () => boolean } | undefined,
): Promise<number> {
  const limit = flags.limit === undefined ? 50 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    io.err(`entrada logs: --limit is a whole number from 1 to 10000; got '${flags.limit}'.`);
    return 2;
  }
  const options: LogsOptions = { appId: flags.app, failedOnly: flags.failed === 'true', limit };
  const render = flags.json === 'true' ? logJson : logLines;
  const write = (e: SignInLogEntry) => io.out(render(e));
  const rows = await recentLogs(store, options);
  for (const e of rows) write(e);
  if (!follow) {
    // Said on stderr: with --json, stdout holds only entries (none here).
    if (rows.length === 0) io.err('No sign-ins recorded yet (or none matching).');
    return 0;
  }
  let since = rows.length > 0 ? rows[rows.length - 1].createdAt : new Date(0).toISOString();
  const seen = new Set(rows.filter((r) => r.createdAt === since).map((r) => r.id));
  const filter = { appId: options.appId, outcome: options.failedOnly ? ('failure' as const) : undefined };
  while (!follow.until()) {
    await new Promise((r) => setTimeout(r, follow.intervalMs));
    // Oldest first, page after page, so a burst larger than one page is printed whole. Entries
    // sharing the last instant may land in a later batch: re-read that instant, skip what was printed.
    for (;;) {
      const fresh = await store.list({ ...filter, after: new Date(Date.parse(since) - 1).toISOString(), order: 'asc', limit: 1000 });
      let printed = 0;
      for (const e of fresh) {
        if (seen.has(e.id)) continue;
        write(e);
        printed++;
        if (e.createdAt > since) {
          since = e.createdAt;
          seen.clear();
        }
        seen.add(e.id);
      }
      if (fresh.length < 1000 || printed === 0) break;
    }
  }
  return 0;
}
