// The SQLite runs (the default storage, a fresh home per server): client credentials with the
// sign-in log on and off, BENCH_REPS reps interleaved across configs and log settings (medians in
// the table); every other grant with the log on, one rep per config; and client credentials on one
// connection (the unloaded latency).

import { clientCredentials } from '../grants/client-credentials.js';
import { measureGrant, type Config, type MeasureOptions } from '../lib/measure.js';
import { startServer, type Server } from '../lib/server.js';
import { attempt, serverOptions, type Context } from './context.js';

/** The unloaded run is short: latency at one connection settles quickly. */
const UNLOADED_MAX_SECONDS = 5;

export async function sqlitePhase(ctx: Context): Promise<void> {
  const { options, results } = ctx;
  const cc = options.grants.includes(clientCredentials);
  const others = options.grants.filter((g) => g !== clientCredentials);
  const unloaded = options.phases.has('unloaded');
  if (!cc && others.length === 0 && !unloaded) return;

  const logOn = new Map<Config, Server>();
  const logOff = new Map<Config, Server>();
  const measureOptions = (config: Config, signInLog: boolean): MeasureOptions => ({
    config, signInLog, seconds: options.seconds, connections: options.connections, rawRate: ctx.rawRate(config), log: ctx.log,
  });
  try {
    for (const config of options.configs) {
      logOn.set(config, await startServer(serverOptions(ctx, `sqlite-${config.key}-log-on`, config, true)));
      if (cc) logOff.set(config, await startServer(serverOptions(ctx, `sqlite-${config.key}-log-off`, config, false)));
    }
    if (cc) {
      for (let rep = 0; rep < options.reps; rep++) {
        for (const config of options.configs) {
          for (const [signInLog, servers] of [[true, logOn], [false, logOff]] as const) {
            const key = `${config.key}/${signInLog ? 'on' : 'off'}`;
            const m = await attempt(ctx, `client credentials, ${config.label}, log ${signInLog ? 'on' : 'off'}, rep ${rep + 1}`, () =>
              measureGrant(clientCredentials, servers.get(config) as Server, { ...measureOptions(config, signInLog), warmUpSeconds: rep === 0 ? 2 : 1 }),
            );
            if (m) results.cc.set(key, [...(results.cc.get(key) ?? []), m]);
          }
        }
      }
      for (const server of logOff.values()) await server.stop();
    }
    for (const grant of others) {
      for (const config of options.configs) {
        const m = await attempt(ctx, `${grant.title}, ${config.label}`, () => measureGrant(grant, logOn.get(config) as Server, measureOptions(config, true)));
        if (m) results.runs.push(m);
      }
    }
    if (unloaded) {
      for (const config of options.configs) {
        const m = await attempt(ctx, `client credentials, 1 connection, ${config.label}`, () =>
          measureGrant(clientCredentials, logOn.get(config) as Server, {
            ...measureOptions(config, true),
            connections: 1,
            seconds: Math.min(options.seconds, UNLOADED_MAX_SECONDS),
          }),
        );
        if (m) results.unloaded.set(config.key, m);
      }
    }
  } finally {
    for (const server of [...logOn.values(), ...logOff.values()]) await server.stop();
  }
}
