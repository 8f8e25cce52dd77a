// The machine's raw RS256 signing rate, the bound of every grant: bench/sign-rate.ts (the primitive
// TokenSigner uses, src/crypto/rs256.ts) in its own process, pinned as the server is (taskset) and
// with the libuv threadpool the server gets there (bench/lib/pinned.ts).

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pinnedNode, ROOT, threadpoolSize } from './pinned.js';

const run = promisify(execFile);

export interface RawSigning {
  /** Signatures/s with 64 in flight (the server's situation under load). */
  perSecond: number;
  /** Signatures/s one at a time; 1000 / this = the signing time of one token, ms. */
  oneAtATime: number;
  threadpool: string;
}

/** `cpus`: taskset CPU list, undefined = not pinned. */
export async function measureRawSigning(cpus: string | undefined, seconds: number): Promise<RawSigning> {
  const threadpool = await threadpoolSize(cpus);
  const [cmd, args] = pinnedNode(cpus, ['--import', 'tsx', join(ROOT, 'bench', 'sign-rate.ts'), '--json', '--seconds', String(seconds)]);
  const { stdout } = await run(cmd, args, { cwd: ROOT, env: { ...process.env, UV_THREADPOOL_SIZE: threadpool } });
  const rates = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>;
  return { perSecond: rates['64'], oneAtATime: rates['1'], threadpool };
}

/** The better of the measurements before and after the loads (the machine's rate drifts; never flatter a ratio). */
export function bestRawSigning(m: { before: RawSigning; after?: RawSigning } | undefined): RawSigning {
  if (!m) return { perSecond: Number.NaN, oneAtATime: Number.NaN, threadpool: '?' };
  const after = m.after;
  if (!after) return m.before;
  return {
    perSecond: Math.max(m.before.perSecond, after.perSecond),
    oneAtATime: Math.max(m.before.oneAtATime, after.oneAtATime),
    threadpool: m.before.threadpool,
  };
}
