// The printed result: one table row per grant × config × sign-in log × storage, then each target of
// issue 16 beside its measured value, the PostgreSQL work per token, the HTTP floor and the CPU per
// token (bench/lib/report-cpu.ts), and how each grant was driven.

import type { FloorRuns } from './floor.js';
import type { Config, Measurement } from './measure.js';
import type { PgPerToken } from './postgres.js';
import { bestRawSigning as best, type RawSigning } from './raw-sign.js';
import { printCpuPerToken, printFloor } from './report-cpu.js';
import { ccRows, floorUs, rowOf, type Row } from './rows.js';
import type { ScryptRate } from './scrypt-rate.js';
import { fixed, printTable, signed } from './table.js';
import { socketErrors, type WrkResult } from './wrk.js';

export interface Results {
  configs: Config[];
  raw: Map<string, { before: RawSigning; after?: RawSigning }>;
  scrypt: Map<string, ScryptRate>;
  /** Client credentials reps per `${config.key}/${on|off}`. */
  cc: Map<string, Measurement[]>;
  /** The other grants on SQLite with the sign-in log on, and every PostgreSQL run. */
  runs: Measurement[];
  unloaded: Map<string, Measurement>;
  nodes?: { one: Measurement; a: WrkResult; b: WrkResult; connectionsEach: number };
  memory?: { startMiB: number; loadSeconds: number; afterLoadMiB: number; repeatSeconds: number; repeatsMiB: number[] };
  flood?: { alone: WrkResult; together: WrkResult; flood: WrkResult; connections: number };
  /** The HTTP floor per config key (bench/phases/floor.ts). */
  floor: Map<string, FloorRuns>;
  notes: string[];
}

const TARGET = { cc1: 0.8, cc2: 0.75, p99Floor: 2, unloadedMs: 2, logCost: 0.05, grant: 0.7, pg: 0.1, rssGrowth: 1.3, repeatGrowth: 1.05 };

