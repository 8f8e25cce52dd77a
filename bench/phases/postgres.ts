// The PostgreSQL runs, on 2 cores with the sign-in log on, in a fresh schema: each selected grant
// (client credentials if none) with PostgreSQL's work per token read around the window; then two
// nodes on the same schema, each on its own port, loaded at once with half the connections each,
// against the one node's client-credentials rate.

import { clientCredentials } from '../grants/client-credentials.js';
import { CONFIGS, measureGrant, type Config } from '../lib/measure.js';
import { freshSchema, pgProblem, pgServerName } from '../lib/postgres.js';
import { startServer } from '../lib/server.js';
import { runWrk } from '../lib/wrk.js';
import { attempt, serverOptions, type Context } from './context.js';

export async function postgresPhase(ctx: Context): Promise<void> {
  const { options, results } = ctx;
  const nodes = options.phases.has('nodes');
  if (!options.phases.has('pg') && !nodes) return;
  const problem = await pgProblem();
  if (problem) {
    ctx.log(`PostgreSQL runs skipped: ${pgServerName()} does not answer (${problem})`);
    results.notes.push(`PostgreSQL runs skipped: ${pgServerName()} does not answer (${problem}); set ENTRADA_TEST_PG_URL.`);
    return;
  }
  const config = CONFIGS.find((c) => c.key === '2cores') as Config;
  const grants = options.phases.has('pg') && options.grants.length > 0 ? [...options.grants] : [clientCredentials];
  // The two-node comparison needs the one node's client-credentials rate.
  if (nodes && !grants.includes(clientCredentials)) grants.unshift(clientCredentials);
  const { url, schema } = await freshSchema();
  ctx.log(`PostgreSQL: ${pgServerName()}, schema ${schema}`);
  results.notes.push(`PostgreSQL: ${pgServerName()}, a fresh schema (dropped at the end); the SQLite runs use a fresh home per server.`);
  const first = await startServer(serverOptions(ctx, 'pg-node-1', config, true, url));
  try {
    let one: Awaited<ReturnType<typeof measureGrant>> | undefined;
    for (const grant of grants) {
      const m = await attempt(ctx, `${grant.title}, PostgreSQL`, () =>
        measureGrant(grant, first, {
          config, signInLog: true, seconds: options.seconds, connections: options.connections, rawRate: ctx.rawRate(config), pgSchema: schema, log: ctx.log,
        }),
      );
      if (m) results.runs.push(m);
      if (m && grant === clientCredentials) one = m;
    }
    if (nodes && one) {
      const oneNode = one;
      await attempt(ctx, 'two nodes on one PostgreSQL', async () => {
        const second = await startServer(serverOptions(ctx, 'pg-node-2', config, true, url));
        try {
          const each = Math.max(1, Math.floor(options.connections / 2));
          const loads = await Promise.all([first, second].map(async (server) => ({ server, prepared: await clientCredentials.prepare(server) })));
          const runBoth = (seconds: number) =>
            Promise.all(loads.map(async ({ prepared }) => runWrk({ target: prepared.target, lines: await prepared.lines(0), once: false, connections: each, seconds })));
          await runBoth(2);
          const [a, b] = await runBoth(options.seconds);
          ctx.log(`two nodes: ${a.okPerSecond.toFixed(0)} + ${b.okPerSecond.toFixed(0)}/s (non-2xx ${a.non2xx + b.non2xx})`);
          results.nodes = { one: oneNode, a, b, connectionsEach: each };
        } finally {
          await second.stop();
        }
      });
    }
  } finally {
    await first.stop();
  }
}
