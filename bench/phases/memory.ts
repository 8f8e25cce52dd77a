// Memory under load: a fresh server (SQLite, 2 cores, sign-in log on); its RSS (/proc VmRSS) 2 s
// after it listens, after BENCH_MEMORY_SECONDS of client-credentials load, and after each of 5
// further BENCH_MEMORY_REPEAT_SECONDS loads (growth across them would be a leak).

import { clientCredentials } from '../grants/client-credentials.js';
import { CONFIGS, type Config } from '../lib/measure.js';
import { startServer } from '../lib/server.js';
import { runWrk } from '../lib/wrk.js';
import { serverOptions, type Context } from './context.js';

export async function memoryPhase(ctx: Context): Promise<void> {
  const { options } = ctx;
  if (!options.phases.has('memory')) return;
  const config = CONFIGS.find((c) => c.key === '2cores') as Config;
  const server = await startServer(serverOptions(ctx, 'memory', config, true));
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const startMiB = server.rssMiB();
    const prepared = await clientCredentials.prepare(server);
    const lines = await prepared.lines(0);
    const load = async (seconds: number) => {
      const r = await runWrk({ target: prepared.target, lines, once: false, connections: options.connections, seconds });
      if (r.non2xx > 0) ctx.log(`memory load: ${r.non2xx} non-2xx; first: ${r.firstError.slice(0, 200)}`);
      return server.rssMiB();
    };
    const afterLoadMiB = await load(options.memorySeconds);
    ctx.log(`memory: RSS ${startMiB.toFixed(0)} MiB after start, ${afterLoadMiB.toFixed(0)} MiB after ${options.memorySeconds} s`);
    const repeatsMiB: number[] = [];
    for (let i = 0; i < options.memoryRepeats; i++) repeatsMiB.push(await load(options.memoryRepeatSeconds));
    ctx.log(`memory: after each further load ${repeatsMiB.map((v) => v.toFixed(0)).join(', ')} MiB`);
    ctx.results.memory = { startMiB, loadSeconds: options.memorySeconds, afterLoadMiB, repeatSeconds: options.memoryRepeatSeconds, repeatsMiB };
  } finally {
    await server.stop();
  }
}