export function printReport(r: Results, print: (line: string) => void): void {
  const rows = [...ccRows(r.cc), ...r.runs.map(rowOf)];
  const raw = (config: Config) => best(r.raw.get(config.key));
  const bound = (row: Row) => (row.grant.key === 'ropc' ? (r.scrypt.get(row.config.key)?.perSecond ?? Number.NaN) : raw(row.config).perSecond / row.signatures);

  print('');
  if (rows.length > 0) printTable(print, ['grant', 'config', 'log', 'storage', 'conns', 'tokens/s', 'sig/req', 'bound/s', 'ratio', 'p50 ms', 'p99 ms', 'p99÷floor', 'non-2xx'], rows.map((row) => {
    const b = bound(row);
    return [
      row.grant.title, row.config.label, row.signInLog ? 'on' : 'off', row.storage, String(row.connections), fixed(row.perSecond, 0),
      String(row.signatures), `${fixed(b, b < 10 ? 1 : 0)}${row.grant.key === 'ropc' ? ' scrypt' : ''}`, fixed(row.perSecond / b, 2),
      fixed(row.p50Us / 1000, 1), fixed(row.p99Us / 1000, 1), fixed(row.p99Us / floorUs(row), 1),
      `${row.non2xx}${row.socketErrors ? ` (+${row.socketErrors} socket)` : ''}`,
    ];
  }));
  for (const row of rows) if (row.reps.length > 1) print(`  ${row.grant.title}, ${row.config.label}, log ${row.signInLog ? 'on' : 'off'}: reps ${row.reps.map((v) => fixed(v, 0)).join(', ')} tokens/s (median shown)`);

  print('');
  print('Raw RS256 signing (bench/sign-rate.ts, 64 in flight; best of before and after the loads):');
  for (const config of r.configs) {
    const m = r.raw.get(config.key);
    if (!m) continue;
    const b = best(m);
    print(`  ${config.label}: ${fixed(b.perSecond, 0)}/s (before ${fixed(m.before.perSecond, 0)}, after ${m.after ? fixed(m.after.perSecond, 0) : '–'}); one at a time ${fixed(1000 / b.oneAtATime, 2)} ms a signature; UV_THREADPOOL_SIZE=${b.threadpool}`);
  }
  for (const config of r.configs) {
    const s = r.scrypt.get(config.key);
    if (s) print(`  scrypt (ROPC's bound), ${config.label}: 2^${s.cost}, ${fixed(s.msPerHash, 0)} ms a hash × ${s.workers} worker(s) = ${fixed(s.perSecond, 1)} password checks/s`);
  }

  print('');
  print('Targets (issue 16):');
  const line = (text: string, ok: boolean | undefined) => print(`  ${ok === undefined ? '    ' : ok ? 'meets ' : 'MISSES'}  ${text}`);
  for (const config of r.configs) {
    const on = rows.find((row) => row.grant.key === 'cc' && row.config === config && row.signInLog && row.storage === 'SQLite');
    if (!on) continue;
    const target = config.key === '1core' ? TARGET.cc1 : TARGET.cc2;
    const ratio = on.perSecond / raw(config).perSecond;
    line(`client credentials, ${config.label}, log on: ${fixed(on.perSecond, 0)}/s = ${fixed(ratio, 2)} × raw signing ${fixed(raw(config).perSecond, 0)}/s (target ≥ ${target})`, ratio >= target);
    const overFloor = on.p99Us / floorUs(on);
    line(`p99 at ${on.connections} connections, ${config.label}, log on: ${fixed(on.p99Us / 1000, 1)} ms = ${fixed(overFloor, 1)} × the closed-loop floor ${fixed(floorUs(on) / 1000, 1)} ms (target ≤ ${TARGET.p99Floor})`, overFloor <= TARGET.p99Floor);
    const off = rows.find((row) => row.grant.key === 'cc' && row.config === config && !row.signInLog && row.storage === 'SQLite');
    if (off) {
      const cost = 1 - on.perSecond / off.perSecond;
      line(`sign-in log cost, ${config.label}: ${fixed(cost * 100, 1)}% (on ${fixed(on.perSecond, 0)}/s, off ${fixed(off.perSecond, 0)}/s; target ≤ ${TARGET.logCost * 100}%)`, cost <= TARGET.logCost);
    }
  }
  for (const config of r.configs) {
    const u = r.unloaded.get(config.key);
    if (!u) continue;
    const signMs = 1000 / best(r.raw.get(config.key)).oneAtATime;
    const over = u.result.p50Us / 1000 - signMs;
    line(`unloaded p50 (1 connection), ${config.label}: ${fixed(u.result.p50Us / 1000, 2)} ms = signing ${fixed(signMs, 2)} ms + ${fixed(over, 2)} ms (target ≤ +${TARGET.unloadedMs} ms)`, over <= TARGET.unloadedMs);
  }
  for (const row of rows) {
    if (row.grant.key === 'cc' || row.storage !== 'SQLite') continue;
    const ratio = row.perSecond / bound(row);
    const of = row.grant.key === 'ropc' ? "scrypt's rate" : `${row.signatures} signature${row.signatures > 1 ? 's' : ''}`;
    line(`${row.grant.title}, ${row.config.label}: ${fixed(ratio, 2)} × its bound (${of}) (target ≥ ${TARGET.grant})`, ratio >= TARGET.grant);
  }
  const sqlite2 = rows.find((row) => row.grant.key === 'cc' && row.config.key === '2cores' && row.signInLog && row.storage === 'SQLite');
  const pg2 = rows.find((row) => row.grant.key === 'cc' && row.config.key === '2cores' && row.storage === 'PostgreSQL');
  if (sqlite2 && pg2) {
    const diff = pg2.perSecond / sqlite2.perSecond - 1;
    line(`PostgreSQL one node vs SQLite, client credentials, 2 cores, log on: ${fixed(pg2.perSecond, 0)} vs ${fixed(sqlite2.perSecond, 0)}/s (${signed(diff * 100)}%; target: PostgreSQL within ${TARGET.pg * 100}% of SQLite)`, diff >= -TARGET.pg);
  }
  if (r.nodes) {
    const { one, a, b, connectionsEach } = r.nodes;
    const total = a.okPerSecond + b.okPerSecond;
    line(`two nodes on one PostgreSQL, 2 cores shared, ${connectionsEach}+${connectionsEach} connections, client credentials: ${fixed(a.okPerSecond, 0)} + ${fixed(b.okPerSecond, 0)} = ${fixed(total, 0)}/s vs one node ${fixed(one.result.okPerSecond, 0)}/s (× ${fixed(total / one.result.okPerSecond, 2)}; no target: both nodes share the same 2 cores, so it cannot double here); non-2xx ${a.non2xx + b.non2xx}`, undefined);
  }
  if (r.memory) {
    const m = r.memory;
    const growth = m.afterLoadMiB / m.startMiB;
    line(`memory: RSS ${fixed(m.startMiB, 0)} MiB after start, ${fixed(m.afterLoadMiB, 0)} MiB after ${m.loadSeconds} s of load = × ${fixed(growth, 2)} (target ≤ ${TARGET.rssGrowth})`, growth <= TARGET.rssGrowth);
    // RSS moves with every GC; the least-squares trend across the loads, not two endpoints, says whether it grows.
    const trend = slope(m.repeatsMiB) * (m.repeatsMiB.length - 1);
    const mean = m.repeatsMiB.reduce((a, b) => a + b, 0) / m.repeatsMiB.length;
    const grows = trend > mean * (TARGET.repeatGrowth - 1);
    line(`memory: RSS after each of ${m.repeatsMiB.length} further ${m.repeatSeconds} s loads: ${m.repeatsMiB.map((v) => fixed(v, 0)).join(', ')} MiB: ${grows ? 'grows' : 'no growth'} (trend ${signed(trend)} MiB across them = ${signed((trend / mean) * 100)}%; target: no growth, > ${Math.round((TARGET.repeatGrowth - 1) * 100)}% counts as growth)`, !grows);
  }
  if (r.flood) {
    const f = r.flood;
    const kept = f.together.okPerSecond / f.alone.okPerSecond;
    const statuses = Object.entries(f.flood.statuses).map(([s, n]) => `${n}× ${s}`).join(', ');
    line(`client credentials under a wrong-password flood (${f.connections} connections, ${f.flood.answers} answers: ${statuses || 'none'}; ${socketErrors(f.flood)} socket errors/timeouts): ${fixed(f.together.okPerSecond, 0)} of ${fixed(f.alone.okPerSecond, 0)}/s = ${fixed(kept * 100, 0)}% kept (issue 9: ≥ 80%)`, kept >= 0.8);
  }

  const pgRows = rows.filter((row) => row.pg);
  if (pgRows.length > 0) {
    print('');
    print('PostgreSQL work per token, 2 cores, sign-in log on (bench/lib/postgres.ts; transactions: the whole database, WAL: the whole cluster,');
    print('so other clients of the server count there; rows and stored bytes: this run\'s schema only; +inserted ~updated -deleted):');
    printTable(print, ['grant', 'tokens/s', 'xacts/token', 'rows/token', 'rows by table', 'WAL bytes/token', 'stored bytes/token'], pgRows.map((row) => {
      const pg = row.pg as PgPerToken;
      const byTable = pg.tables.filter((t) => t.inserted + t.updated + t.deleted >= 0.005).slice(0, 4).map((t) => `${t.table} ${[t.inserted ? `+${fixed(t.inserted, 2)}` : '', t.updated ? `~${fixed(t.updated, 2)}` : '', t.deleted ? `-${fixed(t.deleted, 2)}` : ''].filter(Boolean).join(' ')}`);
      return [
        row.grant.title, fixed(row.perSecond, 0), fixed(pg.xacts, 2), fixed(pg.inserted + pg.updated + pg.deleted, 2),
        byTable.join(', ') || 'none', fixed(pg.walBytes, 0), fixed(pg.storedBytes, 0),
      ];
    }));
  }

  printFloor(r, print);
  printCpuPerToken(r, rows, print);

  if (rows.length > 0 || r.notes.length > 0) {
    print('');
    print('How each grant is driven, and notes:');
  }
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.grant.key)) continue;
    seen.add(row.grant.key);
    print(`  ${row.grant.title}: ${row.grant.note} Answer: ${row.answerShape}.`);
  }
  for (const note of r.notes) print(`  ${note}`);
}

/** Least-squares slope of `values` against their index (per step). */
function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}
