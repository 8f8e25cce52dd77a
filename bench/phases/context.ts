// What every phase of the bench shares: the options, the run's folder and seed, the results so far.

import type { Config } from '../lib/measure.js';
import type { Options } from '../lib/options.js';
import type { Results } from '../lib/report.js';
import type { BenchSeed } from '../lib/seed.js';
import type { ServerOptions } from '../lib/server.js';

export interface Context {
  options: Options;
  workDir: string;
  seed: BenchSeed;
  results: Results;
  /** Progress, on stderr. */
  log(line: string): void;
  /** Raw signatures/s measured before the loads (sizes the probe batches of single-use grants). */
  rawRate(config: Config): number;
}

export function serverOptions(ctx: Context, label: string, config: Config, signInLog: boolean, databaseUrl?: string): ServerOptions {
  return { label, workDir: ctx.workDir, seed: ctx.seed, cpus: config.serverCpus, signInLog, databaseUrl, requestLog: ctx.options.requestLog };
}

/** Runs `fn`; a failure is logged and noted under the table instead of ending the whole run. */
export async function attempt<T>(ctx: Context, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log(`${what}: FAILED: ${message}`);
    ctx.results.notes.push(`${what}: FAILED: ${message.split('\n')[0].slice(0, 300)}`);
    return undefined;
  }
}
