// `--only floor` (and the default run): the HTTP floor of issue 16's sizing table. Two floor servers
// per config (bench/floor-server.ts: no signing, and one signature per request), each pinned as the
// Entrada servers are, loaded by the same wrk setup with client credentials' body; BENCH_REPS reps
// interleaved, medians in the report. The answer's access_token is as long as Entrada's own
// client-credentials answer in this run (measured before this phase), else DEFAULT_TOKEN_CHARS.

import { join } from 'node:path';
import { ensureTls } from '../../src/crypto/local-ca.js';
import { CLIENT_CREDENTIALS_BODY } from '../grants/client-credentials.js';
import { cpuSeconds } from '../lib/cpu-time.js';
import { startFloorServer, type FloorRuns, type FloorSample, type FloorServer } from '../lib/floor.js';
import { FORM_HEADERS, jsonOf } from '../lib/http-client.js';
import type { Config } from '../lib/measure.js';
import { TENANT } from '../lib/seed.js';
import { runWrk, socketErrors, type Target } from '../lib/wrk.js';
import type { Context } from './context.js';

/** An Entrada client-credentials access token for Demo API measured ~1,250 characters (issue 16). */
const DEFAULT_TOKEN_CHARS = 1250;

export async function floorPhase(ctx: Context): Promise<void> {
  const { options, results } = ctx;
  if (!options.phases.has('floor')) return;
  // The certificate `entrada start` makes for its home (src/compose.ts: ensureTls, same names).
  const tlsDir = join(ctx.workDir, 'floor', 'home', 'tls');
  const tls = await ensureTls({ dir: tlsDir, hostnames: ['localhost', '127.0.0.1', '::1'] });
  const entradaChars = [...results.cc.values()].flat()[0]?.accessTokenChars;
  const tokenChars = entradaChars || DEFAULT_TOKEN_CHARS;
  const tokenCharsFrom = entradaChars ? "as long as Entrada's client-credentials answer in this run" : 'the default: no client-credentials run before it';

  for (const config of options.configs) {
    const start = (sign: boolean) =>
      startFloorServer({ label: `floor-${config.key}-${sign ? 'signing' : 'http'}`, workDir: ctx.workDir, tlsDir, caPem: tls.caCertPem, cpus: config.serverCpus, sign, tokenChars });
    const servers: FloorServer[] = [];
    try {
      const http = await start(false);
      servers.push(http);
      const signing = await start(true);
      servers.push(signing);
      const answerBytes = await checkAnswer(http, tokenChars);
      await checkAnswer(signing, tokenChars);
      const runs: FloorRuns = { http: [], signing: [], connections: options.connections, answerBytes, tokenChars, tokenCharsFrom };
      for (let rep = 0; rep < options.reps; rep++) {
        for (const [variant, server] of [['http', http], ['signing', signing]] as const) {
          const sample = await measureFloor(server, config, options.connections, rep === 0 ? 2 : 1, options.seconds);
          const name = `${variant === 'http' ? 'HTTP floor' : 'HTTP + signing floor'}, ${config.label}, rep ${rep + 1}`;
          if (sample.result.non2xx > 0 || socketErrors(sample.result) > 0) {
            ctx.log(`${name}: ${sample.result.non2xx} non-2xx, socket errors ${JSON.stringify(sample.result.errors)}; first: ${sample.result.firstError.slice(0, 200)}`);
          }
          ctx.log(`${name}: ${sample.result.okPerSecond.toFixed(0)}/s, server CPU ${((sample.cpuSeconds / sample.result.seconds) * 100).toFixed(0)}%`);
          runs[variant].push(sample);
        }
      }
      results.floor.set(config.key, runs);
    } finally {
      for (const server of servers) await server.stop();
    }
  }
}

function target(server: FloorServer): Target {
  return { url: `${server.url}/${TENANT}/oauth2/v2.0/token`, method: 'POST', headers: FORM_HEADERS };
}

/** One request as wrk sends it: a 200 with an access_token of the intended length; returns the body's bytes. */
async function checkAnswer(server: FloorServer, tokenChars: number): Promise<number> {
  const answer = await server.client.request(new URL(target(server).url).pathname, { method: 'POST', headers: FORM_HEADERS, body: CLIENT_CREDENTIALS_BODY });
  const json = jsonOf(answer, `floor ${server.url}`);
  const chars = typeof json['access_token'] === 'string' ? json['access_token'].length : 0;
  if (chars !== tokenChars) throw new Error(`floor ${server.url}: access_token of ${chars} characters, not ${tokenChars}`);
  if (answer.headers['cache-control'] !== 'no-store') throw new Error(`floor ${server.url}: cache-control ${answer.headers['cache-control']}`);
  return Buffer.byteLength(answer.body);
}

async function measureFloor(server: FloorServer, config: Config, connections: number, warmUpSeconds: number, seconds: number): Promise<FloorSample> {
  const run = (s: number) => runWrk({ target: target(server), lines: [CLIENT_CREDENTIALS_BODY], once: false, connections, seconds: s, cpus: config.loadCpus });
  await run(warmUpSeconds);
  await new Promise((r) => setTimeout(r, 500));
  const before = cpuSeconds(server.pid);
  const result = await run(seconds);
  return { result, cpuSeconds: cpuSeconds(server.pid) - before };
}
