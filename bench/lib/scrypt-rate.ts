// ROPC's bound: the server checks a password with one synchronous scrypt per check on its password
// worker threads (src/crypto/password-hasher.ts, password-worker.ts), at the cost the seed hashed
// the users' passwords with (ENTRADA_PASSWORD_HASH_COST, default 2^17), on
// ENTRADA_PASSWORD_WORKERS threads (default half the cores, at least one). So its rate is
// workers ÷ the time of one scrypt, measured here in a process pinned as the server is.
//
// Run directly, it is that child: `node --import tsx bench/lib/scrypt-rate.ts HASHES` prints JSON.

import { execFile } from 'node:child_process';
import { randomBytes, scryptSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { defaultPasswordWorkers } from '../../src/core/policy/password-queue.js';
import { DEFAULT_HASH_COST, paramsForCost, scryptOptions } from '../../src/crypto/password-hash.js';

export interface ScryptRate {
  /** log2 N. */
  cost: number;
  workers: number;
  msPerHash: number;
  /** Password checks per second the server can do: workers × 1000 / msPerHash. */
  perSecond: number;
}

/** `cpus`: taskset CPU list, undefined = not pinned. */
export async function measureScrypt(cpus: string | undefined, hashes: number): Promise<ScryptRate> {
  const argv = ['--import', 'tsx', fileURLToPath(import.meta.url), String(hashes)];
  const [cmd, args] = cpus === undefined ? [process.execPath, argv] : ['taskset', ['-c', cpus, process.execPath, ...argv]];
  const { stdout } = await promisify(execFile)(cmd, args);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ScryptRate;
}

function child(hashes: number): ScryptRate {
  const cost = Number(process.env.ENTRADA_PASSWORD_HASH_COST || DEFAULT_HASH_COST);
  const workers = Number(process.env.ENTRADA_PASSWORD_WORKERS || defaultPasswordWorkers(availableParallelism()));
  const options = scryptOptions(paramsForCost(cost));
  scryptSync('warm-up', randomBytes(16), 32, options);
  const start = performance.now();
  for (let i = 0; i < hashes; i++) scryptSync('correct horse battery staple', randomBytes(16), 32, options);
  const msPerHash = (performance.now() - start) / hashes;
  return { cost, workers, msPerHash, perSecond: (workers * 1000) / msPerHash };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(child(Number(process.argv[2] ?? 5))));
}
