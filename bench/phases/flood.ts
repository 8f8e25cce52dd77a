// `--only flood`: client credentials alone, then again while BENCH_FLOOD connections post wrong
// passwords by ROPC to Demo CLI (alice), on a server of its own (SQLite, 2 cores, sign-in log on).
// App-only issuance should keep ≥ 80% of its throughput under such a flood (issue 9, finding 3;
// src/crypto/password-hasher.ts). The reliability suite checks the same with its own flood.

import { clientCredentials } from '../grants/client-credentials.js';
import { form } from '../lib/http-client.js';
import { CONFIGS, type Config } from '../lib/measure.js';
import { ALICE, CLI, TENANT, USER_SCOPE } from '../lib/seed.js';
import { startServer } from '../lib/server.js';
import { runWrk } from '../lib/wrk.js';
import { tokenTarget } from '../grants/types.js';
import { serverOptions, type Context } from './context.js';

export async function floodPhase(ctx: Context): Promise<void> {
  const { options } = ctx;
  if (!options.phases.has('flood')) return;
  const config = CONFIGS.find((c) => c.key === '2cores') as Config;
  const server = await startServer(serverOptions(ctx, 'flood', config, true));
  try {
    const prepared = await clientCredentials.prepare(server);
    const lines = await prepared.lines(0);
    const tokens = (seconds: number) => runWrk({ target: prepared.target, lines, once: false, connections: options.connections, seconds });
    const wrong = form({ grant_type: 'password', client_id: CLI.appId, username: ALICE.upn, password: 'not-alice-s-password', scope: USER_SCOPE });
    await tokens(2);
    const alone = await tokens(options.seconds);
    const [together, flood] = await Promise.all([
      tokens(options.seconds),
      runWrk({ target: tokenTarget(server, TENANT), lines: [wrong], once: false, connections: options.floodConnections, seconds: options.seconds, timeoutSeconds: 15 }),
    ]);
    ctx.log(`flood: alone ${alone.okPerSecond.toFixed(0)}/s, under the flood ${together.okPerSecond.toFixed(0)}/s`);
    ctx.results.flood = { alone, together, flood, connections: options.floodConnections };
  } finally {
    await server.stop();
  }
}
