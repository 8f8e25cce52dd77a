// Issue 16's sizing table, first part: what one token costs the CPU, split into signing, the
// HTTP+TLS floor (bench/floor-server.ts: the least any HTTPS token endpoint on Fastify costs here),
// the sign-in log, and the rest, which is Entrada's own logic and storage. The floor's own table
// comes first; every column says whether it was measured (m) or derived from measurements (d).

import type { FloorSample } from './floor.js';
import { bestRawSigning } from './raw-sign.js';
import type { Results } from './report.js';
import type { Row } from './rows.js';
import { fixed, median, printTable } from './table.js';
import { socketErrors } from './wrk.js';

const VARIANTS = [
  ['http', 'HTTP floor'],
  ['signing', 'HTTP + signing floor'],
] as const;

interface FloorMedians {
  perSecond: number;
  cpuUsPerRequest: number;
  cpuBusy: number;
  p50Us: number;
  p99Us: number;
  non2xx: number;
  socketErrors: number;
  reps: number[];
}

function medians(samples: FloorSample[]): FloorMedians {
  return {
    perSecond: median(samples.map((s) => s.result.okPerSecond)),
    cpuUsPerRequest: median(samples.map((s) => (s.cpuSeconds / (s.result.answers - s.result.non2xx)) * 1e6)),
    cpuBusy: median(samples.map((s) => s.cpuSeconds / s.result.seconds)),
    p50Us: median(samples.map((s) => s.result.p50Us)),
    p99Us: median(samples.map((s) => s.result.p99Us)),
    non2xx: samples.reduce((n, s) => n + s.result.non2xx, 0),
    socketErrors: samples.reduce((n, s) => n + socketErrors(s.result), 0),
    reps: samples.map((s) => s.result.okPerSecond),
  };
}

export function printFloor(r: Results, print: (line: string) => void): void {
  const configs = r.configs.filter((c) => r.floor.has(c.key));
  if (configs.length === 0) return;
  const first = r.floor.get(configs[0].key);
  print('');
  print(`HTTP floor (bench/floor-server.ts: Fastify, the same kind of TLS certificate and ciphers, a form parser, one route; none of Entrada's code),`);
  print(`wrk as for the grants: ${first?.connections} connections, client credentials' body; medians of the reps; (m) measured, (d) derived:`);
  const table: string[][] = [];
  for (const config of configs) {
    const runs = r.floor.get(config.key);
    if (!runs) continue;
    const raw = bestRawSigning(r.raw.get(config.key)).perSecond;
    for (const [variant, title] of VARIANTS) {
      if (runs[variant].length === 0) continue;
      const m = medians(runs[variant]);
      table.push([
        title, config.label, fixed(m.perSecond, 0), config.key === '1core' ? fixed(1e6 / m.perSecond, 0) : '–', fixed(m.cpuUsPerRequest, 0),
        `${fixed(m.cpuBusy * 100, 0)}%`, variant === 'signing' ? fixed(m.perSecond / raw, 2) : '–', fixed(m.p50Us / 1000, 1), fixed(m.p99Us / 1000, 1),
        `${m.non2xx}${m.socketErrors ? ` (+${m.socketErrors} socket)` : ''}`,
      ]);
    }
  }
  printTable(print, ['floor', 'config', 'requests/s (m)', 'core µs/request (d)', 'CPU µs/request (m)', 'CPU busy (m)', '÷ raw signing (d)', 'p50 ms', 'p99 ms', 'non-2xx'], table);
  print(`  core µs/request = 1e6 ÷ requests/s, for 1 core only: the server is pinned to core 0 and saturates it (CPU busy, /proc); with 2 cores it shares them with wrk.`);
  print(`  CPU µs/request: the floor server's CPU time over the window (every thread, /proc) ÷ its 2xx answers. ÷ raw signing: requests/s ÷ the raw RS256 rate of the config.`);
  for (const config of configs) {
    const runs = r.floor.get(config.key);
    if (!runs) continue;
    print(`  ${config.label}: answer ${runs.answerBytes} bytes of JSON (token_type, expires_in, ext_expires_in, access_token of ${runs.tokenChars} characters, ${runs.tokenCharsFrom}), cache-control: no-store`);
    for (const [variant, title] of VARIANTS) if (runs[variant].length > 1) print(`    ${title}: reps ${runs[variant].map((s) => fixed(s.result.okPerSecond, 0)).join(', ')} requests/s`);
    for (const [variant, title] of VARIANTS) {
      const m = runs[variant].length > 0 ? medians(runs[variant]) : undefined;
      if (config.key === '1core' && m && m.cpuBusy < 0.9) {
        print(`    ${title}: CPU busy ${fixed(m.cpuBusy * 100, 0)}%: its core was not saturated (wrk on the other core could not drive it faster, or other processes took`);
        print('      a core): 1e6 ÷ rate overstates its cost, CPU µs/request does not');
      }
    }
    if (config.key === '1core' && runs.http.length > 0 && runs.signing.length > 0) {
      const extra = medians(runs.signing).cpuUsPerRequest - medians(runs.http).cpuUsPerRequest;
      const raw = 1e6 / bestRawSigning(r.raw.get(config.key)).perSecond;
      print(`    the signature adds ${fixed(extra, 0)} CPU µs per request; a raw signature costs ${fixed(raw, 0)} µs of the core (64 in flight, same core)`);
    }
  }
}

export function printCpuPerToken(r: Results, rows: Row[], print: (line: string) => void): void {
  const selected = rows.filter((row) => row.signInLog && (row.storage === 'PostgreSQL' || row.config.key === '1core'));
  if (selected.length === 0) return;
  const raw1 = bestRawSigning(r.raw.get('1core')).perSecond;
  const signatureUs = 1e6 / raw1;
  // The floor's own CPU per request, not 1e6 ÷ its rate: at ~13,000 requests/s wrk, alone on the
  // other core, can be the bound and leave the floor's core partly idle (its CPU busy says so).
  const floorRuns = r.floor.get('1core');
  const floor = floorRuns && floorRuns.http.length > 0 ? medians(floorRuns.http) : undefined;
  const floorUs = floor?.cpuUsPerRequest ?? Number.NaN;
  const ccOn = rows.find((row) => row.grant.key === 'cc' && row.config.key === '1core' && row.storage === 'SQLite' && row.signInLog);
  const ccOff = rows.find((row) => row.grant.key === 'cc' && row.config.key === '1core' && row.storage === 'SQLite' && !row.signInLog);
  const logUs = ccOn && ccOff ? 1e6 / ccOn.perSecond - 1e6 / ccOff.perSecond : Number.NaN;
  const scrypt = r.scrypt.get('1core');
  const withPassword = selected.some((row) => row.grant.key === 'ropc');
  const known = (n: number) => (Number.isFinite(n) ? n : 0);

  print('');
  print('CPU per token, µs of one core, sign-in log on (issue 16\'s sizing table); (m) measured, (d) derived from measurements:');
  const header = ['grant', 'storage, config', 'tokens/s per vCPU (m)', 'total µs (d)', 'CPU µs (m)', 'CPU busy (m)', 'signing µs (d)', 'HTTP+TLS µs (m)', 'sign-in log µs (d)'];
  if (withPassword) header.push('scrypt µs (m)');
  header.push("Entrada's logic and storage µs (d)", 'of it off-CPU µs (d)');
  printTable(print, header, selected.map((row) => {
    const pg = row.storage === 'PostgreSQL';
    // 1 core: the pinned core is saturated, so 1e6 ÷ rate is its µs per token. PostgreSQL runs on
    // 2 cores shared with wrk: the server's CPU time per token stands in (PostgreSQL's own excluded).
    const total = pg ? row.cpuUsPerToken : 1e6 / row.perSecond;
    const signing = row.signatures * signatureUs;
    const log = row.grant.key === 'cc' && !pg ? logUs : Number.NaN;
    const password = row.grant.key === 'ropc' ? (scrypt?.msPerHash ?? Number.NaN) * 1000 : Number.NaN;
    const rest = total - signing - known(floorUs) - known(log) - known(password);
    const cells = [
      row.grant.title, `${row.storage}, ${row.config.label}`, pg ? `${fixed(1e6 / row.cpuUsPerToken, 0)} (d)` : fixed(row.perSecond, 0),
      pg ? `${fixed(total, 0)} (m)` : fixed(total, 0), fixed(row.cpuUsPerToken, 0), `${fixed(row.cpuBusy * 100, 0)}%`, fixed(signing, 0), fixed(floorUs, 0),
      Number.isFinite(log) ? `${log >= 0 ? '+' : ''}${fixed(log, 0)}` : '–',
    ];
    if (withPassword) cells.push(fixed(password, 0));
    cells.push(fixed(rest, 0), pg ? '–' : fixed(total - row.cpuUsPerToken, 0));
    return cells;
  }));
  print('  1 core: server pinned to core 0, wrk to core 1. The pinned core is saturated (CPU busy ≈ 100%), so tokens/s is the rate per vCPU and');
  print('    total = 1e6 ÷ tokens/s is the core\'s µs per token; CPU µs = the server\'s CPU time (every thread, /proc) ÷ its 2xx answers, a cross-check.');
  print('    off-CPU = total − CPU µs: time per token the server did not run (waiting on the disk, a lock, a timer or wrk, or another process on');
  print('    its core); it is part of the last column but not CPU Entrada spent. CPU busy well under 100% means such waits, not the core, bound the row.');
  print(`  signing = signatures per answer × 1e6 ÷ the raw 1-core RS256 rate (${fixed(raw1, 0)}/s = ${fixed(signatureUs, 0)} µs a signature).`);
  print(Number.isFinite(floorUs)
    ? `  HTTP+TLS = the HTTP floor's CPU µs per request on 1 core (table above; CPU busy ${fixed((floor?.cpuBusy ?? Number.NaN) * 100, 0)}%): Fastify, TLS, form parsing, a JSON answer of the same size.`
    : '  HTTP+TLS: no 1-core floor in this run (--only …,floor --configs 1core): it stays in the last column.');
  const signingFloor = floorRuns && floorRuns.signing.length > 0 ? medians(floorRuns.signing) : undefined;
  if (signingFloor && Number.isFinite(floorUs)) {
    // At a token endpoint's rate, HTTP costs more per request than at the HTTP floor's: fewer
    // requests per event-loop turn, and the threadpool hop of each signature.
    const httpAtSigningRate = signingFloor.cpuUsPerRequest - signatureUs;
    print(`    With a signature per request (the signing floor, ${fixed(signingFloor.perSecond, 0)}/s) HTTP+TLS and the signing hop cost ${fixed(httpAtSigningRate, 0)} µs (its CPU µs − one raw`);
    print(`    signature); taken in place of the HTTP floor, Entrada's logic and storage is ${fixed(httpAtSigningRate - floorUs, 0)} µs less per token than shown.`);
  }
  print('  sign-in log = 1e6 ÷ tokens/s with the log on − the same with it off (client credentials, 1 core, SQLite); for the other grants its cost stays in the last column.');
  if (withPassword) print(`  scrypt = one password check (2^${scrypt?.cost ?? '?'}, scrypt's own 1-core rate) for ROPC.`);
  print("  Entrada's logic and storage = total − the columns before it: request checks, directory lookups, claims, JSON, SQLite (in-process) or the PostgreSQL client.");
  if (selected.some((row) => row.grant.key === 'mi')) print('  Managed identity is served over plain HTTP: the HTTPS floor overstates its HTTP cost, and its last column is understated as much.');
  if (selected.some((row) => row.storage === 'PostgreSQL')) {
    print('  PostgreSQL rows: 2 cores shared with wrk, so total = the server\'s CPU µs per token (m) and tokens/s per vCPU = 1e6 ÷ that (d);');
    print("    PostgreSQL's own CPU is not in them (its work per token is in the PostgreSQL table above).");
  }
}
